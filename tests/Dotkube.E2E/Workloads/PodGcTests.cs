using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.Workloads;

/// <summary>The pod garbage collector on a server of its own, with short test timings (--pod-gc-period) and a low threshold.</summary>
public class PodGcTests
{
    [Fact]
    public async Task Orphaned_pods_and_finished_pods_above_the_threshold_are_collected()
    {
        await using var server = await DotkubeServer.StartAsync(new DotkubeServerOptions
        {
            ExtraArgs = ["--simulated-nodes", "1", "--pod-gc-period", "1s", "--terminated-pod-gc-threshold", "2"],
        });
        // Bound to a node that does not exist: marked Failed by PodGC and deleted after the quarantine.
        (await server.Kubectl(["create", "-f", "-"], """
            apiVersion: v1
            kind: Pod
            metadata: {name: orphan, namespace: default}
            spec:
              nodeName: ghost
              containers: [{name: c, image: nginx}]
            """)).EnsureSuccess();
        (await server.Kubectl("wait", "--for=delete", "pod/orphan", "--timeout=30s")).EnsureSuccess();

        foreach (var name in new[] { "one", "two", "three" })
        {
            (await server.Kubectl(["create", "-f", "-"], $$$"""
                apiVersion: v1
                kind: Pod
                metadata: {name: {{{name}}}, namespace: default, annotations: {sim.dotkube.io/run-time: 200ms}}
                spec:
                  restartPolicy: Never
                  containers: [{name: c, image: busybox}]
                """)).EnsureSuccess();
            (await server.Kubectl("wait", "--for=jsonpath={.status.phase}=Succeeded", "pod/" + name, "--timeout=30s")).EnsureSuccess();
        }
        await Eventually.HoldsAsync(async () =>
        {
            var pods = (await server.Kubectl("get", "pods", "-o", "jsonpath={.items[*].metadata.name}")).EnsureSuccess().Stdout;
            return pods == "three two" || pods == "two three" ? null : "pods: " + pods;
        }, TimeSpan.FromSeconds(30));
    }
}
