using Dotkube.ApiServer.Resources.Core;
using static Dotkube.ApiServer.Tests.Resources.Core.Fixtures;

namespace Dotkube.ApiServer.Tests.Resources.Core;

public class PodTableTests
{
    private readonly PodStrategy _strategy = new();

    private static string Running(string name) =>
        "{\"name\":\"" + name + "\",\"ready\":true,\"restartCount\":0,\"state\":{\"running\":{\"startedAt\":\"2025-01-01T11:00:00Z\"}}}";

    public static TheoryData<string, string, string, string, string, string> Cases => new()
    {
        { "a pending pod without statuses",
            """{"containers":[{"name":"a","image":"a"}]}""", """{"phase":"Pending"}""", "0/1", "Pending", "0" },
        { "a running pod with two ready containers",
            """{"containers":[{"name":"a","image":"a"},{"name":"b","image":"b"}]}""",
            """{"phase":"Running","conditions":[{"type":"Ready","status":"True"}],"containerStatuses":[""" + Running("a") + "," + Running("b") + "]}", "2/2", "Running", "0" },
        { "a crash-looping container with restarts",
            """{"containers":[{"name":"a","image":"a"}]}""",
            $$$$"""{"phase":"Running","containerStatuses":[{"name":"a","ready":false,"restartCount":3,"state":{"waiting":{"reason":"CrashLoopBackOff"}},"lastState":{"terminated":{"exitCode":1,"finishedAt":"{{{{Ago(TimeSpan.FromMinutes(5))}}}}"}}}]}""",
            "0/1", "CrashLoopBackOff", "3 (5m ago)" },
        { "a completed pod",
            """{"restartPolicy":"Never","containers":[{"name":"a","image":"a"}]}""",
            """{"phase":"Succeeded","containerStatuses":[{"name":"a","ready":false,"restartCount":0,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]}""",
            "0/1", "Completed", "0" },
        { "a container killed without a reason shows its exit code",
            """{"containers":[{"name":"a","image":"a"}]}""",
            """{"phase":"Failed","containerStatuses":[{"name":"a","ready":false,"restartCount":0,"state":{"terminated":{"exitCode":137}}}]}""",
            "0/1", "ExitCode:137", "0" },
        { "a pod waiting for its first init container",
            """{"initContainers":[{"name":"i","image":"i"}],"containers":[{"name":"a","image":"a"}]}""",
            """{"phase":"Pending","initContainerStatuses":[{"name":"i","ready":false,"restartCount":0,"state":{"running":{}}}],"containerStatuses":[{"name":"a","ready":false,"restartCount":0,"state":{"waiting":{"reason":"PodInitializing"}}}]}""",
            "0/1", "Init:0/1", "0" },
        { "a failing init container",
            """{"initContainers":[{"name":"i","image":"i"}],"containers":[{"name":"a","image":"a"}]}""",
            """{"phase":"Pending","initContainerStatuses":[{"name":"i","ready":false,"restartCount":2,"state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}""",
            "0/1", "Init:CrashLoopBackOff", "2" },
        { "a running sidecar counts as a ready container",
            """{"initContainers":[{"name":"s","image":"s","restartPolicy":"Always"}],"containers":[{"name":"a","image":"a"}]}""",
            """{"phase":"Running","conditions":[{"type":"Initialized","status":"True"}],"initContainerStatuses":[{"name":"s","ready":true,"started":true,"restartCount":0,"state":{"running":{}}}],"containerStatuses":[""" + Running("a") + "]}",
            "2/2", "Running", "0" },
        { "a scheduling-gated pod",
            """{"schedulingGates":[{"name":"g"}],"containers":[{"name":"a","image":"a"}]}""",
            """{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"False","reason":"SchedulingGated"}]}""",
            "0/1", "SchedulingGated", "0" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_ready_status_and_restarts_cells_match_kubectl(string because, string spec, string status, string ready, string statusCell, string restarts)
    {
        var pod = Pod(spec);
        pod["status"] = Parse(status);
        Assert.True(ready == Cell(_strategy, pod, "Ready")!.ToString(), because);
        Assert.True(statusCell == Cell(_strategy, pod, "Status")!.ToString(), $"{because}: {Cell(_strategy, pod, "Status")}");
        Assert.True(restarts == Cell(_strategy, pod, "Restarts")!.ToString(), $"{because}: {Cell(_strategy, pod, "Restarts")}");
    }

    [Fact]
    public void A_pod_being_deleted_shows_terminating()
    {
        var pod = Pod();
        pod["metadata"]!["deletionTimestamp"] = "2025-01-01T11:59:00Z";
        pod["status"] = Parse("""{"phase":"Running","containerStatuses":[""" + Running("web") + "]}");
        Assert.Equal("Terminating", Cell(_strategy, pod, "Status")!.ToString());
    }

    [Fact]
    public void The_columns_are_those_of_kubectl_get_pods()
    {
        Assert.Equal(["Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node", "Readiness Gates"], _strategy.Columns.Select(c => c.Name));
        Assert.Equal([0, 0, 0, 0, 0, 1, 1, 1, 1], _strategy.Columns.Select(c => c.Priority));
    }

    [Fact]
    public void Wide_cells_show_none_when_unset_and_the_age_is_human()
    {
        var pod = Pod("""{"readinessGates":[{"conditionType":"x/y"}],"containers":[{"name":"a","image":"a"}]}""");
        pod["status"] = Parse("""{"phase":"Pending","podIPs":[{"ip":"10.244.0.5"}],"conditions":[{"type":"x/y","status":"True"}]}""");
        Assert.Equal("10.244.0.5", Cell(_strategy, pod, "IP")!.ToString());
        Assert.Equal("<none>", Cell(_strategy, pod, "Node")!.ToString());
        Assert.Equal("1/1", Cell(_strategy, pod, "Readiness Gates")!.ToString());
        Assert.Equal("60m", Cell(_strategy, pod, "Age")!.ToString());
    }

    [Fact]
    public void Field_selector_attributes_are_those_upstream_supports()
    {
        var pod = Pod("""{"nodeName":"n1","containers":[{"name":"a","image":"a"}]}""");
        _strategy.Default(pod);
        _strategy.PrepareForCreate(pod);
        var attributes = new Dictionary<string, string>();
        _strategy.AddFieldSelectorAttributes(pod, attributes);
        Assert.Equal("n1", attributes["spec.nodeName"]);
        Assert.Equal("Always", attributes["spec.restartPolicy"]);
        Assert.Equal("default-scheduler", attributes["spec.schedulerName"]);
        Assert.Equal("false", attributes["spec.hostNetwork"]);
        Assert.Equal("Pending", attributes["status.phase"]);
        Assert.Equal("", attributes["status.podIP"]);
    }
}
