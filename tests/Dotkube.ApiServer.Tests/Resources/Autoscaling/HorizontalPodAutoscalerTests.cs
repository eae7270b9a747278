using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Autoscaling;
using Dotkube.ApiServer.Resources.Common;
using static Dotkube.ApiServer.Tests.Resources.GroupCommon.Fixtures;

namespace Dotkube.ApiServer.Tests.Resources.Autoscaling;

public class HorizontalPodAutoscalerTests
{
    private static readonly HorizontalPodAutoscalerStrategy Strategy = new();
    private static readonly HorizontalPodAutoscalerConverter Converter = new();

    private static JsonObject V2(string spec, string status = "{}") => Json(
        "{\"apiVersion\":\"autoscaling/v2\",\"kind\":\"HorizontalPodAutoscaler\",\"metadata\":{\"name\":\"web\",\"namespace\":\"default\",\"creationTimestamp\":\"2024-05-01T11:00:00Z\"},\"spec\":"
        + spec + ",\"status\":" + status + "}");

    private const string Target = "\"scaleTargetRef\":{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"name\":\"web\"},\"minReplicas\":2,\"maxReplicas\":10";

    [Fact]
    public void A_v2_hpa_gets_a_default_cpu_target_and_a_minimum_of_one()
    {
        var obj = V2("{\"scaleTargetRef\":{\"kind\":\"Deployment\",\"name\":\"web\"},\"maxReplicas\":3}");
        Strategy.PrepareForCreate(obj);
        Strategy.Default(obj);

        Assert.Equal(1, obj.Obj("spec").Int("minReplicas"));
        Assert.Equal("""[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":80}}}]""", obj.Obj("spec")!["metrics"]!.ToJsonString());
        Assert.Equal("""{"currentMetrics":null,"desiredReplicas":0}""", obj["status"]!.ToJsonString());
        Assert.Empty(Strategy.Validate(obj));
    }

    [Fact]
    public void A_behavior_is_completed_with_upstream_scaling_rules()
    {
        var obj = V2("{" + Target + ",\"behavior\":{\"scaleDown\":{\"stabilizationWindowSeconds\":60}}}");
        Strategy.Default(obj);

        Assert.Equal(
            """{"scaleUp":{"stabilizationWindowSeconds":0,"selectPolicy":"Max","policies":[{"type":"Pods","value":4,"periodSeconds":15},{"type":"Percent","value":100,"periodSeconds":15}]},"scaleDown":{"stabilizationWindowSeconds":60,"selectPolicy":"Max","policies":[{"type":"Percent","value":100,"periodSeconds":15}]}}""",
            obj.Obj("spec")!["behavior"]!.ToJsonString());
    }

    [Fact]
    public void A_v2_hpa_with_only_a_cpu_target_maps_onto_v1_fields()
    {
        var v2 = V2("{" + Target + ",\"metrics\":[{\"type\":\"Resource\",\"resource\":{\"name\":\"cpu\",\"target\":{\"type\":\"Utilization\",\"averageUtilization\":60}}}]}",
            "{\"currentReplicas\":2,\"desiredReplicas\":3}");

        var v1 = Converter.Convert(v2, "autoscaling/v1");

        Assert.Equal(
            """{"kind":"HorizontalPodAutoscaler","apiVersion":"autoscaling/v1","metadata":{"name":"web","namespace":"default","creationTimestamp":"2024-05-01T11:00:00Z"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"web","apiVersion":"apps/v1"},"minReplicas":2,"maxReplicas":10,"targetCPUUtilizationPercentage":60},"status":{"currentReplicas":2,"desiredReplicas":3}}""",
            v1.ToJsonString());
    }

    [Fact]
    public void Everything_v1_cannot_say_travels_in_annotations()
    {
        var v2 = V2(
            "{" + Target + ",\"metrics\":["
            + "{\"type\":\"Resource\",\"resource\":{\"name\":\"cpu\",\"target\":{\"type\":\"Utilization\",\"averageUtilization\":60}}},"
            + "{\"type\":\"Resource\",\"resource\":{\"name\":\"memory\",\"target\":{\"type\":\"AverageValue\",\"averageValue\":\"500Mi\"}}}],"
            + "\"behavior\":{\"scaleUp\":{\"stabilizationWindowSeconds\":0,\"selectPolicy\":\"Max\",\"policies\":[{\"type\":\"Pods\",\"value\":4,\"periodSeconds\":15}]}}}",
            "{\"currentReplicas\":2,\"desiredReplicas\":2,\"currentMetrics\":[{\"type\":\"Resource\",\"resource\":{\"name\":\"cpu\",\"current\":{\"averageValue\":\"120m\",\"averageUtilization\":40}}}],"
            + "\"conditions\":[{\"type\":\"AbleToScale\",\"status\":\"True\",\"lastTransitionTime\":\"2024-05-01T11:10:00Z\",\"reason\":\"ReadyForNewScale\",\"message\":\"ok\"}]}");

        var v1 = Converter.Convert(v2, "autoscaling/v1");
        var annotations = v1.Obj("metadata").Obj("annotations")!;

        Assert.Equal(60, v1.Obj("spec").Int("targetCPUUtilizationPercentage"));
        Assert.Equal(40, v1.Obj("status").Int("currentCPUUtilizationPercentage"));
        Assert.Equal("""[{"type":"Resource","resource":{"name":"memory","targetAverageValue":"500Mi"}}]""", annotations.Str("autoscaling.alpha.kubernetes.io/metrics"));
        Assert.Equal("""[{"type":"Resource","resource":{"name":"cpu","currentAverageUtilization":40,"currentAverageValue":"120m"}}]""", annotations.Str("autoscaling.alpha.kubernetes.io/current-metrics"));
        Assert.Equal("""{"ScaleUp":{"StabilizationWindowSeconds":0,"SelectPolicy":"Max","Policies":[{"Type":"Pods","Value":4,"PeriodSeconds":15}]},"ScaleDown":null}""", annotations.Str("autoscaling.alpha.kubernetes.io/behavior"));
        Assert.Equal("""[{"type":"AbleToScale","status":"True","lastTransitionTime":"2024-05-01T11:10:00Z","reason":"ReadyForNewScale","message":"ok"}]""", annotations.Str("autoscaling.alpha.kubernetes.io/conditions"));
    }

    public static TheoryData<string, string> RoundTrips => new()
    {
        { "cpu only", "[{\"type\":\"Resource\",\"resource\":{\"name\":\"cpu\",\"target\":{\"type\":\"Utilization\",\"averageUtilization\":70}}}]" },
        { "memory by value", "[{\"type\":\"Resource\",\"resource\":{\"name\":\"memory\",\"target\":{\"type\":\"AverageValue\",\"averageValue\":\"1Gi\"}}}]" },
        { "pods metric", "[{\"type\":\"Pods\",\"pods\":{\"metric\":{\"name\":\"qps\",\"selector\":{\"matchLabels\":{\"a\":\"b\"}}},\"target\":{\"type\":\"AverageValue\",\"averageValue\":\"10\"}}}]" },
        { "external value metric", "[{\"type\":\"External\",\"external\":{\"metric\":{\"name\":\"queue\"},\"target\":{\"type\":\"Value\",\"value\":\"30\"}}}]" },
        { "object value metric", "[{\"type\":\"Object\",\"object\":{\"describedObject\":{\"kind\":\"Service\",\"name\":\"web\",\"apiVersion\":\"v1\"},\"metric\":{\"name\":\"rps\"},\"target\":{\"type\":\"Value\",\"value\":\"100\"}}}]" },
        { "container resource", "[{\"type\":\"ContainerResource\",\"containerResource\":{\"name\":\"cpu\",\"container\":\"app\",\"target\":{\"type\":\"Utilization\",\"averageUtilization\":50}}}]" },
    };

    [Theory]
    [MemberData(nameof(RoundTrips))]
    public void A_v2_hpa_survives_a_trip_through_v1(string because, string metrics)
    {
        var v2 = V2("{" + Target + ",\"metrics\":" + metrics + ",\"behavior\":{\"scaleUp\":{\"selectPolicy\":\"Min\",\"policies\":[{\"type\":\"Percent\",\"value\":50,\"periodSeconds\":60}]}}}",
            "{\"currentReplicas\":2,\"desiredReplicas\":2,\"currentMetrics\":null,\"conditions\":[{\"type\":\"ScalingActive\",\"status\":\"False\",\"lastTransitionTime\":\"2024-05-01T11:10:00Z\",\"reason\":\"FailedGetResourceMetric\",\"message\":\"no metrics\"}]}");
        Strategy.Default(v2);
        var expected = (JsonObject)v2.DeepClone();

        var back = Converter.Convert(Converter.Convert((JsonObject)v2.DeepClone(), "autoscaling/v1"), "autoscaling/v2");
        Strategy.Default(back);

        // Key order aside (v2 objects keep their own), nothing is lost or changed.
        Assert.True(JsonNode.DeepEquals(expected, back), because + "\n" + expected.ToJsonString() + "\n" + back.ToJsonString());
    }

    [Fact]
    public void A_v1_hpa_without_a_target_gets_the_implicit_cpu_target_in_v2()
    {
        var v1 = Json("""{"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"web","annotations":{"note":"keep"}},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"maxReplicas":4},"status":{"currentReplicas":1,"desiredReplicas":1,"currentCPUUtilizationPercentage":12}}""");

        var v2 = Converter.Convert(v1, "autoscaling/v2");

        Assert.Equal(
            """{"kind":"HorizontalPodAutoscaler","apiVersion":"autoscaling/v2","metadata":{"name":"web","annotations":{"note":"keep"}},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"maxReplicas":4,"metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":80}}}]},"status":{"currentReplicas":1,"desiredReplicas":1,"currentMetrics":[{"type":"Resource","resource":{"name":"cpu","current":{"averageUtilization":12}}}]}}""",
            v2.ToJsonString());
    }

    [Fact]
    public void Round_trip_annotations_sent_to_v2_are_dropped()
    {
        var obj = V2("{" + Target + "}");
        obj["metadata"]!["annotations"] = Json("""{"autoscaling.alpha.kubernetes.io/metrics":"[]"}""");

        Strategy.Default(obj);

        Assert.Null(obj.Obj("metadata").Obj("annotations"));
    }

    public static TheoryData<string, string, string> InvalidSpecs => new()
    {
        { "no target", "{\"maxReplicas\":1}", "spec.scaleTargetRef.kind: Required value" },
        { "max below one", "{\"scaleTargetRef\":{\"kind\":\"Deployment\",\"name\":\"web\"},\"maxReplicas\":0}", "spec.maxReplicas: Invalid value: 0: must be greater than 0" },
        { "max below min", "{\"scaleTargetRef\":{\"kind\":\"Deployment\",\"name\":\"web\"},\"minReplicas\":5,\"maxReplicas\":3}", "spec.maxReplicas: Invalid value: 3: must be greater than or equal to `minReplicas`" },
        { "min of zero", "{\"scaleTargetRef\":{\"kind\":\"Deployment\",\"name\":\"web\"},\"minReplicas\":0,\"maxReplicas\":3}", "spec.minReplicas: Invalid value: 0: must be greater than or equal to 1" },
        {
            "a resource metric without a target",
            "{\"scaleTargetRef\":{\"kind\":\"Deployment\",\"name\":\"web\"},\"maxReplicas\":3,\"metrics\":[{\"type\":\"Resource\",\"resource\":{\"name\":\"cpu\",\"target\":{\"type\":\"Utilization\"}}}]}",
            "spec.metrics[0].resource.target.averageUtilization: Required value: must set either a target raw value or a target utilization"
        },
        {
            "a metric of the wrong source",
            "{\"scaleTargetRef\":{\"kind\":\"Deployment\",\"name\":\"web\"},\"maxReplicas\":3,\"metrics\":[{\"type\":\"Pods\",\"resource\":{\"name\":\"cpu\",\"target\":{\"type\":\"Utilization\",\"averageUtilization\":5}}}]}",
            "spec.metrics[0].pods: Required value: must populate information for the given metric source"
        },
        {
            "a scaling policy without a period",
            "{\"scaleTargetRef\":{\"kind\":\"Deployment\",\"name\":\"web\"},\"maxReplicas\":3,\"behavior\":{\"scaleUp\":{\"policies\":[{\"type\":\"Pods\",\"value\":1,\"periodSeconds\":0}]}}}",
            "spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 0: must be greater than zero"
        },
    };

    [Theory]
    [MemberData(nameof(InvalidSpecs))]
    public void Invalid_hpas_are_rejected_with_upstream_wording(string because, string spec, string expected)
    {
        var errors = Messages(Strategy.Validate(V2(spec)));

        Assert.True(errors.Contains(expected), because + ": " + string.Join(" | ", errors));
    }

    [Fact]
    public void The_table_shows_targets_like_kubectl()
    {
        var obj = V2("{" + Target + ",\"metrics\":["
            + "{\"type\":\"Resource\",\"resource\":{\"name\":\"cpu\",\"target\":{\"type\":\"Utilization\",\"averageUtilization\":80}}},"
            + "{\"type\":\"Resource\",\"resource\":{\"name\":\"memory\",\"target\":{\"type\":\"AverageValue\",\"averageValue\":\"512Mi\"}}},"
            + "{\"type\":\"Pods\",\"pods\":{\"metric\":{\"name\":\"qps\"},\"target\":{\"type\":\"AverageValue\",\"averageValue\":\"10\"}}}]}",
            "{\"currentReplicas\":3,\"currentMetrics\":[{\"type\":\"Resource\",\"resource\":{\"name\":\"cpu\",\"current\":{\"averageUtilization\":12,\"averageValue\":\"50m\"}}}]}");

        Assert.Equal(["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"], Headers(Strategy));
        Assert.Equal(["web", "Deployment/web", "cpu: 12%/80%, memory: <unknown>/512Mi + 1 more...", "2", "10", "3", "60m"], Row(Strategy, obj));
    }

    [Fact]
    public void An_hpa_without_metrics_shows_none() =>
        Assert.Equal("<none>", HpaTargets.Format(null, null));
}
