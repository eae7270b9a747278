using System.Diagnostics;
using System.Text.Json.Nodes;
using Dotkube.E2E.Harness;
using Dotkube.Storage.Tests.Etcd;

namespace Dotkube.E2E.HighAvailability;

/// <summary>
/// Two dotkube servers on one etcd and one <c>--pki-dir</c>: a kubeconfig and a service-account token from one work
/// against the other, and the <c>kubernetes</c> Service's endpoints list exactly the live servers — a server that
/// stops leaves at once, one that is killed when its master lease lapses.
/// </summary>
public sealed class SharedPkiAndEndpointsTests : IDisposable
{
    private readonly string pki = Directory.CreateTempSubdirectory("dotkube-shared-pki-").FullName;

    public void Dispose() => Directory.Delete(pki, recursive: true);

    private DotkubeServerOptions Options(EtcdServer etcd) => new()
    {
        ExtraArgs = ["--datastore", etcd.Datastore, "--pki-dir", pki, "--simulated-nodes", "0", "--scheduler=false", "--endpoint-reconciler-ttl", "3s"],
    };

    [Fact]
    public async Task A_kubeconfig_and_a_service_account_token_from_one_server_work_on_the_other_and_the_endpoints_follow_the_live_servers()
    {
        await using var etcd = await EtcdServer.StartAsync();
        await using var first = await DotkubeServer.StartAsync(Options(etcd));
        await using var second = await DotkubeServer.StartAsync(Options(etcd));

        // The first server's admin kubeconfig, pointed at the second: its CA verifies the second's serving certificate,
        // and the second trusts the client certificate the shared CA signed.
        var across = await Harness.Kubectl.RunAsync(first.Kubeconfig, ["--server", second.Url, "get", "namespace", "default", "-o", "name"]);
        Assert.Equal("namespace/default", across.EnsureSuccess().Stdout.Trim());

        // A token the first server signs is accepted by the second.
        var token = (await first.Kubectl("-n", "default", "create", "token", "default")).EnsureSuccess().Stdout.Trim();
        var whoami = await Harness.Kubectl.RunAsync("/dev/null",
            ["--server", second.Url, "--certificate-authority", Path.Combine(pki, "ca.crt"), "--token", token, "auth", "whoami", "-o", "jsonpath={.status.userInfo.username}"]);
        Assert.Equal("system:serviceaccount:default:default", whoami.EnsureSuccess().Stdout.Trim());

        var both = new[] { $"127.0.0.1:{first.Port}", $"127.0.0.1:{second.Port}" }.Order(StringComparer.Ordinal).ToArray();
        await EndpointsBecomeAsync(first, both, TimeSpan.FromSeconds(5));
        var slices = (await first.Kubectl("-n", "default", "get", "endpointslices", "-l", "kubernetes.io/service-name=kubernetes",
            "-o", "jsonpath={range .items[*]}{.endpoints[0].addresses[0]}:{.ports[0].port} {end}")).EnsureSuccess().Stdout;
        Assert.Equal(both, slices.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));

        // A graceful stop removes the server at once; the reconciler's round is 2 s, its TTL 3 s.
        await second.StopAsync();
        await EndpointsBecomeAsync(first, [$"127.0.0.1:{first.Port}"], TimeSpan.FromSeconds(1));

        // A killed server stays listed until its master lease lapses.
        await second.RestartAsync();
        await EndpointsBecomeAsync(first, both, TimeSpan.FromSeconds(5));
        second.Kill();
        var killed = Stopwatch.StartNew();
        await EndpointsBecomeAsync(first, [$"127.0.0.1:{first.Port}"], TimeSpan.FromSeconds(3 + 2 + 2));
        Assert.True(killed.Elapsed > TimeSpan.FromSeconds(0.5), $"the killed server left the endpoints after only {killed.Elapsed}, before its lease could lapse");
    }

    private static async Task EndpointsBecomeAsync(DotkubeServer server, string[] expected, TimeSpan within)
    {
        var waited = Stopwatch.StartNew();
        var seen = "";
        while (waited.Elapsed < within)
        {
            var result = await server.Kubectl("-n", "default", "get", "endpoints", "kubernetes", "-o", "json");
            if (result.Succeeded)
            {
                var subsets = JsonNode.Parse(result.Stdout)!["subsets"]?.AsArray() ?? [];
                var listed = subsets.SelectMany(s => s!["addresses"]!.AsArray().Select(a => $"{a!["ip"]}:{s["ports"]![0]!["port"]}")).Order(StringComparer.Ordinal).ToArray();
                seen = string.Join(' ', listed);
                if (listed.SequenceEqual(expected))
                {
                    return;
                }
            }

            await Task.Delay(100);
        }

        Assert.Fail($"the kubernetes endpoints were [{seen}] after {within}, not [{string.Join(' ', expected)}]");
    }
}
