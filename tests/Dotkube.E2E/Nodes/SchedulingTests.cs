using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.Nodes;

/// <summary>The scheduler in a default server places pods on the simulated nodes, and says why when it cannot.</summary>
[Collection(SharedServerCollection.Name)]
public class SchedulingTests(SharedServerFixture fixture)
{
    [Fact]
    public async Task Kubectl_run_gives_a_running_pod_on_a_simulated_node()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "sched-run");
        (await ns.Run("run", "web", "--image=nginx")).EnsureSuccess();
        (await ns.Run("wait", "--for=condition=Ready", "pod/web", "--timeout=30s")).EnsureSuccess();
        Assert.Matches("^node[123]$", await ns.JsonPathAsync("pod/web", "{.spec.nodeName}"));
        var events = (await ns.Run("get", "events", "--field-selector", "reason=Scheduled", "-o", "jsonpath={.items[*].message}")).EnsureSuccess().Stdout;
        Assert.StartsWith($"Successfully assigned {ns.Name}/web to node", events, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pod_that_fits_nowhere_stays_pending_with_the_upstream_message()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "sched-big");
        await ns.ApplyAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: big}
            spec:
              containers:
              - name: main
                image: nginx
                resources: {requests: {cpu: "64"}}
            """);
        await Eventually.HoldsAsync(async () =>
        {
            var message = await ns.JsonPathAsync("pod/big", "{.status.conditions[?(@.type==\"PodScheduled\")].message}");
            return message.Length > 0 ? null : "no PodScheduled condition yet";
        }, TimeSpan.FromSeconds(30));
        // The doubled full stop is upstream's: the preemption message ends in one and the fit error adds another.
        Assert.Equal("0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..",
            await ns.JsonPathAsync("pod/big", "{.status.conditions[?(@.type==\"PodScheduled\")].message}"));
        Assert.Equal("Unschedulable", await ns.JsonPathAsync("pod/big", "{.status.conditions[?(@.type==\"PodScheduled\")].reason}"));
    }

    [Fact]
    public async Task Pods_for_another_scheduler_are_left_alone()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "sched-other");
        await ns.ApplyAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: stork-pod}
            spec:
              schedulerName: stork
              containers: [{name: main, image: nginx}]
            """);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal("/", await ns.JsonPathAsync("pod/stork-pod", "{.spec.nodeName}/{.status.conditions}"));
    }
}
