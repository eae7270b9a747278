using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;

namespace Dotkube.ApiServer.CustomResources;

/// <summary>The autoscaling/v1 Scale of a custom resource, read through its CRD's scale paths.</summary>
public static class CustomResourceScale
{
    public static JsonObject ToScale(JsonObject obj, ScalePaths paths)
    {
        var meta = ObjectJson.Metadata(obj);
        var scaleMeta = new JsonObject();
        foreach (var f in new[] { "name", "namespace", "uid", "resourceVersion", "creationTimestamp" })
        {
            if (meta[f] is { } v)
            {
                scaleMeta[f] = v.DeepClone();
            }
        }
        var spec = ObjectJson.TryGetLong(ScalePathValue.Get(obj, paths.SpecReplicasPath), out var r) ? r : 0;
        var statusReplicas = ObjectJson.TryGetLong(ScalePathValue.Get(obj, paths.StatusReplicasPath), out var s) ? s : 0;
        var status = new JsonObject { ["replicas"] = statusReplicas };
        if (paths.LabelSelectorPath is { } selectorPath && ScalePathValue.Get(obj, selectorPath) is JsonValue sel && sel.TryGetValue<string>(out var selector))
        {
            status["selector"] = selector;
        }
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = scaleMeta,
            ["spec"] = new JsonObject { ["replicas"] = spec },
            ["status"] = status,
        };
    }
}
