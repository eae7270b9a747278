using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;

namespace Dotkube.ApiServer.Resources.Legacy;

/// <summary>
/// extensions/v1beta1's own defaults for workloads, applied before conversion to apps/v1 as upstream
/// decoding did, so such objects keep their old behaviour: the selector (and the object's labels)
/// taken from the pod template's labels, rolling updates of 1 pod (not 25%), no progress deadline
/// and all revisions kept (MaxInt32), and daemon sets updated OnDelete.
/// </summary>
public static class ExtensionsV1beta1Defaults
{
    public const int MaxInt32 = int.MaxValue;

    public static void Deployment(JsonObject obj)
    {
        SelectorFromTemplate(obj);
        var spec = obj.EnsureObj("spec");
        spec.Default("replicas", 1);
        var strategy = spec.EnsureObj("strategy");
        strategy.DefaultString("type", "RollingUpdate");
        if (strategy.Str("type") == "RollingUpdate" || strategy.Obj("rollingUpdate") is not null)
        {
            var rolling = strategy.EnsureObj("rollingUpdate");
            rolling.Default("maxUnavailable", 1);
            rolling.Default("maxSurge", 1);
        }
        spec.Default("revisionHistoryLimit", MaxInt32);
        spec.Default("progressDeadlineSeconds", MaxInt32);
    }

    public static void DaemonSet(JsonObject obj)
    {
        SelectorFromTemplate(obj);
        var spec = obj.EnsureObj("spec");
        var strategy = spec.EnsureObj("updateStrategy");
        strategy.DefaultString("type", "OnDelete");
        if (strategy.Str("type") == "RollingUpdate")
        {
            strategy.EnsureObj("rollingUpdate").Default("maxUnavailable", 1);
        }
        spec.Default("revisionHistoryLimit", 10);
    }

    public static void ReplicaSet(JsonObject obj)
    {
        SelectorFromTemplate(obj);
        obj.EnsureObj("spec").Default("replicas", 1);
    }

    /// <summary>An unset selector selects the template's labels; unlabelled objects take them too.</summary>
    public static void SelectorFromTemplate(JsonObject obj)
    {
        var spec = obj.EnsureObj("spec");
        if (spec.Obj("template")?.Obj("metadata")?.Obj("labels") is not { } labels)
        {
            return;
        }
        if (spec["selector"] is null)
        {
            spec["selector"] = new JsonObject { ["matchLabels"] = labels.DeepClone() };
        }
        var metadata = obj.EnsureObj("metadata");
        if (metadata.Obj("labels") is not { Count: > 0 })
        {
            metadata["labels"] = labels.DeepClone();
        }
    }
}
