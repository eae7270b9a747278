using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;

namespace Dotkube.ApiServer.Resources.Legacy;

/// <summary>
/// CustomResourceDefinitions between apiextensions.k8s.io/v1beta1 and v1, as upstream converts them:
/// v1beta1 may give the schema (<c>validation</c>), <c>subresources</c> and
/// <c>additionalPrinterColumns</c> (with <c>JSONPath</c>) once for all versions, and a single
/// <c>version</c>; v1 has them per version (<c>schema</c>, <c>jsonPath</c>). Going back, what all
/// versions share is folded to the top level again. v1beta1 defaults scope Namespaced, the versions
/// list from <c>version</c>, and preserveUnknownFields true.
/// </summary>
public sealed class CustomResourceDefinitionV1beta1Shape : ILegacyShape
{
    public static CustomResourceDefinitionV1beta1Shape Instance { get; } = new();

    private static readonly string[] Folded = ["validation", "subresources", "additionalPrinterColumns"];

    public JsonObject ToCurrent(JsonObject legacy)
    {
        if (legacy.Obj("spec") is not { } spec)
        {
            return legacy;
        }
        Default(spec);
        var versions = new JsonArray();
        foreach (var v in spec.Arr("versions").Objects())
        {
            var version = new JsonObject();
            foreach (var (key, value) in v)
            {
                version[key] = key == "additionalPrinterColumns" ? Columns(value as JsonArray, "JSONPath", "jsonPath") : value?.DeepClone();
            }
            if (!version.ContainsKey("schema") && spec["validation"] is { } validation)
            {
                version["schema"] = validation.DeepClone();
            }
            if (!version.ContainsKey("subresources") && spec["subresources"] is { } subresources)
            {
                version["subresources"] = subresources.DeepClone();
            }
            if (!version.ContainsKey("additionalPrinterColumns") && spec.Arr("additionalPrinterColumns") is { } columns)
            {
                version["additionalPrinterColumns"] = Columns(columns, "JSONPath", "jsonPath");
            }
            versions.Add(version);
        }
        var result = new JsonObject();
        foreach (var (key, value) in spec)
        {
            switch (key)
            {
                case "version" or "validation" or "subresources" or "additionalPrinterColumns":
                    break;
                case "versions":
                    result["versions"] = versions;
                    break;
                case "conversion":
                    result["conversion"] = ConversionToV1(value as JsonObject);
                    break;
                case "preserveUnknownFields":
                    // v1 leaves false out.
                    if (JsonFields.AsBool(value) == true)
                    {
                        result[key] = true;
                    }
                    break;
                default:
                    result[key] = value?.DeepClone();
                    break;
            }
        }
        legacy["spec"] = result;
        return legacy;
    }

    public JsonObject FromCurrent(JsonObject current)
    {
        if (current.Obj("spec") is not { } spec)
        {
            return current;
        }
        var versions = spec.Arr("versions").Objects().Select(v => (JsonObject)v.DeepClone()).ToList();
        foreach (var v in versions)
        {
            if (v.Arr("additionalPrinterColumns") is { } columns)
            {
                v["additionalPrinterColumns"] = Columns(columns, "jsonPath", "JSONPath");
            }
        }
        // What every version shares goes to the top level (v1beta1 "validation" is v1 "schema").
        var top = new Dictionary<string, JsonNode>();
        foreach (var (topName, versionName) in new[] { ("validation", "schema"), ("subresources", "subresources"), ("additionalPrinterColumns", "additionalPrinterColumns") })
        {
            if (versions.Count > 0 && versions[0][versionName] is { } first && versions.All(v => JsonNode.DeepEquals(v[versionName], first)))
            {
                top[topName] = first.DeepClone();
                versions.ForEach(v => v.Remove(versionName));
            }
        }
        var result = new JsonObject();
        foreach (var (key, value) in spec)
        {
            switch (key)
            {
                case "versions":
                    if (versions.Count > 0)
                    {
                        result["version"] = versions[0].Str("name");
                    }
                    foreach (var name in Folded)
                    {
                        if (top.TryGetValue(name, out var folded))
                        {
                            result[name] = folded;
                        }
                    }
                    result["versions"] = new JsonArray([.. versions]);
                    break;
                case "conversion":
                    result["conversion"] = ConversionToV1beta1(value as JsonObject);
                    break;
                case "preserveUnknownFields":
                    break;
                default:
                    result[key] = value?.DeepClone();
                    break;
            }
        }
        // v1beta1 always says whether unknown fields are kept (v1 omits false).
        result["preserveUnknownFields"] = spec.Bool("preserveUnknownFields") ?? false;
        current["spec"] = result;
        return current;
    }

    /// <summary>upstream v1beta1 SetDefaults_CustomResourceDefinitionSpec.</summary>
    private static void Default(JsonObject spec)
    {
        spec.DefaultString("scope", "Namespaced");
        if (spec.Obj("names") is { } names && names.StrOrEmpty("kind") is { Length: > 0 } kind)
        {
            names.DefaultString("singular", kind.ToLowerInvariant());
            names.DefaultString("listKind", kind + "List");
        }
        if (spec.Arr("versions") is not { Count: > 0 } && spec.StrOrEmpty("version") is { Length: > 0 } version)
        {
            spec["versions"] = new JsonArray(new JsonObject { ["name"] = version, ["served"] = true, ["storage"] = true });
        }
        if (spec.StrOrEmpty("version").Length == 0 && spec.Arr("versions")?.FirstOrDefault() is JsonObject firstVersion)
        {
            spec["version"] = firstVersion.Str("name");
        }
        var conversion = spec.Obj("conversion") ?? new JsonObject { ["strategy"] = "None" };
        spec["conversion"] = conversion;
        if (conversion.Str("strategy") == "Webhook" && conversion.Arr("conversionReviewVersions") is not { Count: > 0 })
        {
            conversion["conversionReviewVersions"] = new JsonArray("v1beta1");
        }
        spec.Default("preserveUnknownFields", true);
    }

    private static JsonArray Columns(JsonArray? columns, string from, string to) =>
        new([.. columns.Objects().Select(c =>
        {
            var copy = new JsonObject();
            foreach (var (key, value) in c)
            {
                copy[key == from ? to : key] = value?.DeepClone();
            }
            return (JsonNode)copy;
        })]);

    private static JsonObject ConversionToV1(JsonObject? conversion)
    {
        var result = new JsonObject { ["strategy"] = conversion.Str("strategy") ?? "None" };
        if (conversion?["webhookClientConfig"] is { } clientConfig || conversion.Str("strategy") == "Webhook")
        {
            var webhook = new JsonObject();
            if (conversion?["webhookClientConfig"] is { } config)
            {
                webhook["clientConfig"] = config.DeepClone();
            }
            if (conversion?["conversionReviewVersions"] is { } reviews)
            {
                webhook["conversionReviewVersions"] = reviews.DeepClone();
            }
            result["webhook"] = webhook;
        }
        return result;
    }

    private static JsonObject ConversionToV1beta1(JsonObject? conversion)
    {
        var result = new JsonObject { ["strategy"] = conversion.Str("strategy") ?? "None" };
        if (conversion.Obj("webhook") is { } webhook)
        {
            if (webhook["clientConfig"] is { } config)
            {
                result["webhookClientConfig"] = config.DeepClone();
            }
            if (webhook["conversionReviewVersions"] is { } reviews)
            {
                result["conversionReviewVersions"] = reviews.DeepClone();
            }
        }
        return result;
    }
}
