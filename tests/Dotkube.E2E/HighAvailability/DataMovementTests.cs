using System.Diagnostics;
using Dotkube.E2E.Harness;
using Dotkube.Storage.Tests.Etcd;

namespace Dotkube.E2E.HighAvailability;

/// <summary>
/// A cluster moved with <c>dotkube datastore migrate</c> from SQLite to etcd, then backed up with
/// <c>snapshot save</c> while its server runs and restored into a new SQLite data directory: every object comes
/// through with its uid and content, and a watch from a resourceVersion of the old store is refused, so clients re-list.
/// </summary>
public sealed class DataMovementTests : IDisposable
{
    private const string Objects = "namespaces,configmaps,secrets,serviceaccounts,roles,rolebindings,clusterroles,clusterrolebindings,services,priorityclasses";
    private static readonly string[] Light = ["--simulated-nodes", "0", "--scheduler=false"];
    private readonly string root = Directory.CreateTempSubdirectory("dotkube-move-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task Objects_keep_their_uids_and_content_from_sqlite_to_etcd_to_sqlite_and_old_resource_versions_are_refused()
    {
        await using var etcd = await EtcdServer.StartAsync();
        var dataDir = Path.Combine(root, "server");
        string before;
        string oldRv;
        await using (var onSqlite = await DotkubeServer.StartAsync(new DotkubeServerOptions { DataDir = dataDir, ExtraArgs = Light }))
        {
            (await onSqlite.Kubectl("create", "namespace", "move")).EnsureSuccess();
            (await onSqlite.Kubectl("-n", "move", "create", "configmap", "settings", "--from-literal=color=blue")).EnsureSuccess();
            (await onSqlite.Kubectl("-n", "move", "create", "secret", "generic", "password", "--from-literal=p=s3cret")).EnsureSuccess();
            (await onSqlite.Kubectl("-n", "move", "create", "role", "reader", "--verb=get", "--resource=pods")).EnsureSuccess();
            (await onSqlite.Kubectl("-n", "move", "create", "rolebinding", "reader", "--role=reader", "--user=alice")).EnsureSuccess();
            oldRv = (await onSqlite.Kubectl("-n", "move", "get", "configmap", "settings", "-o", "jsonpath={.metadata.resourceVersion}")).EnsureSuccess().Stdout;
            before = await InventoryAsync(onSqlite);
            await onSqlite.StopAsync();
        }

        (await DotkubeAsync("datastore", "migrate", "--from", "sqlite", "--to", etcd.Datastore, "--data-dir", dataDir)).EnsureSuccess();
        var restoredDir = Path.Combine(root, "restored");
        await using (var onEtcd = await DotkubeServer.StartAsync(new DotkubeServerOptions { DataDir = dataDir, ExtraArgs = ["--datastore", etcd.Datastore, .. Light] }))
        {
            Assert.Equal(before, await InventoryAsync(onEtcd));
            Assert.Equal("blue s3cret", await ContentAsync(onEtcd));
            var watch = await onEtcd.Kubectl(["get", "--raw", $"/api/v1/namespaces/move/configmaps?watch=1&resourceVersion={oldRv}&timeoutSeconds=5"], null, timeout: TimeSpan.FromSeconds(30));
            Assert.Matches("too old resource version|Too large resource version", watch.Stdout + watch.Stderr);

            // A backup of the running etcd cluster, restored into a new SQLite data directory.
            var file = Path.Combine(root, "etcd.snapshot");
            (await DotkubeAsync("datastore", "snapshot", "save", file, "--datastore", etcd.Datastore)).EnsureSuccess();
            (await DotkubeAsync("datastore", "snapshot", "restore", file, "--data-dir", restoredDir)).EnsureSuccess();
        }

        await using var restored = await DotkubeServer.StartAsync(new DotkubeServerOptions { DataDir = restoredDir, ExtraArgs = Light });
        Assert.Equal(before, await InventoryAsync(restored));
        Assert.Equal("blue s3cret", await ContentAsync(restored));
    }

    /// <summary>Every object of the kinds above as kind/namespace/name uid, sorted.</summary>
    private static async Task<string> InventoryAsync(DotkubeServer server)
    {
        var listed = (await server.Kubectl("get", Objects, "-A", "-o",
            "jsonpath={range .items[*]}{.kind}/{.metadata.namespace}/{.metadata.name} {.metadata.uid}{\"\\n\"}{end}")).EnsureSuccess().Stdout;
        var lines = listed.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();
        Assert.True(lines.Count > 100, $"only {lines.Count} objects listed");
        return string.Join('\n', lines);
    }

    private static async Task<string> ContentAsync(DotkubeServer server)
    {
        var color = (await server.Kubectl("-n", "move", "get", "configmap", "settings", "-o", "jsonpath={.data.color}")).EnsureSuccess().Stdout;
        var secret = (await server.Kubectl("-n", "move", "get", "secret", "password", "-o", "jsonpath={.data.p}")).EnsureSuccess().Stdout;
        return $"{color} {System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(secret))}";
    }

    private static async Task<KubectlResult> DotkubeAsync(params string[] args)
    {
        var binary = DotkubeBinary.Locate();
        var start = new ProcessStartInfo(binary.FileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in binary.PrefixArgs.Concat(args))
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        return new KubectlResult(["dotkube", .. args], process.ExitCode, await stdout, await stderr);
    }
}
