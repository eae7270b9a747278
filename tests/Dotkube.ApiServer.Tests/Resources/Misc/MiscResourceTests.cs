using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.Coordination;
using Dotkube.ApiServer.Resources.Discovery;
using Dotkube.ApiServer.Resources.FlowControl;
using Dotkube.ApiServer.Resources.Node;
using Dotkube.ApiServer.Resources.Policy;
using Dotkube.ApiServer.Resources.Scheduling;
using static Dotkube.ApiServer.Tests.Resources.GroupCommon.Fixtures;

namespace Dotkube.ApiServer.Tests.Resources.Misc;

public class MiscResourceTests
{
    [Fact]
    public void Every_group_resource_is_registered_once_under_its_upstream_storage_prefix()
    {
        var keys = GroupResources.All.Select(d => d.Group + "/" + d.Plural).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        var prefixes = GroupResources.All.ToDictionary(d => d.Group + "/" + d.Plural, d => d.StoragePrefix);
        Assert.Equal("/registry/ingress", prefixes["networking.k8s.io/ingresses"]);
        Assert.Equal("/registry/horizontalpodautoscalers", prefixes["autoscaling/horizontalpodautoscalers"]);
        Assert.Equal("/registry/events", prefixes["events.k8s.io/events"]);
        Assert.All(GroupResources.All, d => Assert.StartsWith("/registry/", d.StoragePrefix));
        Assert.All(GroupResources.All, d => Assert.All(d.Versions, v => Assert.True(d.ModelTypes.ContainsKey(v), d.Plural + " " + v)));
        var events = GroupResources.All.Single(d => d.Group == "events.k8s.io");
        Assert.Equal("v1", events.StorageApiVersion);
        Assert.Equal(["v2", "v1"], GroupResources.All.Single(d => d.Plural == "horizontalpodautoscalers").Versions);
    }

    [Theory]
    [InlineData("""{"minAvailable":2,"maxUnavailable":1}""", "spec: Invalid value: policy.PodDisruptionBudgetSpec{MinAvailable:2, Selector:..., MaxUnavailable:1}: minAvailable and maxUnavailable cannot be both set")]
    [InlineData("""{"minAvailable":"120%"}""", "spec.minAvailable: Invalid value: 120%: must not be greater than 100%")]
    [InlineData("""{"maxUnavailable":"half"}""", "spec.maxUnavailable: Invalid value: half: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")]
    public void Pod_disruption_budgets_are_checked(string spec, string expected) =>
        Assert.Equal([expected], Messages(new PodDisruptionBudgetStrategy().Validate(Json($$"""{"metadata":{"name":"p"},"spec":{{spec}} }"""))));

    [Fact]
    public void A_pod_disruption_budget_row_shows_na_for_the_unset_bound()
    {
        var obj = Json("""{"metadata":{"name":"web","creationTimestamp":"2024-05-01T11:00:00Z"},"spec":{"minAvailable":"50%"},"status":{"disruptionsAllowed":1}}""");
        Assert.Equal(["NAME", "MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS", "AGE"], Headers(new PodDisruptionBudgetStrategy()));
        Assert.Equal(["web", "50%", "N/A", "1", "60m"], Row(new PodDisruptionBudgetStrategy(), obj));
    }

    [Fact]
    public void Priority_classes_keep_their_value_and_reserve_the_system_prefix()
    {
        var strategy = new PriorityClassStrategy();
        var (old, errors) = Create(strategy, Json("""{"metadata":{"name":"high","creationTimestamp":"2024-05-01T11:00:00Z"},"value":1000}"""));
        Assert.Empty(errors);
        Assert.Equal("PreemptLowerPriority", old.Str("preemptionPolicy"));
        Assert.Equal(["high", "1000", "false", "60m", "PreemptLowerPriority"], Row(strategy, old));

        var changed = (JsonObject)old.DeepClone();
        changed["value"] = 2000;
        Assert.Equal(["value: Forbidden: may not be changed in an update."], Update(strategy, changed, old));

        Assert.Equal(["metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class"],
            Create(strategy, Json("""{"metadata":{"name":"system-mine"},"value":5}""")).Errors);
        Assert.Equal(["value: Forbidden: maximum allowed value of a user defined priority is 1000000000"],
            Create(strategy, Json("""{"metadata":{"name":"huge"},"value":2000000000}""")).Errors);
    }

    [Fact]
    public void Leases_need_a_positive_duration_and_show_their_holder()
    {
        var strategy = new LeaseStrategy();
        Assert.Equal(["spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0"],
            Messages(strategy.Validate(Json("""{"metadata":{"name":"l"},"spec":{"leaseDurationSeconds":0}}"""))));
        Assert.Equal(["kube-scheduler", "node-a_1234", "60m"],
            Row(strategy, Json("""{"metadata":{"name":"kube-scheduler","creationTimestamp":"2024-05-01T11:00:00Z"},"spec":{"holderIdentity":"node-a_1234"}}""")));
    }

    [Fact]
    public void A_runtime_class_handler_is_a_fixed_dns_label()
    {
        var strategy = new RuntimeClassStrategy();
        Assert.Equal(["handler: Invalid value: \"Run_C\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"],
            Messages(strategy.Validate(Json("""{"metadata":{"name":"r"},"handler":"Run_C"}"""))));
        Assert.Equal(["handler: Invalid value: \"kata\": field is immutable"],
            Messages(strategy.ValidateUpdate(Json("""{"metadata":{"name":"r"},"handler":"kata"}"""), Json("""{"metadata":{"name":"r"},"handler":"runc"}"""))));
    }

    [Fact]
    public void Endpoint_slices_default_their_ports_and_print_the_first_three_addresses()
    {
        var strategy = new EndpointSliceStrategy();
        var (obj, errors) = Create(strategy, Json("""{"metadata":{"name":"web-abc","creationTimestamp":"2024-05-01T11:00:00Z"},"addressType":"IPv4","ports":[{"port":80}],"endpoints":[{"addresses":["10.0.0.1"]},{"addresses":["10.0.0.2","10.0.0.3","10.0.0.4"]}]}"""));

        Assert.Empty(errors);
        Assert.Equal("""[{"port":80,"name":"","protocol":"TCP"}]""", obj["ports"]!.ToJsonString());
        Assert.Equal(["web-abc", "IPv4", "80", "10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...", "60m"], Row(strategy, obj));
        Assert.Equal(["endpoints[0].addresses[0]: Invalid value: \"fe80::1\": must be a valid IPv4 address"],
            Create(strategy, Json("""{"metadata":{"name":"x"},"addressType":"IPv4","endpoints":[{"addresses":["fe80::1"]}]}""")).Errors);
    }

    [Fact]
    public void Flow_control_objects_get_upstream_defaults()
    {
        var (schema, schemaErrors) = Create(new FlowSchemaStrategy(), Json("""{"metadata":{"name":"fs","creationTimestamp":"2024-05-01T11:00:00Z"},"spec":{"priorityLevelConfiguration":{"name":"workload-low"},"distinguisherMethod":{"type":"ByUser"}}}"""));
        Assert.Empty(schemaErrors);
        Assert.Equal(1000, schema.Obj("spec").Int("matchingPrecedence"));
        Assert.Equal(["fs", "workload-low", "1000", "ByUser", "60m", "?"], Row(new FlowSchemaStrategy(), schema));

        var (level, levelErrors) = Create(new PriorityLevelConfigurationStrategy(), Json("""{"metadata":{"name":"pl","creationTimestamp":"2024-05-01T11:00:00Z"},"spec":{"type":"Limited","limited":{"limitResponse":{"type":"Queue","queuing":{}}}}}"""));
        Assert.Empty(levelErrors);
        Assert.Equal("""{"limitResponse":{"type":"Queue","queuing":{"handSize":8,"queues":64,"queueLengthLimit":50}},"nominalConcurrencyShares":30,"lendablePercent":0}""", level.Obj("spec")!["limited"]!.ToJsonString());
        Assert.Equal(["pl", "Limited", "30", "64", "8", "50", "60m"], Row(new PriorityLevelConfigurationStrategy(), level));
    }
}
