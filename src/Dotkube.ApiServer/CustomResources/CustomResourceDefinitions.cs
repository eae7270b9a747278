using Dotkube.ApiServer.Registry;

namespace Dotkube.ApiServer.CustomResources;

/// <summary>Builds the served resource of a CustomResourceDefinition, as the registry knows resources.</summary>
public static class CustomResourceDefinitions
{
    public static ResourceDefinition ToResource(CrdView crd, ConversionWebhookClient? webhook = null)
    {
        var served = crd.Versions.Where(v => v.Served).Select(v => v.Name);
        var storage = crd.StorageVersion ?? crd.Versions[0];
        var subresources = new List<string>();
        if (crd.Versions.Any(v => v.Served && v.HasStatus))
        {
            subresources.Add("status");
        }
        if (crd.Versions.Any(v => v.Served && v.Scale is not null))
        {
            subresources.Add("scale");
        }
        return new ResourceDefinition
        {
            Group = crd.Group,
            Versions = ResourceRegistry.SortVersions(served),
            StorageApiVersion = $"{crd.Group}/{storage.Name}",
            Kind = crd.Kind,
            ListKind = crd.ListKind,
            Plural = crd.Plural,
            Singular = crd.Singular,
            Namespaced = crd.Namespaced,
            ShortNames = crd.ShortNames,
            Categories = crd.Categories,
            Subresources = subresources,
            StoragePrefix = $"/registry/{crd.Group}/{crd.Plural}",
            Strategy = new CustomResourceStrategy(crd),
            Converter = new CustomResourceConverter(crd, webhook),
        };
    }
}
