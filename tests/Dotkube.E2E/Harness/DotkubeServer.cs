using k8s;

namespace Dotkube.E2E.Harness;

/// <summary>
/// A real dotkube server process for end-to-end tests:
/// <c>dotkube server --data-dir &lt;dir&gt; --port &lt;port&gt; --bind-address 127.0.0.1 [extra args]</c>,
/// started and awaited until it prints its ready line. Its output is kept for failure messages
/// (<see cref="Output"/>). Talk to it with <see cref="Kubectl(string[])"/> or <see cref="Client"/>.
/// </summary>
public sealed class DotkubeServer : IAsyncDisposable
{
    public const string BindAddress = "127.0.0.1";

    private readonly DotkubeBinary _binary;
    private readonly DotkubeServerOptions _options;
    private readonly bool _ownsDataDir;
    private readonly OutputLog _log = new();

    // kubectl's discovery cache, kept apart from the server's data and from other servers that
    // may later get the same port.
    private readonly string _kubectlCacheDir = Directory.CreateTempSubdirectory("dotkube-kubectl-cache-").FullName;
    private ServerProcess? _process;
    private int _runs;

    private DotkubeServer(DotkubeBinary binary, DotkubeServerOptions options, string dataDir, bool ownsDataDir, int port)
    {
        _binary = binary;
        _options = options;
        DataDir = dataDir;
        _ownsDataDir = ownsDataDir;
        Port = port;
    }

    public string DataDir { get; }

    public int Port { get; }

    /// <summary>The kubeconfig the server writes into its data directory.</summary>
    public string Kubeconfig => Path.Combine(DataDir, "kubeconfig");

    public string Url => $"https://{BindAddress}:{Port}";

    /// <summary>Everything the server printed so far (all runs, newest lines kept), for assertion messages.</summary>
    public string Output => _log.ToString();

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The server process id, while one is running.</summary>
    public int? ProcessId => _process?.Id;

    /// <summary>Starts a server and returns once it has printed its ready line.</summary>
    public static async Task<DotkubeServer> StartAsync(DotkubeServerOptions? options = null)
    {
        options ??= new DotkubeServerOptions();
        var binary = options.BinaryPath is null ? DotkubeBinary.Locate() : DotkubeBinary.FromPath(options.BinaryPath);
        var ownsDataDir = options.DataDir is null;
        var dataDir = options.DataDir ?? Directory.CreateTempSubdirectory("dotkube-e2e-").FullName;
        var server = new DotkubeServer(binary, options, dataDir, ownsDataDir, options.Port ?? FreePort.Next());
        try
        {
            await server.LaunchAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Runs kubectl against this server (KUBECONFIG set) with the default timeout.</summary>
    public Task<KubectlResult> Kubectl(params string[] args) => Kubectl(args, stdin: null);

    /// <summary>Runs kubectl against this server with <paramref name="stdin"/> piped in and extra environment.</summary>
    public Task<KubectlResult> Kubectl(
        string[] args,
        string? stdin,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null) =>
        Harness.Kubectl.RunAsync(Kubeconfig, args, stdin, environment, timeout, _kubectlCacheDir);

    /// <summary>The official .NET client, configured from the server's kubeconfig.</summary>
    public Kubernetes Client() => new(KubernetesClientConfiguration.BuildConfigFromConfigFile(Kubeconfig));

    /// <summary>
    /// SIGTERM, then waits for the exit; returns the exit code. A server that does not exit within
    /// the stop timeout is killed and the stop fails, since a clean shutdown was expected.
    /// </summary>
    public async Task<int> StopAsync()
    {
        if (_process is null)
        {
            throw new InvalidOperationException("the server was never started");
        }

        var exitCode = await _process.TerminateAsync(_options.StopTimeout);
        if (exitCode is null)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
            throw new TimeoutException(
                $"dotkube did not exit within {_options.StopTimeout.TotalSeconds:0.#} s of SIGTERM; killed it.\n{Output}");
        }

        return exitCode.Value;
    }

    /// <summary>kill -9 (the process and any children); returns at once, the exit is awaited on restart or dispose.</summary>
    public void Kill() => _process?.Kill();

    /// <summary>
    /// Stops the server if it is still running (SIGTERM) and starts it again on the same data
    /// directory and port, returning once it is ready. After <see cref="Kill"/> this is a crash restart.
    /// </summary>
    public async Task RestartAsync()
    {
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                await StopAsync();
            }

            await _process.WaitForExitAsync();
        }

        await LaunchAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            if (!_process.HasExited && await _process.TerminateAsync(_options.StopTimeout) is null)
            {
                _process.Kill();
            }

            await _process.WaitForExitAsync();
            _process.Dispose();
            _process = null;
        }

        if (_ownsDataDir && Directory.Exists(DataDir))
        {
            Directory.Delete(DataDir, recursive: true);
        }

        if (Directory.Exists(_kubectlCacheDir))
        {
            Directory.Delete(_kubectlCacheDir, recursive: true);
        }
    }

    private async Task LaunchAsync()
    {
        _process?.Dispose();
        _runs++;
        string[] args =
        [
            "server",
            "--data-dir", DataDir,
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--bind-address", BindAddress,
            .. _options.ExtraArgs,
        ];
        _process = ServerProcess.Start(_binary, args, _options, _log, _runs);
        await _process.WaitUntilReadyAsync(_options.ReadyTimeout, _log);
    }
}
