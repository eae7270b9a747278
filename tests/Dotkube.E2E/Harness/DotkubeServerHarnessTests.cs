using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Dotkube.E2E.Harness;

/// <summary>The harness itself, driven against <see cref="FakeDotkube"/>: real processes, real signals.</summary>
public sealed class DotkubeServerHarnessTests : IDisposable
{
    private readonly FakeDotkube _fake = new();

    public void Dispose() => _fake.Dispose();

    [Fact]
    public async Task Start_passes_the_server_arguments_and_returns_once_ready()
    {
        await using var server = await DotkubeServer.StartAsync(_fake.Options() with { ExtraArgs = ["--feature", "x"] });

        Assert.True(server.IsRunning);
        Assert.Contains(
            $"fake dotkube args: server --data-dir {server.DataDir} --port {server.Port} --bind-address 127.0.0.1 --feature x",
            server.Output);
        Assert.Contains("dotkube is ready", server.Output);
        Assert.Equal(Path.Combine(server.DataDir, "kubeconfig"), server.Kubeconfig);
        Assert.True(File.Exists(server.Kubeconfig));
    }

    [Fact]
    public async Task Stop_sends_SIGTERM_and_returns_the_exit_code()
    {
        await using var server = await DotkubeServer.StartAsync(_fake.Options());

        var exitCode = await server.StopAsync();

        Assert.Equal(0, exitCode);
        Assert.False(server.IsRunning);
        Assert.Contains("got SIGTERM, shutting down", server.Output);
    }

    [Fact]
    public async Task Stop_kills_a_server_that_ignores_SIGTERM_and_says_so()
    {
        await using var server = await DotkubeServer.StartAsync(_fake.Options("ignore-term") with { StopTimeout = TimeSpan.FromSeconds(1) });

        var error = await Assert.ThrowsAsync<TimeoutException>(server.StopAsync);

        Assert.Contains("did not exit within 1 s of SIGTERM", error.Message);
        Assert.Contains("ignoring SIGTERM", error.Message);
        Assert.False(server.IsRunning);
    }

    [Fact]
    public async Task Kill_ends_the_process_without_a_graceful_shutdown()
    {
        await using var server = await DotkubeServer.StartAsync(_fake.Options());
        var pid = server.ProcessId!.Value;

        server.Kill();

        await WaitUntil(() => !server.IsRunning);
        Assert.DoesNotContain("got SIGTERM", server.Output);
        Assert.Throws<ArgumentException>(() => Process.GetProcessById(pid));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Restart_keeps_the_data_directory_and_port(bool killFirst)
    {
        await using var server = await DotkubeServer.StartAsync(_fake.Options());
        var (dataDir, port, firstPid) = (server.DataDir, server.Port, server.ProcessId);
        if (killFirst)
        {
            server.Kill();
        }

        await server.RestartAsync();

        Assert.True(server.IsRunning);
        Assert.NotEqual(firstPid, server.ProcessId);
        Assert.Equal("2", File.ReadAllText(Path.Combine(dataDir, "starts")).Trim());
        Assert.Contains($"[2] fake dotkube args: server --data-dir {dataDir} --port {port} ", server.Output);
        Assert.Equal(!killFirst, server.Output.Contains("got SIGTERM", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_server_that_exits_before_ready_fails_the_start_with_its_output()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => DotkubeServer.StartAsync(_fake.Options("fail")));

        Assert.Contains("exit code 3", error.Message);
        Assert.Contains("cannot open the database", error.Message);
    }

    [Fact]
    public async Task A_server_that_never_gets_ready_is_killed_at_the_timeout()
    {
        var options = _fake.Options("never-ready") with { ReadyTimeout = TimeSpan.FromSeconds(1) };

        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<TimeoutException>(() => DotkubeServer.StartAsync(options));

        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
        Assert.Contains("did not print 'dotkube is ready' within 1 s", error.Message);
        Assert.Contains("start 1 pid ", error.Message);
        var pid = int.Parse(error.Message.Split("start 1 pid ")[1].Split('\n')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Throws<ArgumentException>(() => Process.GetProcessById(pid));
    }

    [Fact]
    public async Task Dispose_stops_the_server_and_removes_its_temporary_data_directory()
    {
        var server = await DotkubeServer.StartAsync(_fake.Options());
        var pid = server.ProcessId!.Value;

        await server.DisposeAsync();

        Assert.False(Directory.Exists(server.DataDir));
        Assert.Throws<ArgumentException>(() => Process.GetProcessById(pid));
    }

    [Fact]
    public async Task A_given_data_directory_is_left_in_place()
    {
        var dataDir = Directory.CreateTempSubdirectory("dotkube-e2e-given-").FullName;
        try
        {
            await using (var server = await DotkubeServer.StartAsync(_fake.Options() with { DataDir = dataDir }))
            {
                Assert.Equal(dataDir, server.DataDir);
            }

            Assert.True(File.Exists(Path.Combine(dataDir, "starts")));
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task Kubectl_runs_with_the_server_kubeconfig()
    {
        await using var server = await DotkubeServer.StartAsync(_fake.Options());

        var result = await server.Kubectl("config", "view", "-o", "jsonpath={.clusters[0].cluster.server}");

        result.EnsureSuccess();
        Assert.Equal($"https://127.0.0.1:{server.Port}", result.Stdout);
    }

    [Fact]
    public async Task Kubectl_gets_standard_input_and_extra_environment()
    {
        await using var server = await DotkubeServer.StartAsync(_fake.Options());
        var otherConfig = Path.Combine(server.DataDir, "other-kubeconfig");
        await File.WriteAllTextAsync(otherConfig, "apiVersion: v1\nkind: Config\ncurrent-context: other\ncontexts:\n- name: other\n  context: {cluster: c, user: u}\n");

        var piped = await server.Kubectl(
            ["create", "secret", "generic", "s", "--from-file=key=/dev/stdin", "--dry-run=client", "-o", "jsonpath={.data.key}"],
            stdin: "piped in");
        var overridden = await server.Kubectl(
            ["config", "current-context"], stdin: null, new Dictionary<string, string> { ["KUBECONFIG"] = otherConfig });

        Assert.Equal(Convert.ToBase64String("piped in"u8), piped.EnsureSuccess().Stdout);
        Assert.Equal("other", overridden.EnsureSuccess().Stdout.Trim());
    }

    [Fact]
    public async Task A_failed_kubectl_reports_its_command_and_stderr()
    {
        await using var server = await DotkubeServer.StartAsync(_fake.Options());

        var result = await server.Kubectl("config", "use-context", "missing");

        Assert.NotEqual(0, result.ExitCode);
        var error = Assert.Throws<KubectlFailedException>(() => result.EnsureSuccess());
        Assert.Contains("kubectl config use-context missing exited 1", error.Message);
        Assert.Contains("no context exists with the name: \"missing\"", error.Message);
    }

    [Fact]
    public async Task A_kubectl_that_hangs_is_killed_at_its_timeout()
    {
        await using var server = await DotkubeServer.StartAsync(_fake.Options());
        // The fake does not listen: a socket that accepts connections and never answers stands in.
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        silent.Listen();
        var silentPort = ((IPEndPoint)silent.LocalEndPoint!).Port;

        var error = await Assert.ThrowsAsync<TimeoutException>(() => server.Kubectl(
            ["get", "--raw", "/", "--server", $"https://127.0.0.1:{silentPort}", "--insecure-skip-tls-verify"],
            stdin: null,
            timeout: TimeSpan.FromSeconds(1)));

        Assert.Contains("kubectl did not finish within 1 s", error.Message);
    }

    [Fact]
    public async Task The_client_is_configured_from_the_server_kubeconfig()
    {
        await using var server = await DotkubeServer.StartAsync(_fake.Options());

        using var client = server.Client();

        Assert.Equal($"https://127.0.0.1:{server.Port}/", client.BaseUri.ToString());
    }

    [Fact]
    public void The_real_binary_is_found_in_the_build_output_of_this_configuration()
    {
        var binary = DotkubeBinary.Locate();

        var path = binary.PrefixArgs.Count > 0 ? binary.PrefixArgs[0] : binary.FileName;
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;
        Assert.EndsWith(Path.Combine("src", "Dotkube", "bin", configuration, "net10.0", "dotkube.dll"), path);
        Assert.True(File.Exists(path));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 10 s");
            await Task.Delay(20);
        }
    }
}
