using System.Text.Json;
using Dotkube.E2E.Harness;
using Dotkube.Storage.Tests.Etcd;

namespace Dotkube.E2E.Datastore;

/// <summary>A real <c>dotkube server --datastore etcd://…</c> process on a private etcd, driven by kubectl.</summary>
public sealed class EtcdDatastoreTests
{
    [Fact]
    public async Task Kubectl_works_on_an_etcd_datastore_the_state_outlives_the_server_and_oversized_objects_are_413()
    {
        await using var etcd = await EtcdServer.StartAsync();
        await using var server = await DotkubeServer.StartAsync(new DotkubeServerOptions { ExtraArgs = ["--datastore", etcd.Datastore] });

        (await server.Kubectl("create", "namespace", "demo")).EnsureSuccess();
        (await server.Kubectl("-n", "demo", "create", "configmap", "settings", "--from-literal=color=blue")).EnsureSuccess();
        var created = JsonDocument.Parse((await server.Kubectl("-n", "demo", "get", "configmap", "settings", "-o", "json")).EnsureSuccess().Stdout);
        var rv = long.Parse(created.RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(rv > 1, $"resourceVersion {rv} is an etcd revision");

        // 2,000 env vars of 800 bytes: under the API's 3 MiB body limit, over etcd's 1.5 MiB request limit.
        var env = string.Join(',', Enumerable.Range(0, 2000).Select(i => $$"""{"name":"V{{i}}","value":"{{new string('x', 800)}}"}"""));
        var pod = $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"big","namespace":"demo"},"spec":{"containers":[{"name":"c","image":"busybox","env":[{{{env}}}]}]}}""";
        var big = await server.Kubectl(["create", "-f", "-"], pod);
        Assert.False(big.Succeeded);
        Assert.Contains("Error from server (RequestEntityTooLarge)", big.Stderr, StringComparison.Ordinal);

        await server.RestartAsync();
        var again = (await server.Kubectl("-n", "demo", "get", "configmap", "settings", "-o", "jsonpath={.data.color} {.metadata.resourceVersion}")).EnsureSuccess();
        Assert.Equal($"blue {rv}", again.Stdout.Trim());
        Assert.False((await server.Kubectl("-n", "demo", "get", "pod", "big")).Succeeded);
    }
}
