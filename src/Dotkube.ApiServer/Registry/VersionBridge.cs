using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.Registry;

/// <summary>Moves objects between a resource's storage apiVersion and the version a request is served in.</summary>
public static class VersionBridge
{
    public static JsonObject ToServed(JsonObject stored, ResourceDefinition def, string version) =>
        ConvertTo(stored, def, def.GroupVersion(version));

    /// <summary>True when serving <paramref name="stored"/> in <paramref name="version"/> leaves it as it is (no copy needed).</summary>
    public static bool IsServedAsStored(JsonObject stored, ResourceDefinition def, string version) =>
        ObjectJson.GetString(stored, "apiVersion") == def.GroupVersion(version) && def.Converter is not IDefaultingConverter;

    public static JsonObject ToStorage(JsonObject served, ResourceDefinition def) =>
        ConvertTo(served, def, def.StorageApiVersion);

    private static JsonObject ConvertTo(JsonObject obj, ResourceDefinition def, string apiVersion)
    {
        var current = ObjectJson.GetString(obj, "apiVersion");
        if (current == apiVersion && def.Converter is not IDefaultingConverter)
        {
            return obj;
        }
        if (def.Converter is { } converter && current is not null)
        {
            return converter.Convert(obj, apiVersion);
        }
        // Same shape in every version: only the apiVersion changes.
        obj["apiVersion"] = apiVersion;
        return obj;
    }
}
