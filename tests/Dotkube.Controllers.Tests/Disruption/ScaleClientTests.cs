using Dotkube.Controllers.Disruption;
using k8s.Models;

namespace Dotkube.Controllers.Tests.Disruption;

public class ScaleClientTests
{
    private static readonly V1APIResourceList Resources = new()
    {
        GroupVersion = "example.com/v1",
        Resources =
        [
            new V1APIResource { Name = "pools", Kind = "Pool", Namespaced = true, Verbs = ["get"] },
            new V1APIResource { Name = "pools/scale", Kind = "Scale", Group = "autoscaling", Version = "v1", Namespaced = true, Verbs = ["get"] },
            new V1APIResource { Name = "pools/status", Kind = "Pool", Namespaced = true, Verbs = ["get"] },
            new V1APIResource { Name = "widgets", Kind = "Widget", Namespaced = true, Verbs = ["get"] },
        ],
    };

    [Theory]
    [InlineData("a kind with a scale subresource maps to its resource and has scale", "Pool", "pools.example.com", true)]
    [InlineData("a kind without one maps to its resource without scale", "Widget", "widgets.example.com", false)]
    [InlineData("an unknown kind does not map", "Gadget", null, false)]
    public void Discovery_maps_a_kind_to_its_resource_and_its_scale_subresource(string name, string kind, string? groupResource, bool hasScale)
    {
        var found = ScaleClient.Find(Resources, "example.com", "v1", kind);
        Assert.True(groupResource == (found is { } f ? ScaleClient.GroupResource(f.Type) : null), name);
        Assert.Equal(hasScale, found?.HasScale ?? false);
    }

    [Theory]
    [InlineData("apps/v1", "apps", "v1")]
    [InlineData("v1", "", "v1")]
    public void An_api_version_splits_into_group_and_version(string apiVersion, string group, string version) =>
        Assert.Equal((group, version), ScaleClient.SplitApiVersion(apiVersion));

    [Fact]
    public void A_core_resource_is_named_without_a_group() =>
        Assert.Equal("configmaps", ScaleClient.GroupResource(new Dotkube.Client.ResourceType("", "v1", "configmaps", "ConfigMap", true)));
}
