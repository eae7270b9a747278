using System.Text.Json.Nodes;
using Dotkube.ApiServer.Admission;
using Dotkube.ApiServer.Resources.Common;
using static Dotkube.ApiServer.Tests.Admission.AdmissionFixtures;

namespace Dotkube.ApiServer.Tests.Admission;

/// <summary>DefaultTolerationSeconds and Priority: what they set on new pods.</summary>
public class PodDefaultsAdmissionTests
{
    private const string NotReady = """{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}""";
    private const string Unreachable = """{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}""";

    public static TheoryData<string, string, string> Tolerations => new()
    {
        { "a pod without tolerations gets both", "[]", $"[{NotReady},{Unreachable}]" },
        { "an explicit not-ready toleration is kept and only unreachable is added",
            """[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":10}]""",
            $$"""[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":10},{{Unreachable}}]""" },
        { "a toleration of every taint covers both", """[{"operator":"Exists"}]""", """[{"operator":"Exists"}]""" },
        { "a NoSchedule toleration of not-ready does not count",
            """[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoSchedule"}]""",
            $$"""[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoSchedule"},{{NotReady}},{{Unreachable}}]""" },
        { "a toleration of any effect of unreachable counts",
            """[{"key":"node.kubernetes.io/unreachable","operator":"Exists"}]""",
            $$"""[{"key":"node.kubernetes.io/unreachable","operator":"Exists"},{{NotReady}}]""" },
    };

    [Theory]
    [MemberData(nameof(Tolerations))]
    public async Task Pods_tolerate_failed_nodes_for_five_minutes(string because, string given, string expected)
    {
        var a = Pod("""{"metadata":{"name":"p"},"spec":{"tolerations":GIVEN,"containers":[{"name":"c","image":"nginx"}]}}""".Replace("GIVEN", given));
        await AdmitAsync(new DefaultTolerationSeconds(), a);
        Assert.True(expected == a.Object!.Obj("spec")!["tolerations"]!.ToJsonString(), $"{because}: {a.Object.Obj("spec")!["tolerations"]!.ToJsonString()}");
    }

    [Fact]
    public async Task The_toleration_seconds_come_from_the_flags()
    {
        var a = Pod("""{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx"}]}}""");
        await AdmitAsync(new DefaultTolerationSeconds(60, 120), a);
        Assert.Equal([60L, 120L], a.Object!.Obj("spec").Arr("tolerations").Objects().Select(t => t.Int("tolerationSeconds")!.Value));
    }

    private static FakeAdmissionObjects Classes(bool withDefault = true)
    {
        var objects = new FakeAdmissionObjects()
            .Add("scheduling.k8s.io", "priorityclasses", "", """{"metadata":{"name":"high"},"value":1000,"preemptionPolicy":"PreemptLowerPriority"}""")
            .Add("scheduling.k8s.io", "priorityclasses", "", """{"metadata":{"name":"polite"},"value":500,"preemptionPolicy":"Never"}""")
            .Add("scheduling.k8s.io", "priorityclasses", "", """{"metadata":{"name":"system-node-critical"},"value":2000001000,"preemptionPolicy":"PreemptLowerPriority"}""");
        if (withDefault)
        {
            objects.Add("scheduling.k8s.io", "priorityclasses", "", """{"metadata":{"name":"standard"},"value":100,"globalDefault":true,"preemptionPolicy":"PreemptLowerPriority"}""");
        }
        return objects;
    }

    public static TheoryData<string, string, bool, string?, string?> Priorities => new()
    {
        { "a named class sets priority and policy", """{"priorityClassName":"polite"}""", true, """{"priorityClassName":"polite","priority":500,"preemptionPolicy":"Never"}""", null },
        { "a system class resolves", """{"priorityClassName":"system-node-critical"}""", true, """{"priorityClassName":"system-node-critical","priority":2000001000,"preemptionPolicy":"PreemptLowerPriority"}""", null },
        { "no class takes the global default", "{}", true, """{"priorityClassName":"standard","priority":100,"preemptionPolicy":"PreemptLowerPriority"}""", null },
        { "no class and no default is priority 0", "{}", false, """{"priority":0,"preemptionPolicy":"PreemptLowerPriority"}""", null },
        { "a missing class is refused", """{"priorityClassName":"nope"}""", true, null, "pods \"p\" is forbidden: no PriorityClass with name nope was found" },
        { "a different priority is refused", """{"priorityClassName":"high","priority":5}""", true, null,
            "pods \"p\" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 1000 from the given PriorityClass name" },
        { "the same priority is accepted", """{"priorityClassName":"high","priority":1000}""", true, """{"priorityClassName":"high","priority":1000,"preemptionPolicy":"PreemptLowerPriority"}""", null },
        { "a different policy is refused", """{"priorityClassName":"polite","preemptionPolicy":"PreemptLowerPriority"}""", true, null,
            "pods \"p\" is forbidden: the string value of PreemptionPolicy (PreemptLowerPriority) must not be provided in pod spec; priority admission controller computed Never from the given PriorityClass name" },
    };

    [Theory]
    [MemberData(nameof(Priorities))]
    public async Task Priority_class_names_resolve_to_priorities(string because, string spec, bool withDefault, string? expected, string? refusal)
    {
        var a = Pod($$"""{"metadata":{"name":"p"},"spec":{{spec}}}""");
        var error = await AdmitAsync(new PriorityAdmission(Classes(withDefault)), a);
        Assert.True(refusal == error, $"{because}: {error}");
        if (expected is not null)
        {
            var got = a.Object!.Obj("spec")!;
            foreach (var (key, value) in Json(expected))
            {
                Assert.True(JsonNode.DeepEquals(value, got[key]), $"{because}: {key} is {got[key]?.ToJsonString()}");
            }
        }
    }

    [Fact]
    public async Task An_update_keeps_the_priority_set_at_creation()
    {
        var old = Json("""{"metadata":{"name":"p"},"spec":{"priorityClassName":"high","priority":1000,"preemptionPolicy":"PreemptLowerPriority"}}""");
        var a = Pod("""{"metadata":{"name":"p"},"spec":{"priorityClassName":"high"}}""", "UPDATE", old);
        Assert.Null(await AdmitAsync(new PriorityAdmission(Classes()), a));
        Assert.Equal(1000, a.Object!.Obj("spec").Int("priority"));
        Assert.Equal("PreemptLowerPriority", a.Object.Obj("spec").Str("preemptionPolicy"));
    }

    [Theory]
    [InlineData("a second default is refused", "CREATE", "another", "priorityclasses.scheduling.k8s.io \"another\" is forbidden: PriorityClass standard is already marked as default. Only one default can exist")]
    [InlineData("the default itself may be updated", "UPDATE", "standard", null)]
    [InlineData("another class may not become default", "UPDATE", "high", "priorityclasses.scheduling.k8s.io \"high\" is forbidden: PriorityClass standard is already marked as default. Only one default can exist")]
    public async Task Only_one_priority_class_is_the_global_default(string because, string operation, string name, string? refusal)
    {
        var pc = Json($$"""{"metadata":{"name":"{{name}}"},"value":7,"globalDefault":true}""");
        var a = Request("scheduling.k8s.io", "priorityclasses", operation, pc, operation == "UPDATE" ? (JsonObject)pc.DeepClone() : null);
        Assert.True(refusal == await AdmitAsync(new PriorityAdmission(Classes()), a), because);
    }
}
