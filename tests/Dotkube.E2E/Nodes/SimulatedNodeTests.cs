using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.Nodes;

/// <summary>
/// The simulated nodes a default server runs (node1 … node3), seen through kubectl as kubelets
/// would be: registered, Ready, running bound pods through their lifecycle.
/// </summary>
[Collection(SharedServerCollection.Name)]
public class SimulatedNodeTests(SharedServerFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static string Pod(string name, string node, string annotations = "{}", string restartPolicy = "Always") => $$"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{name}}
          annotations: {{annotations}}
        spec:
          nodeName: {{node}}
          restartPolicy: {{restartPolicy}}
          terminationGracePeriodSeconds: 5
          containers:
          - name: main
            image: nginx:1.27
        """;

    [Fact]
    public async Task Three_simulated_nodes_are_registered_and_ready_with_kubelet_details()
    {
        var table = KubectlTable.Parse((await fixture.Server.Kubectl("get", "nodes", "-o", "wide")).EnsureSuccess().Stdout);
        Assert.Equal(["NAME", "STATUS", "ROLES", "AGE", "VERSION", "INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"], table.Headers);
        Assert.Equal(["node1", "node2", "node3"], table.Rows.Select(r => r["NAME"]));
        Assert.All(table.Rows, r => Assert.Equal(("Ready", "v1.32.0", "containerd://1.7.24"), (r["STATUS"], r["VERSION"], r["CONTAINER-RUNTIME"])));
        var holder = (await fixture.Server.Kubectl("get", "lease", "node2", "-n", "kube-node-lease", "-o", "jsonpath={.spec.holderIdentity}")).EnsureSuccess().Stdout;
        Assert.Equal("node2", holder);
    }

    [Fact]
    public async Task A_bound_pod_becomes_running_and_ready_with_an_address_from_its_node()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "sim-run");
        await ns.ApplyAsync(Pod("web", "node1"));
        (await ns.Run("wait", "--for=condition=Ready", "pod/web", "--timeout=30s")).EnsureSuccess();
        Assert.Equal("Running", await ns.JsonPathAsync("pod/web", "{.status.phase}"));
        Assert.Equal("172.20.0.2", await ns.JsonPathAsync("pod/web", "{.status.hostIP}"));
        Assert.StartsWith("10.244.0.", await ns.JsonPathAsync("pod/web", "{.status.podIP}"), StringComparison.Ordinal);
        Assert.Equal("docker.io/library/nginx:1.27", await ns.JsonPathAsync("pod/web", "{.status.containerStatuses[0].image}"));
    }

    [Fact]
    public async Task Deleting_a_running_pod_waits_for_its_node_and_then_it_is_gone()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "sim-delete");
        await ns.ApplyAsync(Pod("web", "node2"));
        (await ns.Run("wait", "--for=condition=Ready", "pod/web", "--timeout=30s")).EnsureSuccess();
        var deleted = (await ns.Run("delete", "pod", "web", "--timeout=30s")).EnsureSuccess();
        Assert.Equal("pod \"web\" deleted\n", deleted.Stdout);
        var get = await ns.Run("get", "pod", "web");
        Assert.Equal(1, get.ExitCode);
        Assert.Contains("pods \"web\" not found", get.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_crash_looping_pod_shows_CrashLoopBackOff_and_counts_restarts()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "sim-crash");
        await ns.ApplyAsync(Pod("crash", "node3", """{"sim.dotkube.io/crash-loop": "true"}"""));
        await Eventually.HoldsAsync(async () =>
        {
            var row = KubectlTable.Parse((await ns.Run("get", "pod", "crash")).EnsureSuccess().Stdout).Rows.Single();
            return row["STATUS"] == "CrashLoopBackOff" && row["RESTARTS"].StartsWith('1') ? null : $"{row["STATUS"]} {row["RESTARTS"]}";
        }, Timeout);
        Assert.Equal("Error", await ns.JsonPathAsync("pod/crash", "{.status.containerStatuses[0].lastState.terminated.reason}"));
    }

    [Fact]
    public async Task A_pod_that_runs_to_completion_shows_Completed()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "sim-complete");
        await ns.ApplyAsync(Pod("once", "node1", """{"sim.dotkube.io/run-time": "1s"}""", restartPolicy: "Never"));
        (await ns.Run("wait", "--for=jsonpath={.status.phase}=Succeeded", "pod/once", "--timeout=30s")).EnsureSuccess();
        var row = KubectlTable.Parse((await ns.Run("get", "pod", "once")).EnsureSuccess().Stdout).Rows.Single();
        Assert.Equal(("0/1", "Completed"), (row["READY"], row["STATUS"]));
    }
}

/// <summary>Powering a simulated node off and on through its annotation (a server of its own: it changes a node).</summary>
public class SimulatedNodePowerTests
{
    [Fact]
    public async Task A_powered_off_node_leaves_its_pods_alone_until_it_is_back()
    {
        await using var server = await DotkubeServer.StartAsync(new DotkubeServerOptions { ExtraArgs = ["--simulated-nodes", "1"] });
        (await server.Kubectl("annotate", "node", "node1", "sim.dotkube.io/power=off")).EnsureSuccess();
        (await server.Kubectl(["apply", "-f", "-"], """
            apiVersion: v1
            kind: Pod
            metadata: {name: waiting}
            spec:
              nodeName: node1
              containers: [{name: main, image: nginx}]
            """)).EnsureSuccess();
        await Task.Delay(TimeSpan.FromSeconds(2));
        // Still only what the API server wrote at creation: no node has reported on it.
        Assert.Equal("Pending/", (await server.Kubectl("get", "pod", "waiting", "-o", "jsonpath={.status.phase}/{.status.hostIP}")).EnsureSuccess().Stdout);

        (await server.Kubectl("annotate", "node", "node1", "sim.dotkube.io/power-")).EnsureSuccess();
        (await server.Kubectl("wait", "--for=condition=Ready", "pod/waiting", "--timeout=30s")).EnsureSuccess();
    }
}
