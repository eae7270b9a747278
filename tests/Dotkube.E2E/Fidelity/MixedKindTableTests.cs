using System.Text.RegularExpressions;
using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.Fidelity;

/// <summary>
/// <c>kubectl get</c> of several kinds at once: <c>kubectl get all</c> expands the "all" category
/// as upstream (in discovery order, which is by resource name within a group) and prints one
/// table per kind with upstream's printer columns; <c>-o wide</c> adds the wide columns.
/// </summary>
[Collection(SharedServerCollection.Name)]
public partial class MixedKindTableTests(SharedServerFixture fixture)
{
    private const string Template = "  template:\n    metadata: {labels: {app: x}}\n    spec: {containers: [{name: c, image: nginx}]}\n";

    private static readonly string Objects = string.Join("---\n",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: {containers: [{name: c, image: nginx}]}\n",
        "apiVersion: v1\nkind: ReplicationController\nmetadata: {name: x}\nspec:\n  selector: {app: x}\n" + Template,
        "apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {selector: {app: x}, ports: [{port: 80}]}\n",
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: x}\nspec:\n  selector: {matchLabels: {app: x}}\n" + Template,
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  selector: {matchLabels: {app: x}}\n" + Template,
        "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: x}\nspec:\n  selector: {matchLabels: {app: x}}\n" + Template,
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: x}\nspec:\n  serviceName: x\n  selector: {matchLabels: {app: x}}\n" + Template,
        "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: x}\nspec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: x}, maxReplicas: 3}\n",
        "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: x}\nspec:\n  schedule: '@hourly'\n  jobTemplate:\n    spec:\n      template:\n        spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}\n",
        "apiVersion: batch/v1\nkind: Job\nmetadata: {name: x}\nspec:\n  template:\n    spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}\n",
        // Not in the "all" category: must not be listed.
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");

    [Fact]
    public async Task Get_all_prints_every_kind_of_the_all_category_in_upstreams_order_with_its_columns()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "get-all");
        await ns.ApplyAsync(Objects);

        var blocks = Blocks((await ns.Run("get", "all")).EnsureSuccess().Stdout);

        Assert.Equal(
            [
                ("pod/x", "NAME READY STATUS RESTARTS AGE"),
                ("replicationcontroller/x", "NAME DESIRED CURRENT READY AGE"),
                ("service/x", "NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE"),
                ("daemonset.apps/x", "NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE"),
                ("deployment.apps/x", "NAME READY UP-TO-DATE AVAILABLE AGE"),
                ("replicaset.apps/x", "NAME DESIRED CURRENT READY AGE"),
                ("statefulset.apps/x", "NAME READY AGE"),
                ("horizontalpodautoscaler.autoscaling/x", "NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE"),
                ("cronjob.batch/x", "NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE"),
                ("job.batch/x", "NAME STATUS COMPLETIONS DURATION AGE"),
            ],
            blocks);
    }

    [Fact]
    public async Task Get_of_a_comma_separated_list_of_kinds_prints_their_wide_tables_in_the_order_asked()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "get-wide");
        await ns.ApplyAsync(Objects);

        var blocks = Blocks((await ns.Run("get", "deploy,svc,pods", "-o", "wide")).EnsureSuccess().Stdout);

        Assert.Equal(
            [
                ("deployment.apps/x", "NAME READY UP-TO-DATE AVAILABLE AGE CONTAINERS IMAGES SELECTOR"),
                ("service/x", "NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE SELECTOR"),
                ("pod/x", "NAME READY STATUS RESTARTS AGE IP NODE NOMINATED NODE READINESS GATES"),
            ],
            blocks);
    }

    /// <summary>Each table of kubectl's output: its first row's name and its header, columns joined by one space.</summary>
    private static List<(string, string)> Blocks(string output) =>
        output.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(block => block.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            .Select(lines => (Columns().Split(lines[1].Trim())[0], string.Join(' ', Columns().Split(lines[0].Trim()))))
            .ToList();

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex Columns();
}
