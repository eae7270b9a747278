using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.Fidelity;

/// <summary>
/// <c>kubectl rollout undo</c> to the revision a workload already runs: kubectl compares its own
/// encoding of the template with the ControllerRevision's bytes (Deployments: the ReplicaSet's
/// template) and says it skipped the rollback.
/// </summary>
[Collection(SharedServerCollection.Name)]
public sealed class RolloutUndoTests(SharedServerFixture fixture)
{
    private static string Workload(string kind, string name, string greeting) => $"""
        apiVersion: apps/v1
        kind: {kind}
        metadata:
          name: {name}
        spec:
          {(kind == "StatefulSet" ? "serviceName: " + name : "")}
          selector:
            matchLabels: {"{"}app: {name}{"}"}
          template:
            metadata:
              labels: {"{"}app: {name}{"}"}
            spec:
              containers:
              - name: web
                image: nginx:1.27
                ports:
                - containerPort: 80
                env:
                - name: GREETING
                  value: "{greeting}"
        """;

    [Theory]
    [InlineData("DaemonSet", "daemonset.apps", "hello")]
    [InlineData("StatefulSet", "statefulset.apps", "hello")]
    [InlineData("Deployment", "deployment.apps", "hello")]
    // Go's encoder writes <, > and & as \u003c, \u003e, \u0026: the revision's bytes must too.
    [InlineData("DaemonSet", "daemonset.apps", "a < b && c > d, café 😀")]
    [InlineData("StatefulSet", "statefulset.apps", "a < b && c > d, café 😀")]
    public async Task Undo_to_the_current_revision_is_skipped(string kind, string printed, string greeting)
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "undo-" + kind.ToLowerInvariant()[..6]);
        var name = "app";
        (await ns.RunWithInput(Workload(kind, name, greeting), "apply", "-f", "-")).EnsureSuccess();
        var target = $"{kind.ToLowerInvariant()}/{name}";
        await Eventually.HoldsAsync(async () =>
        {
            var history = await ns.Run("rollout", "history", target);
            return history.Succeeded && history.Stdout.Contains("\n1 ", StringComparison.Ordinal) ? null : history.ToString();
        }, TimeSpan.FromSeconds(30));

        var result = (await ns.Run("rollout", "undo", target, "--to-revision=1")).EnsureSuccess();

        Assert.Equal($"{printed}/{name} skipped rollback (current template already matches revision 1)\n", result.Stdout);
    }
}
