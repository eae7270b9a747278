using System.Collections.Concurrent;
using Dotkube.Client;
using Dotkube.Client.Informers;
using Dotkube.E2E.Harness;
using k8s.Models;

namespace Dotkube.E2E.Durability;

/// <summary>
/// A Dotkube.Client informer watching through a SIGKILL and restart of a real server: SQLite keeps
/// the revisions, so the informer resumes its watch from the last resourceVersion it saw and gets
/// every change, without a relist.
/// </summary>
public sealed class InformerAcrossCrashTests
{
    private const string Ns = "informer-crash";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private static V1ConfigMap ConfigMap(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Ns },
        Data = new Dictionary<string, string> { ["v"] = "1" },
    };

    [Fact]
    public async Task An_informer_loses_no_event_when_the_server_is_killed_and_restarted_mid_watch()
    {
        await using var server = await DotkubeServer.StartAsync();
        using var client = KubeApiClient.FromKubeconfig(server.Kubeconfig, options: new KubeApiClientOptions { RequestTimeout = TimeSpan.FromSeconds(10) });
        await client.CreateAsync(ResourceType.Namespaces, null, new V1Namespace { Metadata = new V1ObjectMeta { Name = Ns } });

        await using var informer = new Informer<V1ConfigMap>(client, ResourceType.ConfigMaps, new InformerOptions
        {
            Namespace = Ns,
            InitialBackoff = TimeSpan.FromMilliseconds(100),
            MaxBackoff = TimeSpan.FromSeconds(1),
        });
        var seen = new ConcurrentQueue<string>();
        var failures = new ConcurrentQueue<InformerFailure>();
        informer.Failed += failures.Enqueue;
        informer.AddHandler(
            onAdd: (o, _) => seen.Enqueue($"add {o.Metadata.Name}"),
            onUpdate: (_, n) => seen.Enqueue($"update {n.Metadata.Name} {n.Data["v"]}"),
            onDelete: (o, unknown) => seen.Enqueue($"delete {o.Metadata.Name}{(unknown ? " tombstone" : "")}"));
        informer.Start();
        await informer.WaitForSyncAsync().WaitAsync(Wait);

        for (var i = 0; i < 5; i++)
        {
            await client.CreateAsync(ResourceType.ConfigMaps, Ns, ConfigMap("before-" + i));
        }
        await Until(() => seen.Contains("add before-4"), seen);

        server.Kill();
        await Until(() => !failures.IsEmpty, seen);
        await server.RestartAsync();

        using var after = KubeApiClient.FromKubeconfig(server.Kubeconfig);
        for (var i = 0; i < 5; i++)
        {
            await after.CreateAsync(ResourceType.ConfigMaps, Ns, ConfigMap("after-" + i));
        }
        await after.PatchAsync<V1ConfigMap>(ResourceType.ConfigMaps, Ns, "before-0", PatchType.Merge, """{"data":{"v":"2"}}""");
        await after.DeleteAsync(ResourceType.ConfigMaps, Ns, "before-1");
        await Until(() => seen.Contains("delete before-1"), seen);

        string[] expected =
        [
            "add before-0", "add before-1", "add before-2", "add before-3", "add before-4",
            "add after-0", "add after-1", "add after-2", "add after-3", "add after-4",
            "update before-0 2", "delete before-1",
        ];
        Assert.Equal(expected, seen.ToArray());
        Assert.Equal(1, informer.ListCount);
        Assert.Contains(failures, f => f.Operation == "watch");

        var truth = await after.ListAsync<V1ConfigMap>(ResourceType.ConfigMaps, Ns);
        Assert.Equal(truth.Items.Select(c => c.Metadata.Name).Order(), informer.Cache.List().Select(c => c.Metadata.Name).Order());
    }

    private static async Task Until(Func<bool> condition, ConcurrentQueue<string> seen)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out; saw [{string.Join(", ", seen)}]");
            await Task.Delay(20);
        }
    }
}
