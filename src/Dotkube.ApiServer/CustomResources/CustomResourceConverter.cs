using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;

namespace Dotkube.ApiServer.CustomResources;

/// <summary>
/// Moves custom resources between a CRD's versions: with conversion strategy None only the
/// apiVersion changes; with Webhook the CRD's conversion webhook converts. Either way the
/// target version's schema defaults are applied afterwards, which is upstream's defaulting on
/// read from storage.
/// </summary>
public sealed class CustomResourceConverter(CrdView crd, ConversionWebhookClient? webhook) : IDefaultingConverter
{
    public JsonObject Convert(JsonObject obj, string toApiVersion)
    {
        var current = ObjectJson.GetString(obj, "apiVersion");
        var result = obj;
        if (current != toApiVersion)
        {
            result = crd.ConversionStrategy == "Webhook" && webhook is not null && current is not null
                ? webhook.Convert(obj, toApiVersion)
                : obj;
            result["apiVersion"] = toApiVersion;
        }
        var version = toApiVersion[(toApiVersion.IndexOf('/') + 1)..];
        if (crd.Version(version)?.Schema is { } schema)
        {
            Defaulting.Apply(result, schema);
        }
        return result;
    }
}
