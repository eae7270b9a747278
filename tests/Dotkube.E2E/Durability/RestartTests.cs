using System.Text.Json.Nodes;
using Dotkube.E2E.BadInput;
using Dotkube.E2E.Harness;
using k8s;
using k8s.Models;
using static Dotkube.E2E.Client.ClientTestHelpers;

namespace Dotkube.E2E.Durability;

/// <summary>A graceful stop and a start on the same data directory lose and change nothing.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task Every_object_comes_back_byte_for_byte_and_new_writes_get_higher_resourceVersions()
    {
        // No controllers: they would rewrite the objects this test compares across the restart.
        await using var server = await DotkubeServer.StartAsync(new DotkubeServerOptions { ExtraArgs = ["--controllers="] });
        var ns = "durable";
        var paths = new List<string>();
        long lastRv;
        using (var client = server.Client())
        {
            await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
            paths.Add($"/api/v1/namespaces/{ns}");
            foreach (var i in Enumerable.Range(1, 5))
            {
                await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap($"cm{i}", new Dictionary<string, string> { ["n"] = $"{i}", ["unicode"] = "grüße ✓ 日本" }), ns);
                paths.Add($"/api/v1/namespaces/{ns}/configmaps/cm{i}");
            }

            await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"n":"patched"}}""", V1Patch.PatchType.MergePatch), "cm2", ns);
            await client.CoreV1.DeleteNamespacedConfigMapAsync("cm3", ns);
            paths.Remove($"/api/v1/namespaces/{ns}/configmaps/cm3");
            await client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = "token" },
                StringData = new Dictionary<string, string> { ["password"] = "s3cret" },
            }, ns);
            paths.Add($"/api/v1/namespaces/{ns}/secrets/token");
            await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web"), ns);
            var last = await client.AppsV1.PatchNamespacedDeploymentScaleAsync(new V1Patch("""{"spec":{"replicas":4}}""", V1Patch.PatchType.MergePatch), "web", ns);
            paths.Add($"/apis/apps/v1/namespaces/{ns}/deployments/web");
            lastRv = Rv(last.Metadata.ResourceVersion);
        }

        var before = await ReadAllAsync(server, paths);
        var listBefore = await ConfigMapNamesAsync(server, ns);

        var exitCode = await server.StopAsync();
        Assert.Equal(0, exitCode);
        await server.RestartAsync();

        var after = await ReadAllAsync(server, paths);
        foreach (var path in paths)
        {
            Assert.True(before[path] == after[path], $"{path} changed across the restart:\nbefore {before[path]}\nafter  {after[path]}");
        }

        Assert.Equal(listBefore, await ConfigMapNamesAsync(server, ns));
        using var http = AdminHttp.For(server);
        using (var deleted = await http.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/cm3"))
        {
            await deleted.AssertStatusAsync(404, "NotFound");
        }

        using var fresh = server.Client();
        var list = await fresh.CoreV1.ListNamespacedConfigMapAsync(ns);
        Assert.True(Rv(list.Metadata.ResourceVersion) >= lastRv, $"list resourceVersion {list.Metadata.ResourceVersion} went below the last write {lastRv}");
        var next = await fresh.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("after-restart"), ns);
        Assert.True(Rv(next) > lastRv, $"a write after the restart got {next.Metadata.ResourceVersion}, not above {lastRv}");
        var updated = await fresh.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"n":"again"}}""", V1Patch.PatchType.MergePatch), "cm1", ns);
        Assert.True(Rv(updated) > Rv(next));
    }

    private static async Task<Dictionary<string, string>> ReadAllAsync(DotkubeServer server, IEnumerable<string> paths)
    {
        using var http = AdminHttp.For(server);
        var result = new Dictionary<string, string>();
        foreach (var path in paths)
        {
            result[path] = await http.GetStringAsync(path);
            Assert.NotNull(JsonNode.Parse(result[path])?["metadata"]?["resourceVersion"]);
        }

        return result;
    }

    private static async Task<List<string>> ConfigMapNamesAsync(DotkubeServer server, string ns)
    {
        using var client = server.Client();
        var list = await client.CoreV1.ListNamespacedConfigMapAsync(ns);
        return [.. list.Items.Select(c => $"{c.Metadata.Name}@{c.Metadata.ResourceVersion}")];
    }
}
