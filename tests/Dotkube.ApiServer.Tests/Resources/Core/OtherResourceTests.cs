using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.Core;
using static Dotkube.ApiServer.Tests.Resources.Core.Fixtures;

namespace Dotkube.ApiServer.Tests.Resources.Core;

public class OtherResourceTests
{
    private static JsonObject Obj(string name, string body) =>
        Parse($$"""{"metadata":{"name":"{{name}}","namespace":"default","creationTimestamp":"2025-01-01T10:00:00Z"}{{(body.Length > 0 ? "," + body : "")}}}""");

    [Fact]
    public void A_namespace_is_born_active_with_the_kubernetes_finalizer_and_name_label()
    {
        var strategy = new NamespaceStrategy();
        var ns = Obj("team-a", "");
        Assert.Empty(CreateErrors(strategy, ns));
        Assert.Equal("Active", ns.Obj("status").Str("phase"));
        Assert.Equal(["kubernetes"], ns.Obj("spec").Arr("finalizers").Strings());
        Assert.Equal("team-a", ns.Obj("metadata").Obj("labels").Str("kubernetes.io/metadata.name"));
        Assert.Equal("Active", Cell(strategy, ns, "Status")!.ToString());
        Assert.NotEmpty(strategy.ValidateName("team.a"));
    }

    [Fact]
    public void A_namespace_update_cannot_change_finalizers_but_finalize_can()
    {
        var strategy = new NamespaceStrategy();
        var old = Obj("a", "");
        CreateErrors(strategy, old);
        var updated = Obj("a", "\"spec\":{\"finalizers\":[]}");
        strategy.PrepareForUpdate(updated, old);
        Assert.Equal(["kubernetes"], updated.Obj("spec").Arr("finalizers").Strings());
        var finalized = Namespaces.ApplyFinalize(Obj("a", "\"spec\":{\"finalizers\":[]}"), old);
        Assert.Empty(finalized.Obj("spec").Arr("finalizers").Strings());
        Assert.Equal(["spec.finalizers: Invalid value: \"custom\": name is neither a standard finalizer name nor is it fully qualified"],
            Messages(Namespaces.ValidateFinalize(Obj("a", "\"spec\":{\"finalizers\":[\"custom\"]}"))));
    }

    [Theory]
    [InlineData("a ready node", """[{"type":"Ready","status":"True"}]""", false, "Ready")]
    [InlineData("a node that is not ready", """[{"type":"Ready","status":"False"}]""", false, "NotReady")]
    [InlineData("a cordoned ready node", """[{"type":"Ready","status":"True"}]""", true, "Ready,SchedulingDisabled")]
    [InlineData("a node with no ready condition", "[]", false, "Unknown")]
    public void The_node_status_cell_matches_kubectl(string because, string conditions, bool unschedulable, string expected)
    {
        var node = Obj("n1", $$"""
            "spec":{"unschedulable":{{(unschedulable ? "true" : "false")}}},"status":{"conditions":{{conditions}}}
            """);
        Assert.True(expected == NodeStrategy.Status(node), because);
    }

    [Fact]
    public void Node_roles_come_from_role_labels_sorted()
    {
        var node = Obj("n1", "");
        node["metadata"]!["labels"] = Parse("""{"node-role.kubernetes.io/worker":"","node-role.kubernetes.io/control-plane":""}""");
        Assert.Equal("control-plane,worker", NodeStrategy.Roles(node));
        var attributes = new Dictionary<string, string>();
        new NodeStrategy().AddFieldSelectorAttributes(node, attributes);
        Assert.Equal("false", attributes["spec.unschedulable"]);
    }

    [Fact]
    public void An_event_row_names_its_object_and_counts_singletons_as_one()
    {
        var strategy = new EventStrategy();
        var e = Obj("e1", $$"""
            "involvedObject":{"kind":"Pod","name":"web","namespace":"default","fieldPath":"spec.containers{web}"},
            "reason":"Pulled","message":" pulled \n","type":"Normal","source":{"component":"kubelet","host":"n1"},
            "firstTimestamp":"{{Ago(TimeSpan.FromMinutes(3))}}","lastTimestamp":"{{Ago(TimeSpan.FromSeconds(30))}}"
            """);
        Assert.Equal(["Last Seen", "Type", "Reason", "Object", "Subobject", "Source", "Message", "First Seen", "Count", "Name"], strategy.Columns.Select(c => c.Name));
        Assert.Equal("30s", Cell(strategy, e, "Last Seen")!.ToString());
        Assert.Equal("pod/web", Cell(strategy, e, "Object")!.ToString());
        Assert.Equal("pulled", Cell(strategy, e, "Message")!.ToString());
        Assert.Equal("kubelet, n1", Cell(strategy, e, "Source")!.ToString());
        Assert.Equal("3m", Cell(strategy, e, "First Seen")!.ToString());
        Assert.Equal("1", Cell(strategy, e, "Count")!.ToString());
        Assert.Empty(strategy.Validate(e));
        var attributes = new Dictionary<string, string>();
        strategy.AddFieldSelectorAttributes(e, attributes);
        Assert.Equal("web", attributes["involvedObject.name"]);
        Assert.Equal("kubelet", attributes["source"]);
    }

    [Fact]
    public void An_event_about_another_namespace_is_refused() =>
        Assert.Equal(["involvedObject.namespace: Invalid value: \"other\": does not match event.namespace"],
            Messages(new EventStrategy().Validate(Obj("e", "\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"x\",\"namespace\":\"other\"}"))));

    [Fact]
    public void A_persistent_volume_gets_defaults_and_its_row()
    {
        var strategy = new PersistentVolumeStrategy();
        var pv = Obj("pv1", """" "spec":{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce","ReadOnlyMany"],"hostPath":{"path":"/data"},"storageClassName":"standard"}"""");
        Assert.Empty(CreateErrors(strategy, pv));
        Assert.Equal("Retain", pv.Obj("spec").Str("persistentVolumeReclaimPolicy"));
        Assert.Equal("Filesystem", pv.Obj("spec").Str("volumeMode"));
        Assert.Equal("Pending", pv.Obj("status").Str("phase"));
        Assert.Equal("1Gi", Cell(strategy, pv, "Capacity")!.ToString());
        Assert.Equal("RWO,ROX", Cell(strategy, pv, "Access Modes")!.ToString());
        Assert.Equal("<unset>", Cell(strategy, pv, "VolumeAttributesClass")!.ToString());
    }

    [Fact]
    public void A_persistent_volume_needs_capacity_modes_and_a_source() =>
        Assert.Equal(["spec.accessModes: Required value", "spec.capacity: Required value", "spec: Required value: must specify a volume type"],
            CreateErrors(new PersistentVolumeStrategy(), Obj("pv1", "\"spec\":{}")));

    [Fact]
    public void A_claim_spec_is_immutable_except_growing_a_bound_claim()
    {
        var strategy = new PersistentVolumeClaimStrategy();
        const string spec = "\"accessModes\":[\"ReadWriteOnce\"],\"resources\":{\"requests\":{\"storage\":\"%SIZE%\"}}";
        JsonObject Claim(string size, string phase, string extra = "") =>
            Obj("c", "\"spec\":{" + spec.Replace("%SIZE%", size, StringComparison.Ordinal) + extra + "},\"status\":{\"phase\":\"" + phase + "\",\"capacity\":{\"storage\":\"1Gi\"}}");
        var old = Claim("1Gi", "Bound");
        strategy.Default(old);
        var grown = Claim("2Gi", "Bound");
        strategy.Default(grown);
        Assert.Empty(strategy.ValidateUpdate(grown, old));
        var shrunk = Claim("512Mi", "Bound");
        strategy.Default(shrunk);
        Assert.Contains("spec.resources.requests.storage: Forbidden: field can not be less than status.capacity", Messages(strategy.ValidateUpdate(shrunk, old)));
        // As 1.32 with RecoverVolumeExpansionFailure: a request may come down from a failed
        // expansion (3Gi asked, 1Gi in status) as long as it stays above status.capacity.
        var tooLarge = Claim("3Gi", "Bound");
        strategy.Default(tooLarge);
        var recovered = Claim("2Gi", "Bound");
        strategy.Default(recovered);
        Assert.Empty(strategy.ValidateUpdate(recovered, tooLarge));
        var toCapacity = Claim("1Gi", "Bound");
        strategy.Default(toCapacity);
        Assert.Contains("spec.resources.requests.storage: Forbidden: field can not be less than status.capacity", Messages(strategy.ValidateUpdate(toCapacity, tooLarge)));
        var slow = Claim("1Gi", "Bound", ",\"storageClassName\":\"slow\"");
        strategy.Default(slow);
        var reclassed = Claim("1Gi", "Bound", ",\"storageClassName\":\"fast\"");
        strategy.Default(reclassed);
        Assert.Contains(Messages(strategy.ValidateUpdate(reclassed, slow)),
            m => m.StartsWith("spec: Forbidden: spec is immutable after creation except resources.requests for bound claims\n", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("a claim without a class may be given one (retroactive default class)", "", "\"storageClassName\":\"fast\"", true)]
    [InlineData("a claim asking for no class may not be given one", ",\"storageClassName\":\"\"", "\"storageClassName\":\"fast\"", false)]
    [InlineData("a claim's class may not be taken away", ",\"storageClassName\":\"fast\"", "\"storageClassName\":null", false)]
    public void A_claim_class_is_set_at_most_once(string why, string oldClass, string newClass, bool allowed)
    {
        var strategy = new PersistentVolumeClaimStrategy();
        var old = Obj("c", "\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],\"resources\":{\"requests\":{\"storage\":\"1Gi\"}}" + oldClass + "},\"status\":{\"phase\":\"Pending\"}");
        var updated = Obj("c", "\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],\"resources\":{\"requests\":{\"storage\":\"1Gi\"}}," + newClass + "},\"status\":{\"phase\":\"Pending\"}");
        strategy.Default(old);
        strategy.Default(updated);
        Assert.True(allowed == (strategy.ValidateUpdate(updated, old).Count == 0), why);
    }

    [Fact]
    public void A_claim_needs_a_storage_request() =>
        Assert.Contains("spec.resources[storage]: Required value",
            CreateErrors(new PersistentVolumeClaimStrategy(), Obj("c", "\"spec\":{\"accessModes\":[\"ReadWriteOnce\"]}")));

    [Fact]
    public void A_replication_controller_defaults_from_its_template()
    {
        var strategy = new ReplicationControllerStrategy();
        var rc = Obj("rc", """" "spec":{"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx"}]}}}"""");
        Assert.Empty(CreateErrors(strategy, rc));
        Assert.Equal(1, rc.Obj("spec").Int("replicas"));
        Assert.Equal("web", rc.Obj("spec").Obj("selector").Str("app"));
        Assert.Equal("web", rc.Obj("metadata").Obj("labels").Str("app"));
        Assert.Equal(1L, (long)Cell(strategy, rc, "Desired")!.AsValue().GetValue<long>());
        Assert.Equal("app=web", Cell(strategy, rc, "Selector")!.ToString());
    }

    [Fact]
    public void A_replication_controller_selector_must_match_its_template() =>
        Assert.Contains("spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`",
            CreateErrors(new ReplicationControllerStrategy(), Obj("rc",
                """" "spec":{"selector":{"app":"db"},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx"}]}}}"""")));

    [Fact]
    public void A_limit_range_min_above_max_is_refused() =>
        Assert.Equal(["spec.limits[0].min[cpu]: Invalid value: \"2\": min value 2 is greater than max value 1"],
            Messages(new LimitRangeStrategy().Validate(Obj("l", """" "spec":{"limits":[{"type":"Container","min":{"cpu":"2"},"max":{"cpu":"1"}}]}""""))));

    [Fact]
    public void Quota_cells_split_requests_and_limits()
    {
        var quota = Obj("q", """" "status":{"hard":{"requests.cpu":"2","limits.memory":"2Gi","pods":"10"},"used":{"requests.cpu":"500m","limits.memory":"1Gi","pods":"3"}}"""");
        Assert.Equal("pods: 3/10, requests.cpu: 500m/2", ResourceQuotas.UsageCells(quota).Request);
        Assert.Equal("limits.memory: 1Gi/2Gi", ResourceQuotas.UsageCells(quota).Limit);
    }

    [Fact]
    public void Endpoints_show_at_most_three_addresses() =>
        Assert.Equal("10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 1 more...",
            Endpoints.Format(Obj("e", """" "subsets":[{"addresses":[{"ip":"10.0.0.1"},{"ip":"10.0.0.2"},{"ip":"10.0.0.3"},{"ip":"10.0.0.4"}],"ports":[{"port":80}]}]"""")));

    [Fact]
    public void Core_resources_match_kubectl_api_resources()
    {
        var all = CoreResources.Create(new InMemoryServiceIPAllocator(), new InMemoryNodePortAllocator()).ToDictionary(d => d.Plural);
        Assert.Equal(15, all.Count);
        Assert.Equal(["ns"], all["namespaces"].ShortNames);
        Assert.False(all["namespaces"].Namespaced);
        Assert.Equal("/registry/minions", all["nodes"].StoragePrefix);
        Assert.Equal("/registry/services/specs", all["services"].StoragePrefix);
        Assert.Equal(["all"], all["pods"].Categories);
        Assert.Equal(["limits"], all["limitranges"].ShortNames);
        Assert.Contains("finalize", all["namespaces"].Subresources);
        Assert.Equal(typeof(k8s.Models.V1Pod), all["pods"].ModelTypes["v1"]);
        Assert.All(all.Values, d => Assert.Equal("", d.Group));
    }
}
