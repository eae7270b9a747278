using System.Text.Json;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;

namespace Dotkube.ApiServer.Resources.Autoscaling;

/// <summary>
/// Converts HPAs between autoscaling/v2 (storage) and autoscaling/v1 the way upstream's
/// pkg/apis/autoscaling/v1 conversion does: v1 carries a CPU utilization target and current value
/// in its own fields, and everything else v2 has (other metrics, current metrics, conditions,
/// behavior) in <c>autoscaling.alpha.kubernetes.io/*</c> annotations, so a v1 client's read-modify-
/// write keeps them.
/// </summary>
public sealed class HorizontalPodAutoscalerConverter : IVersionConverter
{
    public const string V1 = "autoscaling/v1";
    public const string V2 = "autoscaling/v2";
    public const string MetricSpecsAnnotation = "autoscaling.alpha.kubernetes.io/metrics";
    public const string MetricStatusesAnnotation = "autoscaling.alpha.kubernetes.io/current-metrics";
    public const string ConditionsAnnotation = "autoscaling.alpha.kubernetes.io/conditions";
    public const string BehaviorSpecsAnnotation = "autoscaling.alpha.kubernetes.io/behavior";

    /// <summary>autoscaling.DefaultCPUUtilization: v1's implicit target when no metric is given.</summary>
    public const int DefaultCpuUtilization = 80;

    private static readonly string[] RoundTripAnnotations = [MetricSpecsAnnotation, MetricStatusesAnnotation, ConditionsAnnotation, BehaviorSpecsAnnotation];

    public JsonObject Convert(JsonObject obj, string toApiVersion)
    {
        var from = obj.Str("apiVersion");
        if (from == toApiVersion)
        {
            return obj;
        }
        return (from, toApiVersion) switch
        {
            (V2, V1) => ToV1(obj),
            (V1, V2) => ToV2(obj),
            _ => throw new ArgumentException($"cannot convert HorizontalPodAutoscaler from {from} to {toApiVersion}"),
        };
    }

    /// <summary>The CPU utilization metric v1 implies.</summary>
    public static JsonObject DefaultCpuMetric(long utilization = DefaultCpuUtilization) => new()
    {
        ["type"] = "Resource",
        ["resource"] = new JsonObject
        {
            ["name"] = "cpu",
            ["target"] = new JsonObject { ["type"] = "Utilization", ["averageUtilization"] = utilization },
        },
    };

    /// <summary>Removes the annotations that only v1 may carry (upstream DropRoundTripHorizontalPodAutoscalerAnnotations).</summary>
    public static void DropRoundTripAnnotations(JsonObject obj)
    {
        if (obj.Obj("metadata")?.Obj("annotations") is not { } annotations)
        {
            return;
        }
        foreach (var key in RoundTripAnnotations)
        {
            annotations.Remove(key);
        }
        if (annotations.Count == 0)
        {
            obj.Obj("metadata")!.Remove("annotations");
        }
    }

    private static bool IsCpuUtilization(JsonObject metric) =>
        metric.Str("type") == "Resource" && metric.Obj("resource") is { } r && r.Str("name") == "cpu"
        && r.Obj("target")?["averageUtilization"] is not null;

    private static JsonObject ToV1(JsonObject v2)
    {
        var spec = v2.Obj("spec");
        var status = v2.Obj("status");
        var metadata = (JsonObject?)v2["metadata"]?.DeepClone() ?? [];
        var result = new JsonObject { ["kind"] = v2["kind"]?.DeepClone() ?? "HorizontalPodAutoscaler", ["apiVersion"] = V1, ["metadata"] = metadata };
        DropRoundTripAnnotations(result);
        metadata = result.Obj("metadata")!;

        var v1Spec = new JsonObject { ["scaleTargetRef"] = ObjectReference(spec.Obj("scaleTargetRef")) };
        CopyIfPresent(spec, v1Spec, "minReplicas");
        v1Spec["maxReplicas"] = spec.Int("maxReplicas") ?? 0;
        var metrics = spec.Arr("metrics").Objects().ToList();
        if (metrics.FirstOrDefault(IsCpuUtilization) is { } cpu)
        {
            v1Spec["targetCPUUtilizationPercentage"] = cpu.Obj("resource").Obj("target").Int("averageUtilization");
        }
        result["spec"] = v1Spec;

        var v1Status = new JsonObject();
        CopyIfPresent(status, v1Status, "observedGeneration");
        CopyIfPresent(status, v1Status, "lastScaleTime");
        v1Status["currentReplicas"] = status.Int("currentReplicas") ?? 0;
        v1Status["desiredReplicas"] = status.Int("desiredReplicas") ?? 0;
        var currentMetrics = status.Arr("currentMetrics").Objects().ToList();
        foreach (var metric in currentMetrics)
        {
            if (metric.Str("type") == "Resource" && metric.Obj("resource").Str("name") == "cpu"
                && metric.Obj("resource").Obj("current").Int("averageUtilization") is { } utilization)
            {
                v1Status["currentCPUUtilizationPercentage"] = utilization;
            }
        }
        result["status"] = v1Status;

        var annotations = new Dictionary<string, string>();
        var otherMetrics = metrics.Where(m => !IsCpuUtilization(m)).Select(HpaV1Metrics.SpecToV1).ToList();
        if (otherMetrics.Count > 0)
        {
            annotations[MetricSpecsAnnotation] = Json(new JsonArray([.. otherMetrics]));
        }
        if (currentMetrics.Count > 0)
        {
            // Saved even when it is only CPU, to keep the raw value.
            annotations[MetricStatusesAnnotation] = Json(new JsonArray([.. currentMetrics.Select(HpaV1Metrics.StatusToV1)]));
        }
        if (spec.Obj("behavior") is { } behavior)
        {
            annotations[BehaviorSpecsAnnotation] = Json(HpaV1Metrics.BehaviorToInternal(behavior));
        }
        var conditions = status.Arr("conditions").Objects().ToList();
        if (conditions.Count > 0)
        {
            annotations[ConditionsAnnotation] = Json(new JsonArray([.. conditions.Select(HpaV1Metrics.Condition)]));
        }
        if (annotations.Count > 0)
        {
            var target = metadata.EnsureObj("annotations");
            foreach (var (key, value) in annotations)
            {
                target[key] = value;
            }
        }
        return result;
    }

    private static JsonObject ToV2(JsonObject v1)
    {
        var spec = v1.Obj("spec");
        var status = v1.Obj("status");
        var annotations = v1.Obj("metadata").Obj("annotations");
        var result = new JsonObject
        {
            ["kind"] = v1["kind"]?.DeepClone() ?? "HorizontalPodAutoscaler",
            ["apiVersion"] = V2,
            ["metadata"] = v1["metadata"]?.DeepClone() ?? new JsonObject(),
        };

        var v2Spec = new JsonObject { ["scaleTargetRef"] = ObjectReference(spec.Obj("scaleTargetRef")) };
        CopyIfPresent(spec, v2Spec, "minReplicas");
        v2Spec["maxReplicas"] = spec.Int("maxReplicas") ?? 0;
        var metrics = new List<JsonObject>();
        if (ParseArray(annotations.Str(MetricSpecsAnnotation)) is { } other)
        {
            metrics.AddRange(other.Objects().Select(HpaV1Metrics.SpecFromV1));
        }
        // The CPU target of v1 comes after the metrics kept in the annotation.
        if (spec.Int("targetCPUUtilizationPercentage") is { } cpu)
        {
            metrics.Add(DefaultCpuMetric(cpu));
        }
        if (metrics.Count == 0)
        {
            metrics.Add(DefaultCpuMetric());
        }
        v2Spec["metrics"] = new JsonArray([.. metrics]);
        if (ParseObject(annotations.Str(BehaviorSpecsAnnotation)) is { } behavior && HpaV1Metrics.BehaviorFromInternal(behavior) is { } v2Behavior)
        {
            v2Spec["behavior"] = v2Behavior;
        }
        result["spec"] = v2Spec;

        var v2Status = new JsonObject();
        CopyIfPresent(status, v2Status, "observedGeneration");
        CopyIfPresent(status, v2Status, "lastScaleTime");
        if (status.Int("currentReplicas") is { } current and not 0)
        {
            v2Status["currentReplicas"] = current;
        }
        v2Status["desiredReplicas"] = status.Int("desiredReplicas") ?? 0;
        if (ParseArray(annotations.Str(MetricStatusesAnnotation)) is { } statuses)
        {
            v2Status["currentMetrics"] = new JsonArray([.. statuses.Objects().Select(HpaV1Metrics.StatusFromV1)]);
        }
        else if (status.Int("currentCPUUtilizationPercentage") is { } cpuNow)
        {
            v2Status["currentMetrics"] = new JsonArray(new JsonObject
            {
                ["type"] = "Resource",
                ["resource"] = new JsonObject { ["name"] = "cpu", ["current"] = new JsonObject { ["averageUtilization"] = cpuNow } },
            });
        }
        else
        {
            v2Status["currentMetrics"] = null;
        }
        if (ParseArray(annotations.Str(ConditionsAnnotation)) is { } conditions)
        {
            v2Status["conditions"] = new JsonArray([.. conditions.Objects().Select(HpaV1Metrics.Condition)]);
        }
        result["status"] = v2Status;
        DropRoundTripAnnotations(result);
        return result;
    }

    private static JsonObject ObjectReference(JsonObject? reference)
    {
        var result = new JsonObject { ["kind"] = reference.StrOrEmpty("kind"), ["name"] = reference.StrOrEmpty("name") };
        if (reference.Str("apiVersion") is { Length: > 0 } apiVersion)
        {
            result["apiVersion"] = apiVersion;
        }
        return result;
    }

    private static void CopyIfPresent(JsonObject? from, JsonObject to, string key)
    {
        if (from?[key] is { } value)
        {
            to[key] = value.DeepClone();
        }
    }

    /// <summary>Go's json.Marshal: compact, in field order.</summary>
    private static string Json(JsonNode node) => node.ToJsonString();

    // Upstream ignores annotations that do not parse, as if they were absent.
    private static JsonArray? ParseArray(string? text) => Parse(text) as JsonArray;

    private static JsonObject? ParseObject(string? text) => Parse(text) as JsonObject;

    private static JsonNode? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
