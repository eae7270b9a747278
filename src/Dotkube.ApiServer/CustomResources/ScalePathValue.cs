using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.CustomResources;

/// <summary>Reads and writes the simple dotted paths of subresources.scale (.spec.replicas).</summary>
public static class ScalePathValue
{
    public static JsonNode? Get(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in Parts(path))
        {
            if (node is not JsonObject o || !o.TryGetPropertyValue(part, out node))
            {
                return null;
            }
        }
        return node;
    }

    public static void Set(JsonObject obj, string path, JsonNode? value)
    {
        var parts = Parts(path);
        var node = obj;
        foreach (var part in parts[..^1])
        {
            if (node[part] is not JsonObject child)
            {
                child = new JsonObject();
                node[part] = child;
            }
            node = child;
        }
        node[parts[^1]] = value;
    }

    private static string[] Parts(string path) => path.TrimStart('.').Split('.');
}
