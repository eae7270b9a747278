using System.Text.Json.Nodes;
using Dotkube.ApiServer.Admission;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.Core;
using static Dotkube.ApiServer.Tests.Admission.AdmissionFixtures;

namespace Dotkube.ApiServer.Tests.Admission;

public class LimitRangerTests
{
    /// <summary>Like the course's example: min and max cpu, max memory, default limits, a default cpu request.</summary>
    private const string Detailed = """
        {"metadata":{"name":"detailed","namespace":"demo"},"spec":{"limits":[{"type":"Container",
          "min":{"cpu":"100m"},"max":{"cpu":"2000m","memory":"1Gi"},
          "default":{"cpu":"500m","memory":"250Mi"},"defaultRequest":{"cpu":"500m"}}]}}
        """;

    private static LimitRanger With(params string[] ranges)
    {
        var objects = new FakeAdmissionObjects();
        foreach (var json in ranges)
        {
            // As stored: after the LimitRange strategy's defaulting.
            var range = Json(json);
            new LimitRangeStrategy().Default(range);
            objects.Add("", "limitranges", "demo", range.ToJsonString());
        }
        return new LimitRanger(objects);
    }

    [Fact]
    public async Task A_container_without_resources_gets_the_defaults_and_the_annotation_says_so()
    {
        var a = Pod("""{"metadata":{"name":"web"},"spec":{"containers":[{"name":"web","image":"nginx"}]},"status":{"phase":"Pending","qosClass":"BestEffort"}}""");
        Assert.Null(await AdmitAsync(With(Detailed), a));
        var resources = a.Object!.Obj("spec").Arr("containers").Objects().Single().Obj("resources")!;
        Assert.Equal("""{"limits":{"cpu":"500m","memory":"250Mi"},"requests":{"cpu":"500m","memory":"250Mi"}}""", resources.ToJsonString());
        Assert.Equal("LimitRanger plugin set: cpu, memory request for container web; cpu, memory limit for container web",
            a.Object.Obj("metadata").Obj("annotations").Str(LimitRanger.Annotation));
        // Requests equal to limits for cpu and memory: the pod is Guaranteed, as upstream computes it after admission.
        Assert.Equal("Guaranteed", a.Object.Obj("status").Str("qosClass"));
    }

    [Fact]
    public async Task What_a_container_states_is_kept_and_only_the_rest_is_defaulted()
    {
        var a = Pod("""
            {"metadata":{"name":"web"},"spec":{"initContainers":[{"name":"init","image":"busybox","resources":{"limits":{"cpu":"1"}}}],
             "containers":[{"name":"web","image":"nginx","resources":{"requests":{"cpu":"200m"},"limits":{"cpu":"1","memory":"100Mi"}}}]}}
            """);
        Assert.Null(await AdmitAsync(With(Detailed), a));
        var web = a.Object!.Obj("spec").Arr("containers").Objects().Single().Obj("resources")!;
        Assert.Equal("""{"limits":{"cpu":"1","memory":"100Mi"},"requests":{"cpu":"200m","memory":"250Mi"}}""", web.ToJsonString());
        Assert.Equal("LimitRanger plugin set: memory request for container web; cpu, memory request for init container init; memory limit for init container init",
            a.Object.Obj("metadata").Obj("annotations").Str(LimitRanger.Annotation));
    }

    [Fact]
    public async Task No_limit_range_leaves_the_pod_alone()
    {
        var a = Pod("""{"metadata":{"name":"web"},"spec":{"containers":[{"name":"web","image":"nginx"}]}}""");
        Assert.Null(await AdmitAsync(With(), a));
        Assert.Null(a.Object!.Obj("metadata").Obj("annotations"));
        Assert.Null(a.Object.Obj("spec").Arr("containers").Objects().Single()["resources"]);
    }

    public static TheoryData<string, string, string> Refusals => new()
    {
        { "a cpu limit above the max", """{"limits":{"cpu":"3"}}""", "maximum cpu usage per Container is 2, but limit is 3" },
        { "a memory limit above the max", """{"limits":{"memory":"2Gi"}}""", "maximum memory usage per Container is 1Gi, but limit is 2Gi" },
        { "a cpu request below the min", """{"requests":{"cpu":"50m"}}""", "minimum cpu usage per Container is 100m, but request is 50m" },
        { "a cpu request above the max", """{"requests":{"cpu":"3"},"limits":{"cpu":"1"}}""", "maximum cpu usage per Container is 2, but request is 3" },
        { "two violations at once", """{"requests":{"cpu":"50m"},"limits":{"cpu":"3"}}""",
            "[minimum cpu usage per Container is 100m, but request is 50m, maximum cpu usage per Container is 2, but limit is 3]" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Min_and_max_per_container_are_refused_in_upstreams_words(string because, string resources, string reason)
    {
        var a = Pod($$$"""{"metadata":{"name":"web"},"spec":{"containers":[{"name":"web","image":"nginx","resources":{{{resources}}}}]}}""");
        Assert.True($"pods \"web\" is forbidden: {reason}" == await AdmitAsync(With(Detailed), a), because);
    }

    public static TheoryData<string, string, string, string?> Constraints => new()
    {
        { "a ratio above the max", """{"type":"Container","maxLimitRequestRatio":{"cpu":"2"}}""",
            """{"requests":{"cpu":"100m"},"limits":{"cpu":"500m"}}""", "cpu max limit to request ratio per Container is 2, but provided ratio is 5.000000" },
        { "a ratio within the max", """{"type":"Container","maxLimitRequestRatio":{"cpu":"2"}}""",
            """{"requests":{"cpu":"250m"},"limits":{"cpu":"500m"}}""", null },
        { "a ratio without a request", """{"type":"Container","maxLimitRequestRatio":{"memory":"2"}}""",
            """{"limits":{"memory":"1Gi"}}""", "memory max limit to request ratio per Container is 2, but no request is specified or request is 0" },
        { "a max without a limit", """{"type":"Pod","max":{"cpu":"1"}}""",
            """{"requests":{"cpu":"100m"}}""", "maximum cpu usage per Pod is 1.  No limit is specified" },
        { "a min without a request", """{"type":"Pod","min":{"memory":"10Mi"}}""",
            """{}""", "minimum memory usage per Pod is 10Mi.  No request is specified" },
    };

    [Theory]
    [MemberData(nameof(Constraints))]
    public async Task Ratios_and_missing_values_are_checked_as_upstream(string because, string item, string resources, string? reason)
    {
        var a = Pod($$$"""{"metadata":{"name":"web"},"spec":{"containers":[{"name":"web","image":"nginx","resources":{{{resources}}}}]}}""");
        var range = $$$"""{"metadata":{"name":"r","namespace":"demo"},"spec":{"limits":[{{{item}}}]}}""";
        Assert.True((reason is null ? null : $"pods \"web\" is forbidden: {reason}") == await AdmitAsync(With(range), a), because);
    }

    [Fact]
    public async Task Pod_limits_add_up_the_containers_and_the_largest_init_container()
    {
        var range = """{"metadata":{"name":"r","namespace":"demo"},"spec":{"limits":[{"type":"Pod","max":{"cpu":"1"}}]}}""";
        var twoContainers = Pod("""
            {"metadata":{"name":"web"},"spec":{"containers":[
              {"name":"a","image":"nginx","resources":{"limits":{"cpu":"600m"}}},
              {"name":"b","image":"nginx","resources":{"limits":{"cpu":"600m"}}}]}}
            """);
        Assert.Equal("pods \"web\" is forbidden: maximum cpu usage per Pod is 1, but limit is 1200m", await AdmitAsync(With(range), twoContainers));
        var bigInit = Pod("""
            {"metadata":{"name":"web"},"spec":{"initContainers":[{"name":"i","image":"busybox","resources":{"limits":{"cpu":"900m"}}}],
             "containers":[{"name":"a","image":"nginx","resources":{"limits":{"cpu":"600m"}}}]}}
            """);
        Assert.Null(await AdmitAsync(With(range), bigInit));
        var sidecar = Pod("""
            {"metadata":{"name":"web"},"spec":{"initContainers":[{"name":"s","image":"busybox","restartPolicy":"Always","resources":{"limits":{"cpu":"500m"}}}],
             "containers":[{"name":"a","image":"nginx","resources":{"limits":{"cpu":"600m"}}}]}}
            """);
        Assert.Equal("pods \"web\" is forbidden: maximum cpu usage per Pod is 1, but limit is 1100m", await AdmitAsync(With(range), sidecar));
    }

    public static TheoryData<string, string, string?> Claims => new()
    {
        { "a claim above the max", "10Gi", "maximum storage usage per PersistentVolumeClaim is 5Gi, but request is 10Gi" },
        { "a claim below the min", "500Mi", "minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi" },
        { "a claim within bounds", "2Gi", null },
    };

    [Theory]
    [MemberData(nameof(Claims))]
    public async Task Claims_are_held_to_their_min_and_max_storage(string because, string size, string? reason)
    {
        var range = """{"metadata":{"name":"r","namespace":"demo"},"spec":{"limits":[{"type":"PersistentVolumeClaim","min":{"storage":"1Gi"},"max":{"storage":"5Gi"}}]}}""";
        var claim = Json("""{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"SIZE"}}}}""".Replace("SIZE", size));
        var a = Request("", "persistentvolumeclaims", "CREATE", claim);
        Assert.True((reason is null ? null : $"persistentvolumeclaims \"data\" is forbidden: {reason}") == await AdmitAsync(With(range), a), because);
    }

    [Fact]
    public async Task Pod_updates_and_subresources_are_not_checked()
    {
        var pod = Json("""{"metadata":{"name":"web"},"spec":{"containers":[{"name":"web","image":"nginx","resources":{"limits":{"cpu":"3"}}}]}}""");
        Assert.Null(await AdmitAsync(With(Detailed), Request("", "pods", "UPDATE", pod, (JsonObject)pod.DeepClone())));
        Assert.Null(await AdmitAsync(With(Detailed), Request("", "pods", "CREATE", pod, subresource: "binding")));
    }

    [Fact]
    public void The_limit_range_strategy_defaults_container_items_from_max_default_and_min()
    {
        var range = Json(Detailed);
        new LimitRangeStrategy().Default(range);
        var item = range.Obj("spec").Arr("limits").Objects().Single();
        Assert.Equal("""{"cpu":"500m","memory":"250Mi"}""", item["default"]!.ToJsonString());
        Assert.Equal("""{"cpu":"500m","memory":"250Mi"}""", item["defaultRequest"]!.ToJsonString());
        var onlyMax = Json("""{"spec":{"limits":[{"type":"Container","max":{"memory":"1Gi"},"min":{"cpu":"100m"}}]}}""");
        new LimitRangeStrategy().Default(onlyMax);
        var only = onlyMax.Obj("spec").Arr("limits").Objects().Single();
        Assert.Equal("""{"memory":"1Gi"}""", only["default"]!.ToJsonString());
        Assert.Equal("""{"cpu":"100m","memory":"1Gi"}""", only["defaultRequest"]!.ToJsonString());
    }
}
