using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;
using k8s;
using k8s.Models;

namespace Dotkube.E2E.Fidelity;

/// <summary>
/// <c>dryRun=All</c> on every write: the answer is the object as it would be stored (defaulted,
/// validated, admitted), and the store is unchanged — same resourceVersion, nothing created or
/// deleted.
/// </summary>
[Collection(SharedServerCollection.Name)]
public class DryRunTests(SharedServerFixture fixture)
{
    private const string Deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: nginx}]}\n";

    public static TheoryData<string, string[]> Writes => new()
    {
        { "create of a new object", ["create", "--dry-run=server", "-o", "jsonpath={.spec.strategy.rollingUpdate.maxSurge}/{.metadata.uid}", "-f", "-"] },
        { "replace", ["replace", "--dry-run=server", "-o", "jsonpath={.spec.replicas}", "-f", "-"] },
        { "strategic merge patch", ["patch", "deployment", "web", "--dry-run=server", "-p", "{\"spec\":{\"replicas\":5}}", "-o", "jsonpath={.spec.replicas}"] },
        { "merge patch of the status subresource", ["patch", "deployment", "web", "--subresource=status", "--type=merge", "--dry-run=server", "-p", "{\"status\":{\"replicas\":7}}", "-o", "jsonpath={.status.replicas}"] },
        { "scale", ["scale", "deployment", "web", "--replicas=4", "--dry-run=server"] },
        { "label", ["label", "deployment", "web", "tier=front", "--dry-run=server"] },
        { "delete", ["delete", "deployment", "web", "--dry-run=server"] },
        { "client-side apply of a change", ["apply", "--dry-run=server", "-f", "-"] },
    };

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task A_dry_run_write_answers_and_stores_nothing(string what, string[] args)
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "dryrun");
        await ns.ApplyAsync(Deployment);
        // Let the deployment controller and the node finish their writes, so only the dry run could change it.
        (await ns.Run("rollout", "status", "deployment/web", "--timeout=60s")).EnsureSuccess();
        var before = (await ns.Run("get", "deployment", "web", "-o", "json")).EnsureSuccess().Stdout;
        var input = what switch
        {
            "create of a new object" => Deployment.Replace("name: web", "name: other", StringComparison.Ordinal),
            _ => Deployment.Replace("replicas: 1", "replicas: 3", StringComparison.Ordinal),
        };

        var result = await ns.RunWithInput(input, args);

        Assert.True(result.Succeeded, $"{what}: {result}");
        var expected = what switch
        {
            "create of a new object" => "25%/",
            "replace" => "3",
            "strategic merge patch" => "5",
            "merge patch of the status subresource" => "7",
            _ => "(server dry run)",
        };
        Assert.Contains(expected, result.Stdout);
        Assert.Equal(before, (await ns.Run("get", "deployment", "web", "-o", "json")).EnsureSuccess().Stdout);
        Assert.False((await ns.Run("get", "deployment", "other")).Succeeded, "a dry-run create stored the object");
    }

    [Fact]
    public async Task A_dry_run_delete_collection_lists_what_it_would_delete_and_deletes_nothing()
    {
        using var client = fixture.Server.Client();
        var ns = await Client.ClientTestHelpers.CreateNamespaceAsync(client, "dryrun-dc");
        foreach (var name in new[] { "a", "b" })
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name } }, ns);
        }

        await client.CoreV1.DeleteCollectionNamespacedConfigMapAsync(ns, dryRun: "All");

        var left = await client.CoreV1.ListNamespacedConfigMapAsync(ns);
        var names = left.Items.Select(c => c.Metadata.Name).ToList();
        Assert.Contains("a", names);
        Assert.Contains("b", names);
    }

    [Fact]
    public async Task A_dry_run_create_of_a_node_port_service_does_not_keep_the_port()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "dryrun-np");
        const string Service = "apiVersion: v1\nkind: Service\nmetadata: {name: np}\nspec:\n  type: NodePort\n  selector: {app: x}\n  ports: [{port: 80, nodePort: 31999}]\n";

        (await ns.RunWithInput(Service, "create", "--dry-run=server", "-f", "-")).EnsureSuccess();
        var real = await ns.RunWithInput(Service, "create", "-f", "-");

        Assert.True(real.Succeeded, real.ToString());
    }
}
