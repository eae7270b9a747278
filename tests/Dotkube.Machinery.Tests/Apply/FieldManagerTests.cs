using System.Text.Json.Nodes;
using Dotkube.Machinery.Apply;
using Dotkube.Machinery.Errors;
using k8s.Models;

namespace Dotkube.Machinery.Tests.Apply;

public class FieldManagerTests
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);

    private static readonly FieldManager ConfigMaps = new(TypeSchema.ForModel(typeof(V1ConfigMap)), "v1", "", FieldSet.Empty);

    private static readonly FieldManager Deployments = new(
        TypeSchema.ForModel(typeof(V1Deployment)), "apps/v1", "", FieldSet.Of(FieldPath.Of("status")));

    private static JsonObject Obj(string json) => (JsonObject)JsonNode.Parse(json)!;

    private static JsonObject ConfigMap(string data) => Obj($$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"d"},"data":{{data}}}""");

    private static List<ManagedFieldsEntry> Entries(JsonObject obj) => ManagedFieldsCodec.Decode(obj["metadata"]?["managedFields"]);

    private static string Fields(JsonObject obj, string manager) =>
        FieldsV1.Serialize(Entries(obj).Single(e => e.Manager == manager).Fields).ToJsonString(Relaxed.Options);

    [Fact]
    public void A_create_gives_the_creator_every_field_it_set_but_identity_and_bookkeeping()
    {
        var obj = ConfigMap("""{"a":"1"}""");
        ObjectJson(obj)["uid"] = "u";

        ConfigMaps.Update(null, obj, "kubectl-create", T0);

        var entry = Assert.Single(Entries(obj));
        Assert.Equal(("kubectl-create", "Update", "v1", "2024-05-01T10:00:00Z"), (entry.Manager, entry.Operation, entry.ApiVersion, entry.Time));
        Assert.Equal("""{"f:data":{".":{},"f:a":{}}}""", Fields(obj, "kubectl-create"));
    }

    [Fact]
    public void An_update_moves_the_changed_fields_to_the_updater_and_drops_removed_ones()
    {
        var live = ConfigMap("""{"a":"1","b":"2"}""");
        ConfigMaps.Update(null, live, "creator", T0);
        var updated = ConfigMap("""{"a":"9"}""");
        updated["metadata"]!["managedFields"] = live["metadata"]!["managedFields"]!.DeepClone();

        ConfigMaps.Update(live, updated, "editor", T0.AddMinutes(1));

        Assert.Equal("""{"f:data":{}}""", Fields(updated, "creator"));
        Assert.Equal("""{"f:data":{"f:a":{}}}""", Fields(updated, "editor"));
    }

    [Fact]
    public void An_update_that_changes_nothing_adds_no_entry()
    {
        var live = ConfigMap("""{"a":"1"}""");
        ConfigMaps.Update(null, live, "creator", T0);
        var same = (JsonObject)live.DeepClone();

        ConfigMaps.Update(live, same, "someone", T0.AddMinutes(1));

        Assert.Equal(["creator"], Entries(same).Select(e => e.Manager));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[{}]")]
    public void Clearing_managedFields_stops_tracking_until_the_next_apply(string cleared)
    {
        var live = ConfigMap("""{"a":"1"}""");
        ConfigMaps.Update(null, live, "creator", T0);
        var reset = (JsonObject)live.DeepClone();
        reset["metadata"]!["managedFields"] = JsonNode.Parse(cleared);

        ConfigMaps.Update(live, reset, "resetter", T0);
        var next = ConfigMap("""{"a":"2"}""");
        ConfigMaps.Update(reset, next, "editor", T0);

        Assert.Null(reset["metadata"]!["managedFields"]);
        Assert.Null(next["metadata"]!["managedFields"]);
    }

    [Fact]
    public void The_first_apply_to_an_untracked_object_gives_what_is_there_to_before_first_apply()
    {
        var live = ConfigMap("""{"a":"1","b":"2"}""");

        var result = ConfigMaps.Apply(live, ConfigMap("""{"a":"1"}"""), "tool", force: false, T0);

        Assert.Equal("""{"f:data":{".":{},"f:a":{},"f:b":{}}}""", Fields(result, FieldManager.BeforeFirstApplyManager));
        Assert.Equal("""{"f:data":{"f:a":{}}}""", Fields(result, "tool"));
    }

    [Fact]
    public void Applying_a_value_another_manager_owns_is_a_conflict_with_upstreams_message_and_causes()
    {
        var live = ConfigMaps.Apply(Obj("{}"), ConfigMap("""{"color":"blue"}"""), "alice", false, T0);

        var e = Assert.Throws<ApplyConflictException>(() => ConfigMaps.Apply(live, ConfigMap("""{"color":"green"}"""), "bob", false, T0));

        Assert.Equal("Apply failed with 1 conflict: conflict with \"alice\": .data.color", e.Message);
        var status = e.ToStatus().ToStatus();
        Assert.Equal(409, status["code"]!.GetValue<int>());
        Assert.Equal("Conflict", status["reason"]!.GetValue<string>());
        Assert.Equal("""[{"reason":"FieldManagerConflict","message":"conflict with \"alice\"","field":".data.color"}]""", status["details"]!["causes"]!.ToJsonString(Relaxed.Options));
    }

    [Fact]
    public void Several_conflicts_are_grouped_by_manager_and_updaters_print_their_version()
    {
        var live = ConfigMaps.Apply(Obj("{}"), ConfigMap("""{"a":"1","b":"1"}"""), "alice", false, T0);
        var edited = (JsonObject)live.DeepClone();
        edited["data"]!["c"] = "1";
        ConfigMaps.Update(live, edited, "kubectl-edit", T0);

        var e = Assert.Throws<ApplyConflictException>(() =>
            ConfigMaps.Apply(edited, ConfigMap("""{"a":"2","b":"2","c":"2"}"""), "bob", false, T0));

        Assert.Equal(
            "Apply failed with 3 conflicts: conflicts with \"alice\":\n- .data.a\n- .data.b\nconflicts with \"kubectl-edit\" using v1:\n- .data.c",
            e.Message);
    }

    [Fact]
    public void Applying_the_same_value_shares_ownership_without_conflict()
    {
        var live = ConfigMaps.Apply(Obj("{}"), ConfigMap("""{"color":"blue"}"""), "alice", false, T0);

        var result = ConfigMaps.Apply(live, ConfigMap("""{"color":"blue"}"""), "bob", false, T0);

        Assert.Equal("""{"f:data":{"f:color":{}}}""", Fields(result, "alice"));
        Assert.Equal("""{"f:data":{"f:color":{}}}""", Fields(result, "bob"));
    }

    [Fact]
    public void Force_moves_the_conflicting_fields_to_the_applier()
    {
        var live = ConfigMaps.Apply(Obj("{}"), ConfigMap("""{"color":"blue","size":"l"}"""), "alice", false, T0);

        var result = ConfigMaps.Apply(live, ConfigMap("""{"color":"green"}"""), "bob", force: true, T0);

        Assert.Equal("green", result["data"]!["color"]!.GetValue<string>());
        Assert.Equal("""{"f:data":{"f:size":{}}}""", Fields(result, "alice"));
        Assert.Equal("""{"f:data":{"f:color":{}}}""", Fields(result, "bob"));
    }

    [Fact]
    public void A_field_the_applier_stops_applying_is_removed_unless_someone_else_owns_it()
    {
        var live = ConfigMaps.Apply(Obj("{}"), ConfigMap("""{"a":"1","b":"1","c":"1"}"""), "alice", false, T0);
        live = ConfigMaps.Apply(live, ConfigMap("""{"c":"1"}"""), "bob", false, T0);

        var result = ConfigMaps.Apply(live, ConfigMap("""{"a":"1"}"""), "alice", false, T0);

        Assert.Equal("""{"a":"1","c":"1"}""", result["data"]!.ToJsonString(Relaxed.Options));
    }

    [Fact]
    public void A_list_item_the_applier_stops_applying_is_removed()
    {
        const string Two = """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"template":{"spec":{"containers":[{"name":"a","image":"x"},{"name":"b","image":"y"}]}}}}""";
        const string One = """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"template":{"spec":{"containers":[{"name":"a","image":"x"}]}}}}""";
        var live = Deployments.Apply(Obj("{}"), Obj(Two), "kubectl", false, T0);

        var result = Deployments.Apply(live, Obj(One), "kubectl", false, T0);

        Assert.Equal("""[{"name":"a","image":"x"}]""", result["spec"]!["template"]!["spec"]!["containers"]!.ToJsonString(Relaxed.Options));
    }

    [Fact]
    public void An_apply_that_changes_nothing_keeps_the_entry_time()
    {
        var live = ConfigMaps.Apply(Obj("{}"), ConfigMap("""{"a":"1"}"""), "alice", false, T0);

        var again = ConfigMaps.Apply(live, ConfigMap("""{"a":"1"}"""), "alice", false, T0.AddHours(1));

        Assert.Equal("2024-05-01T10:00:00Z", Entries(again).Single().Time);
    }

    [Fact]
    public void Status_is_not_owned_through_the_main_resource()
    {
        var result = Deployments.Apply(Obj("{}"),
            Obj("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":1},"status":{"replicas":5}}"""), "kubectl", false, T0);

        Assert.Equal("""{"f:spec":{"f:replicas":{}}}""", Fields(result, "kubectl"));
    }

    [Fact]
    public void ManagedFields_in_an_applied_configuration_are_refused()
    {
        var config = ConfigMap("""{"a":"1"}""");
        config["metadata"]!["managedFields"] = new JsonArray();

        var e = Assert.Throws<StatusException>(() => ConfigMaps.Apply(Obj("{}"), config, "alice", false, T0));
        Assert.Equal((400, "metadata.managedFields must be nil"), (e.Code, e.Message));
    }

    [Fact]
    public void More_than_ten_updaters_fold_the_oldest_into_ancient_changes()
    {
        var obj = ConfigMap("{}");
        ConfigMaps.Update(null, obj, "creator", T0);
        for (var i = 0; i < 11; i++)
        {
            var next = (JsonObject)obj.DeepClone();
            next["data"]![$"k{i}"] = "v";
            ConfigMaps.Update(obj, next, $"m{i:00}", T0.AddMinutes(i + 1));
            obj = next;
        }

        var managers = Entries(obj).Select(e => e.Manager).ToList();
        Assert.Equal(10, managers.Count);
        Assert.Contains(FieldManager.AncientChangesManager, managers);
        Assert.DoesNotContain("creator", managers);
        Assert.DoesNotContain("m00", managers);
        Assert.DoesNotContain("m01", managers);
        Assert.Equal("""{"f:data":{".":{},"f:k0":{},"f:k1":{}}}""", Fields(obj, FieldManager.AncientChangesManager));
    }

    [Fact]
    public void Kubectl_may_take_fields_its_client_side_apply_annotation_shows_it_set()
    {
        const string LastApplied = """{"apiVersion":"v1","data":{"a":"1"},"kind":"ConfigMap","metadata":{"name":"c","namespace":"d"}}""";
        var live = ConfigMap("""{"a":"1"}""");
        live["metadata"]!["annotations"] = new JsonObject { [FieldManager.LastAppliedAnnotation] = LastApplied };
        ConfigMaps.Update(null, live, "kubectl-client-side-apply", T0);

        var result = ConfigMaps.Apply(live, ConfigMap("""{"a":"2"}"""), "kubectl", false, T0);

        Assert.Equal("2", result["data"]!["a"]!.GetValue<string>());
        Assert.Equal("{\"apiVersion\":\"v1\",\"data\":{\"a\":\"2\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\",\"namespace\":\"d\"}}\n",
            result["metadata"]!["annotations"]![FieldManager.LastAppliedAnnotation]!.GetValue<string>());
        var other = Assert.Throws<ApplyConflictException>(() => ConfigMaps.Apply(live, ConfigMap("""{"a":"2"}"""), "someone-else", false, T0));
        Assert.Contains("kubectl-client-side-apply", other.Message);
    }

    private static JsonObject ObjectJson(JsonObject obj) => (JsonObject)obj["metadata"]!;
}
