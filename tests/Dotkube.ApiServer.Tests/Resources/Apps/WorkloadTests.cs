using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Apps;
using Dotkube.ApiServer.Resources.Common;
using static Dotkube.ApiServer.Tests.Resources.GroupCommon.Fixtures;

namespace Dotkube.ApiServer.Tests.Resources.Apps;

public class WorkloadTests
{
    private static JsonObject Workload(string spec, string name = "web") =>
        Json($$"""{"metadata":{"name":"{{name}}","namespace":"default","creationTimestamp":"2024-05-01T11:59:30Z"},"spec":{{spec}} }""");

    [Fact]
    public void A_replicaset_defaults_to_one_replica_and_reuses_the_deployment_wording()
    {
        var strategy = new ReplicaSetStrategy();
        var (obj, errors) = Create(strategy, Workload($$"""{"selector":{},"template":{{Template()}} }"""));

        Assert.Equal(1, obj.Obj("spec").Int("replicas"));
        Assert.Equal(["spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment"], errors);
    }

    [Fact]
    public void A_replicaset_row_shows_desired_current_and_ready()
    {
        var strategy = new ReplicaSetStrategy();
        var obj = Workload("""{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"template":{"spec":{"containers":[{"name":"web","image":"nginx"}]}}}""");
        obj["status"] = Json("""{"replicas":3,"readyReplicas":1}""");

        Assert.Equal(["NAME", "DESIRED", "CURRENT", "READY", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"], Headers(strategy, wide: true));
        Assert.Equal(["web", "3", "3", "1", "30s", "web", "nginx", "app=web"], Row(strategy, obj));
        var attributes = new Dictionary<string, string>();
        strategy.AddFieldSelectorAttributes(obj, attributes);
        Assert.Equal("3", attributes["status.replicas"]);
    }

    [Fact]
    public void A_statefulset_gets_its_policies_defaulted_and_claim_templates_completed()
    {
        var strategy = new StatefulSetStrategy();
        var (obj, errors) = Create(strategy, Workload($$"""{"serviceName":"web","selector":{"matchLabels":{"app":"web"} },"template":{{Template()}},"volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"} } } }]}"""));

        Assert.Empty(errors);
        var spec = obj.Obj("spec")!;
        Assert.Equal("OrderedReady", spec.Str("podManagementPolicy"));
        Assert.Equal("""{"type":"RollingUpdate","rollingUpdate":{"partition":0}}""", spec["updateStrategy"]!.ToJsonString());
        Assert.Equal("""{"whenDeleted":"Retain","whenScaled":"Retain"}""", spec["persistentVolumeClaimRetentionPolicy"]!.ToJsonString());
        Assert.Equal(1, spec.Int("replicas"));
        Assert.Equal(10, spec.Int("revisionHistoryLimit"));
        var claim = spec.Arr("volumeClaimTemplates")![0]!.AsObject();
        Assert.Equal("PersistentVolumeClaim", claim.Str("kind"));
        Assert.Equal("Filesystem", claim.Obj("spec").Str("volumeMode"));
        Assert.Equal("Pending", claim.Obj("status").Str("phase"));
    }

    [Theory]
    [InlineData("web", true)]
    [InlineData("web.v2", false)]
    public void Statefulset_names_are_dns_labels(string name, bool valid) =>
        Assert.Equal(valid, new StatefulSetStrategy().ValidateName(name).Count == 0);

    [Fact]
    public void Only_some_statefulset_fields_may_change()
    {
        var strategy = new StatefulSetStrategy();
        var (old, _) = Create(strategy, Workload($$"""{"serviceName":"web","selector":{"matchLabels":{"app":"web"} },"template":{{Template()}} }"""));
        var scaled = (JsonObject)old.DeepClone();
        scaled["spec"]!["replicas"] = 5;
        var renamed = (JsonObject)old.DeepClone();
        renamed["spec"]!["serviceName"] = "other";

        Assert.Empty(Update(strategy, scaled, old));
        Assert.Equal(["spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"], Update(strategy, renamed, old));
    }

    [Fact]
    public void A_statefulset_row_shows_ready_over_desired()
    {
        var obj = Workload("""{"replicas":2,"template":{"spec":{"containers":[{"name":"db","image":"postgres"}]}}}""");
        obj["status"] = Json("""{"readyReplicas":1}""");

        Assert.Equal(["NAME", "READY", "AGE"], Headers(new StatefulSetStrategy()));
        Assert.Equal(["web", "1/2", "30s", "db", "postgres"], Row(new StatefulSetStrategy(), obj));
    }

    [Fact]
    public void A_daemonset_defaults_its_rolling_update_and_tracks_template_generation()
    {
        var strategy = new DaemonSetStrategy();
        var (obj, errors) = Create(strategy, Workload($$"""{"selector":{"matchLabels":{"app":"web"} },"template":{{Template()}} }"""));

        Assert.Empty(errors);
        Assert.Equal("""{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1,"maxSurge":0}}""", obj.Obj("spec")!["updateStrategy"]!.ToJsonString());
        Assert.Equal("1", obj.Obj("metadata").Obj("annotations").Str(DaemonSetStrategy.TemplateGenerationAnnotation));

        var changed = (JsonObject)obj.DeepClone();
        changed["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "nginx:1.28";
        Assert.Empty(Update(strategy, changed, obj));
        Assert.Equal("2", changed.Obj("metadata").Obj("annotations").Str(DaemonSetStrategy.TemplateGenerationAnnotation));

        // A PUT that leaves out what defaulting fills in does not change the template.
        var replaced = (JsonObject)changed.DeepClone();
        replaced["spec"]!["template"]!.AsObject().Obj("spec")!.Remove("restartPolicy");
        Assert.Empty(Update(strategy, replaced, changed));
        Assert.Equal("2", replaced.Obj("metadata").Obj("annotations").Str(DaemonSetStrategy.TemplateGenerationAnnotation));
    }

    [Theory]
    [InlineData("""{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1,"maxSurge":1}}""", "spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero")]
    [InlineData("""{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":0,"maxSurge":0}}""", "spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0")]
    [InlineData("""{"type":"Surge"}""", "spec.updateStrategy: Unsupported value: apps.DaemonSetUpdateStrategy{Type:\"Surge\", RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}: supported values: \"RollingUpdate\", \"OnDelete\"")]
    public void Daemonset_update_strategies_are_checked(string updateStrategy, string expected)
    {
        var (_, errors) = Create(new DaemonSetStrategy(), Workload($$"""{"updateStrategy":{{updateStrategy}},"selector":{"matchLabels":{"app":"web"} },"template":{{Template()}} }"""));

        Assert.Equal([expected], errors);
    }

    [Fact]
    public void A_daemonset_row_shows_the_node_selector()
    {
        var obj = Workload("""{"selector":{"matchLabels":{"app":"agent"}},"template":{"spec":{"nodeSelector":{"zone":"a","os":"linux"},"containers":[{"name":"agent","image":"agent:1"}]}}}""");
        obj["status"] = Json("""{"desiredNumberScheduled":3,"currentNumberScheduled":3,"numberReady":2,"updatedNumberScheduled":3,"numberAvailable":2}""");

        Assert.Equal(["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"], Headers(new DaemonSetStrategy()));
        Assert.Equal(["web", "3", "3", "2", "3", "2", "os=linux,zone=a", "30s", "agent", "agent:1", "app=agent"], Row(new DaemonSetStrategy(), obj));
    }

    [Fact]
    public void A_controller_revision_needs_data_and_names_its_controller()
    {
        var strategy = new ControllerRevisionStrategy();
        var obj = Json("""{"metadata":{"name":"web-5d4f","creationTimestamp":"2024-05-01T11:59:30Z","ownerReferences":[{"apiVersion":"apps/v1","kind":"StatefulSet","name":"web","uid":"x","controller":true}]},"revision":2}""");

        Assert.Equal(["data: Required value: data is mandatory"], Messages(strategy.Validate(obj)));
        Assert.Equal(["web-5d4f", "statefulset.apps/web", "2", "30s"], Row(strategy, obj));
    }
}
