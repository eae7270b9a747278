using System.Globalization;
using System.Net;
using System.Text;
using Dotkube.Bench.Api;
using static Dotkube.Bench.BenchSupport;

namespace Dotkube.Bench.Extensions;

/// <summary>
/// Issue 5's figures on an API-only <c>dotkube server</c> process, each against an in-run
/// baseline: (c) creates of a custom resource whose CRD schema is operator-sized (the
/// <see cref="LargeSchema"/> generator) against creates of a StatefulSet carrying the same pod and
/// claim templates (the built-in type of similar size), timed before and after; (w) create
/// latency with one no-op validating webhook in the path against the same creates where it does
/// not match.
/// </summary>
internal static class ExtensionsBenchmark
{
    public const string Usage = "custom resources with a large schema vs a built-in type; create latency with a no-op webhook [--seconds 10] [--warmup 5] [--clients 16] [--dotkube PATH]";

    private const string HookLabel = "bench-webhook";

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var seconds = TimeSpan.FromSeconds(args.Double("seconds", 10));
        var warmup = TimeSpan.FromSeconds(args.Double("warmup", 5));
        var clientCount = (int)args.Double("clients", 16);
        var root = RepositoryRoot();
        var dotkube = args.String("dotkube", Path.Combine(root, "src", "Dotkube", "bin", "Release", "net10.0", "dotkube"));
        var dir = Directory.CreateTempSubdirectory("dotkube-bench-extensions-").FullName;
        var port = Posix.FreeLoopbackPort();
        Console.WriteLine($"Machine: {Machine.Describe()}, load average at start {Posix.LoadAverage()}");
        Console.WriteLine($"Command: `dotnet run -c Release --project bench/Dotkube.Bench -- extensions --seconds {seconds.TotalSeconds} --warmup {warmup.TotalSeconds} --clients {clientCount}`");
        Console.WriteLine($"Server: `dotkube server --controllers= --scheduler=false --simulated-nodes 0` (API only), sqlite datastore ({dotkube}, built {File.GetLastWriteTimeUtc(dotkube):yyyy-MM-dd HH:mm} UTC)");
        await using var server = ServedProcess.Start(dotkube,
            ["server", "--data-dir", dir, "--port", port.ToString(CultureInfo.InvariantCulture), "--bind-address", "127.0.0.1",
                "--controllers=", "--scheduler=false", "--simulated-nodes", "0"],
            new Dictionary<string, string>(), ApiBenchmark.ReadyText);
        var rows = new List<string>();
        try
        {
            await server.WaitReadyAsync(TimeSpan.FromMinutes(2));
            using var clients = new ApiClients(ClusterCredentials.FromKubeconfig(Path.Combine(dir, "kubeconfig")), HttpVersion.Version20);
            var admin = clients.Create();
            var load = clients.Create(clientCount);
            var one = new[] { clients.Create() };
            await MustAsync(admin, BenchObjects.Post("/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"objects"}}"""), HttpStatusCode.Created);

            // (c) the large-schema custom resource against the StatefulSet.
            var schema = LargeSchema.ClusterSchema();
            var crd = BenchObjects.Crd(schema).ToJsonString();
            ApiBenchmark.Progress($"creating the CRD ({crd.Length / 1024} KB)");
            await MustAsync(admin, BenchObjects.Post("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd), HttpStatusCode.Created);
            await UntilAsync(async () =>
            {
                using var probe = BenchObjects.Post("/apis/bench.dotkube.io/v1/namespaces/objects/clusters", BenchObjects.Cluster("objects", "probe"));
                using var response = await admin.SendAsync(probe);
                return response.StatusCode == HttpStatusCode.Created;
            }, TimeSpan.FromSeconds(30));
            var sequence = 0L;
            ClosedLoop.Request statefulSet = (c, _, ct) => ClosedLoop.ExpectAsync(c,
                BenchObjects.Post("/apis/apps/v1/namespaces/objects/statefulsets", BenchObjects.StatefulSet("objects", $"sts-{Interlocked.Increment(ref sequence)}")), HttpStatusCode.Created, ct);
            ClosedLoop.Request cluster = (c, _, ct) => ClosedLoop.ExpectAsync(c,
                BenchObjects.Post("/apis/bench.dotkube.io/v1/namespaces/objects/clusters", BenchObjects.Cluster("objects", $"cr-{Interlocked.Increment(ref sequence)}")), HttpStatusCode.Created, ct);
            ApiBenchmark.Progress("warm-up");
            await ClosedLoop.RunAsync(load, warmup, long.MaxValue, statefulSet);
            await ClosedLoop.RunAsync(load, warmup, long.MaxValue, cluster);
            ApiBenchmark.Progress("(c) creates");
            var s1 = await PhaseAsync(server.Id, load, seconds, statefulSet);
            var c1 = await PhaseAsync(server.Id, load, seconds, cluster);
            var s2 = await PhaseAsync(server.Id, load, seconds, statefulSet);
            var baseRate = (s1.Loop.PerSecond + s2.Loop.PerSecond) / 2;
            var baseCpu = (s1.ServerMicroseconds + s2.ServerMicroseconds) / 2;
            var stsBytes = Encoding.UTF8.GetByteCount(BenchObjects.StatefulSet("objects", "sts-1000"));
            var crBytes = Encoding.UTF8.GetByteCount(BenchObjects.Cluster("objects", "cr-1000"));
            rows.Add(Row("c0", $"CRD with a generated schema of {LargeSchema.CountSchemas(schema):N0} schema nodes, {crd.Length / 1024:N0} KB JSON (full PodTemplateSpec, PersistentVolumeClaim and Service schemas)", "created, served", "", ""));
            rows.Add(Row("s1", $"StatefulSet creates ({stsBytes:N0} B body: one pod template, one claim template), {clientCount} clients", Describe(s1), "1.00", "s"));
            rows.Add(Row("c1", $"custom resource creates ({crBytes:N0} B body: the same templates in spec.nodeSets[0]), {clientCount} clients", Describe(c1), $"{c1.Loop.PerSecond / baseRate:F2}", "s"));
            rows.Add(Row("s2", "StatefulSet creates again, after c1", Describe(s2), $"{s2.Loop.PerSecond / baseRate:F2}", "s"));
            rows.Add(Row("c2", "server CPU per create: custom resource against StatefulSet", $"{c1.ServerMicroseconds:F0} / {baseCpu:F0} µs", $"{c1.ServerMicroseconds / baseCpu:F2}", "s"));

            // (w) one no-op validating webhook.
            await using var webhook = await NoopWebhook.StartAsync();
            await MustAsync(admin, BenchObjects.Post("/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"hook-off"}}"""), HttpStatusCode.Created);
            await MustAsync(admin, BenchObjects.Post("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"hook-on\",\"labels\":{\"" + HookLabel + "\":\"on\"}}}"), HttpStatusCode.Created);
            ClosedLoop.Request Cm(string ns) => (c, _, ct) => ClosedLoop.ExpectAsync(c,
                BenchObjects.Post($"/api/v1/namespaces/{ns}/configmaps", BenchObjects.ConfigMap(ns, $"cm-{Interlocked.Increment(ref sequence)}")), HttpStatusCode.Created, ct);
            await MustAsync(admin, BenchObjects.Post("/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations", webhook.Configuration("bench-noop", HookLabel)), HttpStatusCode.Created);
            ApiBenchmark.Progress("waiting for the webhook to be called");
            await UntilAsync(async () =>
            {
                var before = webhook.Calls;
                await ClosedLoop.RunAsync(one, TimeSpan.FromMilliseconds(1), 1, Cm("hook-on"));
                return webhook.Calls > before;
            }, TimeSpan.FromSeconds(30));
            ApiBenchmark.Progress("(w) webhook latency");
            await ClosedLoop.RunAsync(one, warmup, long.MaxValue, Cm("hook-on"));
            await ClosedLoop.RunAsync(one, warmup, long.MaxValue, Cm("hook-off"));
            var callsBefore = webhook.Calls;
            var w0 = await PhaseAsync(server.Id, one, seconds, Cm("hook-off"));
            var callsOff = webhook.Calls - callsBefore;
            var w1 = await PhaseAsync(server.Id, one, seconds, Cm("hook-on"));
            var w2 = await PhaseAsync(server.Id, one, seconds, Cm("hook-off"));
            var t0 = await PhaseAsync(server.Id, load, seconds, Cm("hook-off"));
            var t1 = await PhaseAsync(server.Id, load, seconds, Cm("hook-on"));
            var p50 = (w0.Loop.P50 + w2.Loop.P50) / 2;
            var p99 = (w0.Loop.P99 + w2.Loop.P99) / 2;
            rows.Add(Row("w0", $"ConfigMap creates (~1 KB), 1 client, namespace the webhook does not select ({callsOff} webhook calls)", Describe(w0), "1.00", "w"));
            rows.Add(Row("w1", "same, namespace the no-op validating webhook selects (HTTPS, AdmissionReview v1, caBundle checked)", Describe(w1), $"p50 {w1.Loop.P50 / p50:F2}, p99 {w1.Loop.P99 / p99:F2}", "w p50, p99"));
            rows.Add(Row("w2", "without the webhook again, after w1", Describe(w2), $"p50 {w2.Loop.P50 / p50:F2}, p99 {w2.Loop.P99 / p99:F2}", "w p50, p99"));
            rows.Add(Row("w3", "webhook cost per create at p50 / p99", $"+{w1.Loop.P50 - p50:F2} / +{w1.Loop.P99 - p99:F2} ms", "", ""));
            rows.Add(Row("t0", $"ConfigMap creates, {clientCount} clients, no webhook", Describe(t0), "1.00", "t0"));
            rows.Add(Row("t1", $"same with the webhook ({clientCount} clients)", Describe(t1), $"{t1.Loop.PerSecond / t0.Loop.PerSecond:F2}", "t0"));

            Console.WriteLine();
            Console.WriteLine("| | measurement | result | ratio | against |");
            Console.WriteLine("|---|---|---|---|---|");
            rows.ForEach(Console.WriteLine);
            Console.WriteLine();
            Console.WriteLine("(s) is the mean of s1 and s2; (w) the mean of w0 and w2. The webhook runs in the benchmark process: its CPU counts as the clients'.");
            return 0;
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or HttpRequestException)
        {
            Console.Error.WriteLine($"extensions benchmark failed: {e}\n--- server output ---\n{server.Tail()}");
            Console.WriteLine("Measured before it failed:");
            rows.ForEach(Console.WriteLine);
            return 1;
        }
        finally
        {
            await server.StopAsync(TimeSpan.FromSeconds(20));
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<Phase> PhaseAsync(int serverPid, IReadOnlyList<HttpClient> clients, TimeSpan duration, ClosedLoop.Request request)
    {
        var cpu = CpuMeter.Start(serverPid);
        var loop = await ClosedLoop.RunAsync(clients, duration, long.MaxValue, request);
        return new Phase(loop, cpu.Stop());
    }

    private static string Describe(Phase phase) =>
        $"{phase.Loop.Summary("creates")}; server CPU {phase.ServerMicroseconds:F0} µs each; {phase.Cpu.Cores()}";

    private static async Task MustAsync(HttpClient client, HttpRequestMessage request, HttpStatusCode expected)
    {
        if (await ClosedLoop.ExpectAsync(client, request, expected, CancellationToken.None) is { } error)
        {
            throw new InvalidOperationException(error);
        }
    }

    /// <summary>How often this benchmark polls what it waits for.</summary>
    private static Task UntilAsync(Func<Task<bool>> probe, TimeSpan timeout) => BenchSupport.UntilAsync(probe, timeout, TimeSpan.FromMilliseconds(100));
}
