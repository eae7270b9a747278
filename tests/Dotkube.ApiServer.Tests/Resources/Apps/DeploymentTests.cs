using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Apps;
using Dotkube.ApiServer.Resources.Common;
using static Dotkube.ApiServer.Tests.Resources.GroupCommon.Fixtures;

namespace Dotkube.ApiServer.Tests.Resources.Apps;

public class DeploymentTests
{
    private static readonly DeploymentStrategy Strategy = new();

    private static JsonObject Deployment(string spec) => Json($$"""{"metadata":{"name":"web","namespace":"default"},"spec":{{spec}} }""");

    [Fact]
    public void A_minimal_deployment_gets_upstream_defaults()
    {
        var (obj, errors) = Create(Strategy, Deployment($$"""{"selector":{"matchLabels":{"app":"web"} },"template":{{Template()}} }"""));

        Assert.Empty(errors);
        var spec = obj.Obj("spec")!;
        Assert.Equal(1, spec.Int("replicas"));
        Assert.Equal(10, spec.Int("revisionHistoryLimit"));
        Assert.Equal(600, spec.Int("progressDeadlineSeconds"));
        Assert.Equal("""{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}}""", spec["strategy"]!.ToJsonString());
        Assert.Equal("Always", spec.Obj("template").Obj("spec").Str("restartPolicy"));
    }

    [Fact]
    public void A_recreate_strategy_gets_no_rolling_update_defaults()
    {
        var (obj, errors) = Create(Strategy, Deployment($$"""{"strategy":{"type":"Recreate"},"selector":{"matchLabels":{"app":"web"} },"template":{{Template()}} }"""));

        Assert.Empty(errors);
        Assert.Equal("""{"type":"Recreate"}""", obj.Obj("spec")!["strategy"]!.ToJsonString());
    }

    public static TheoryData<string, string, string[]> InvalidSpecs => new()
    {
        {
            "a missing selector is required and then cannot match the template",
            $$"""{"template":{{Template()}} }""",
            ["spec.selector: Required value", "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`"]
        },
        {
            "a selector that does not match the template labels",
            $$"""{"selector":{"matchLabels":{"app":"api"} },"template":{{Template()}} }""",
            ["spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`"]
        },
        {
            "an empty selector",
            $$"""{"selector":{},"template":{{Template()}} }""",
            ["spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment"]
        },
        {
            "negative replicas",
            $$"""{"replicas":-1,"selector":{"matchLabels":{"app":"web"} },"template":{{Template()}} }""",
            ["spec.replicas: Invalid value: -1: must be greater than or equal to 0"]
        },
        {
            "an unknown strategy type",
            $$"""{"strategy":{"type":"BlueGreen"},"selector":{"matchLabels":{"app":"web"} },"template":{{Template()}} }""",
            ["spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:\"BlueGreen\", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: \"Recreate\", \"RollingUpdate\""]
        },
        {
            "a rolling update that can make no progress",
            $$"""{"strategy":{"rollingUpdate":{"maxUnavailable":0,"maxSurge":"0%"} },"selector":{"matchLabels":{"app":"web"} },"template":{{Template()}} }""",
            ["spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0"]
        },
        {
            "a percentage over 100",
            $$"""{"strategy":{"rollingUpdate":{"maxUnavailable":"150%"} },"selector":{"matchLabels":{"app":"web"} },"template":{{Template()}} }""",
            ["spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 150%: must not be greater than 100%"]
        },
        {
            "a recreate strategy with rolling update parameters",
            $$"""{"strategy":{"type":"Recreate","rollingUpdate":{} },"selector":{"matchLabels":{"app":"web"} },"template":{{Template()}} }""",
            ["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"]
        },
        {
            "a progress deadline not above minReadySeconds",
            $$"""{"minReadySeconds":30,"progressDeadlineSeconds":30,"selector":{"matchLabels":{"app":"web"} },"template":{{Template()}} }""",
            ["spec.progressDeadlineSeconds: Invalid value: 30: must be greater than minReadySeconds"]
        },
        {
            "a pod restart policy other than Always",
            $$"""{"selector":{"matchLabels":{"app":"web"} },"template":{{Template(extraSpec: ",\"restartPolicy\":\"Never\"")}} }""",
            ["spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""]
        },
    };

    [Theory]
    [MemberData(nameof(InvalidSpecs))]
    public void Invalid_deployments_are_rejected_with_upstream_wording(string because, string spec, string[] expected)
    {
        var (_, errors) = Create(Strategy, Deployment(spec));

        Assert.True(expected.SequenceEqual(errors), because + ": " + string.Join(" | ", errors));
    }

    [Fact]
    public void The_selector_cannot_change()
    {
        var (old, _) = Create(Strategy, Deployment($$"""{"selector":{"matchLabels":{"app":"web"} },"template":{{Template()}} }"""));
        var changed = (JsonObject)old.DeepClone();
        changed["spec"]!["selector"] = Json("""{"matchLabels":{"app":"web","tier":"front"}}""");
        changed["spec"]!["template"]!["metadata"]!["labels"] = Json("""{"app":"web","tier":"front"}""");

        var errors = Update(Strategy, changed, old);

        Assert.Equal(["spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web\", \"tier\":\"front\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"], errors);
    }

    [Fact]
    public void Updates_keep_the_status()
    {
        var (old, _) = Create(Strategy, Deployment($$"""{"selector":{"matchLabels":{"app":"web"} },"template":{{Template()}} }"""));
        old["status"] = Json("""{"replicas":3}""");
        var changed = (JsonObject)old.DeepClone();
        changed["status"] = Json("""{"replicas":9}""");

        Assert.Empty(Update(Strategy, changed, old));
        Assert.Equal(3, changed.Obj("status").Int("replicas"));
    }

    [Theory]
    [InlineData("""{"replicas":3,"updatedReplicas":4}""", "status.updatedReplicas: Invalid value: 4: cannot be greater than status.replicas")]
    [InlineData("""{"replicas":3,"readyReplicas":2,"availableReplicas":3}""", "status.availableReplicas: Invalid value: 3: cannot be greater than readyReplicas")]
    [InlineData("""{"replicas":-1}""", "status.replicas: Invalid value: -1: must be greater than or equal to 0")]
    public void Status_updates_are_checked(string status, string expected)
    {
        var old = Deployment("{}");
        var obj = Deployment("{}");
        obj["status"] = Json(status);

        Assert.Contains(expected, Messages(Strategy.ValidateStatusUpdate(obj, old)));
    }

    [Fact]
    public void The_table_shows_ready_over_desired_and_the_wide_columns()
    {
        var obj = Deployment($$"""{"replicas":3,"selector":{"matchLabels":{"app":"web"},"matchExpressions":[{"key":"tier","operator":"In","values":["b","a"]}]},"template":{"spec":{"containers":[{"name":"web","image":"nginx"},{"name":"log","image":"busybox"}]} } }""");
        obj["metadata"]!["creationTimestamp"] = "2024-05-01T11:00:00Z";
        obj["status"] = Json("""{"readyReplicas":2,"updatedReplicas":3,"availableReplicas":2}""");

        Assert.Equal(["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], Headers(Strategy));
        Assert.Equal(["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"], Headers(Strategy, wide: true));
        Assert.Equal(["web", "2/3", "3", "2", "60m", "web,log", "nginx,busybox", "app=web,tier in (a,b)"], Row(Strategy, obj));
    }

    [Fact]
    public void The_scale_subresource_reads_and_writes_replicas()
    {
        var obj = Deployment("""{"replicas":3,"selector":{"matchLabels":{"app":"web"}}}""");
        obj["metadata"]!["uid"] = "u1";
        obj["metadata"]!["resourceVersion"] = "42";
        obj["status"] = Json("""{"replicas":2}""");
        var scale = Strategy.Scale.ToScale(obj);

        Assert.Equal("""{"kind":"Scale","apiVersion":"autoscaling/v1","metadata":{"name":"web","namespace":"default","uid":"u1","resourceVersion":"42"},"spec":{"replicas":3},"status":{"replicas":2,"selector":"app=web"}}""", scale.ToJsonString());

        scale["spec"]!["replicas"] = -2;
        Assert.Equal(["spec.replicas: Invalid value: -2: must be greater than or equal to 0"], Messages(Strategy.Scale.ValidateScale(scale)));
        scale["spec"]!["replicas"] = 5;
        Strategy.Scale.ApplyScale(obj, scale);
        Assert.Equal(5, obj.Obj("spec").Int("replicas"));
    }
}
