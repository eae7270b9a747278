using System.Net;
using Dotkube.E2E.Harness;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Dotkube.E2E.Smoke;

/// <summary>The official C# client against a real server: CRUD, conflicts and watches.</summary>
[Collection(SharedServerCollection.Name)]
public class KubernetesClientSmokeTests(SharedServerFixture fixture)
{
    [Fact]
    public async Task CrudConflictsAndAResumedWatch()
    {
        using var client = fixture.Server.Client();
        var ns = SharedServerFixture.UniqueNamespace("client");
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a", Labels = new Dictionary<string, string> { ["app"] = "x" } }, Data = new Dictionary<string, string> { ["k"] = "1" } }, ns);
        var startRv = created.Metadata.ResourceVersion;

        created.Data["k"] = "2";
        var updated = await client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "a", ns);
        Assert.NotEqual(startRv, updated.Metadata.ResourceVersion);

        created.Metadata.ResourceVersion = startRv;
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "a", ns));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);

        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("{\"data\":{\"k\":\"3\"}}", V1Patch.PatchType.MergePatch), "a", ns);
        var list = await client.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: "app=x");
        Assert.Equal("3", Assert.Single(list.Items).Data["k"]);
        await client.CoreV1.DeleteNamespacedConfigMapAsync("a", ns);

        // A watch resumed from the first resourceVersion replays exactly what came after it.
        var seen = new List<(WatchEventType, string)>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await foreach (var (type, cm) in client.CoreV1.WatchListNamespacedConfigMapAsync(ns, resourceVersion: startRv, cancellationToken: cts.Token))
        {
            seen.Add((type, cm.Data?["k"] ?? ""));
            if (type == WatchEventType.Deleted)
            {
                break;
            }
        }
        Assert.Equal([(WatchEventType.Modified, "2"), (WatchEventType.Modified, "3"), (WatchEventType.Deleted, "3")], seen);
    }
}
