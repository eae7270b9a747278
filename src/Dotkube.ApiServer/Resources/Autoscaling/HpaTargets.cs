using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.GroupCommon;

namespace Dotkube.ApiServer.Resources.Autoscaling;

/// <summary>The TARGETS cell of <c>kubectl get hpa</c> (upstream formatHPAMetrics), e.g. <c>cpu: 12%/80%, memory: 10Mi/100Mi</c>.</summary>
public static class HpaTargets
{
    private const int Max = 2;

    public static string Format(JsonArray? specs, JsonArray? statuses)
    {
        var metrics = specs.Objects().ToList();
        if (metrics.Count == 0)
        {
            return "<none>";
        }
        var current = statuses?.ToList() ?? [];
        var list = new List<string>();
        for (var i = 0; i < metrics.Count; i++)
        {
            var status = i < current.Count ? current[i] as JsonObject : null;
            list.Add(FormatOne(metrics[i], status));
        }
        var text = string.Join(", ", list.Take(Max));
        return list.Count > Max ? $"{text} + {list.Count - Max} more..." : text;
    }

    private static string FormatOne(JsonObject spec, JsonObject? status)
    {
        switch (spec.Str("type"))
        {
            case "External":
                return ValueOrAverage(spec.Obj("external").Obj("target"), status.Obj("external").Obj("current"), status.Obj("external") is not null);
            case "Pods":
                var podsCurrent = status.Obj("pods") is { } pods ? Quantity(pods.Obj("current")?["averageValue"]) : "<unknown>";
                return $"{podsCurrent}/{Quantity(spec.Obj("pods").Obj("target")?["averageValue"])}";
            case "Object":
                return ValueOrAverage(spec.Obj("object").Obj("target"), status.Obj("object").Obj("current"), status.Obj("object") is not null);
            case "Resource":
                return ResourceLike(spec.Obj("resource"), status.Obj("resource"));
            case "ContainerResource":
                return ResourceLike(spec.Obj("containerResource"), status.Obj("containerResource"));
            default:
                return "<unknown type>";
        }
    }

    /// <summary>Object and External metrics: "current/target (avg)" for per-pod targets, else "current/target".</summary>
    private static string ValueOrAverage(JsonObject? target, JsonObject? current, bool hasStatus)
    {
        if (target?["averageValue"] is { } average)
        {
            var now = hasStatus && current?["averageValue"] is { } c ? Quantity(c) : "<unknown>";
            return $"{now}/{Quantity(average)} (avg)";
        }
        var value = hasStatus ? Quantity(current?["value"]) : "<unknown>";
        return $"{value}/{Quantity(target?["value"])}";
    }

    private static string ResourceLike(JsonObject? spec, JsonObject? status)
    {
        var name = spec.StrOrEmpty("name");
        var target = spec.Obj("target");
        if (target?["averageValue"] is { } average)
        {
            var now = status is not null ? Quantity(status.Obj("current")?["averageValue"]) : "<unknown>";
            return $"{name}: {now}/{Quantity(average)}";
        }
        var utilization = status.Obj("current").Int("averageUtilization") is { } u ? $"{u}%" : "<unknown>";
        var goal = target.Int("averageUtilization") is { } t ? $"{t}%" : "<auto>";
        return $"{name}: {utilization}/{goal}";
    }

    /// <summary>A quantity in upstream's canonical form ("0" when unset, as a zero Quantity prints).</summary>
    public static string Quantity(JsonNode? node) => QuantityText.Canonical(node);
}
