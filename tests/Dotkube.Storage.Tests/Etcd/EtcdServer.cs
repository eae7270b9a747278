using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Dotkube.Storage.Tests.Etcd;

/// <summary>
/// A private single-member etcd (Debian's etcd-server, /usr/bin/etcd) on free loopback ports with its data in
/// a temp directory; killed and removed on dispose. Short raft timers make it elect itself in tens of ms.
/// </summary>
public sealed class EtcdServer : IAsyncDisposable
{
    public const string Binary = "/usr/bin/etcd";

    private readonly Process process;
    private readonly StringBuilder log;
    private readonly string dataDir;

    private EtcdServer(Process process, StringBuilder log, string dataDir, int clientPort)
    {
        this.process = process;
        this.log = log;
        this.dataDir = dataDir;
        Endpoint = $"127.0.0.1:{clientPort}";
    }

    /// <summary>HOST:PORT of the client listener.</summary>
    public string Endpoint { get; }

    /// <summary>The <c>--datastore</c> value that reaches this server.</summary>
    public string Datastore => $"etcd://{Endpoint}";

    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    /// <summary>Starts a server; with <paramref name="tls"/>, clients must use https and present a certificate the CA signed.</summary>
    public static async Task<EtcdServer> StartAsync(CancellationToken cancellationToken = default, EtcdServerTls? tls = null)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: install it with `apt-get install -y etcd-server` (scripts/test.sh does)");
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryStartAsync(tls, cancellationToken);
            }
            catch (IOException) when (attempt < 3)
            {
                // another process took one of the free ports between the probe and etcd's bind; try new ones
            }
        }
    }

    private static async Task<EtcdServer> TryStartAsync(EtcdServerTls? tls, CancellationToken cancellationToken)
    {
        var scheme = tls is null ? "http" : "https";
        var dataDir = Path.Combine(Path.GetTempPath(), "dotkube-etcd-" + Guid.NewGuid().ToString("N"));
        var (client, peer) = (FreePort(), FreePort());
        var info = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--name", "test", "--data-dir", dataDir,
            "--listen-client-urls", $"{scheme}://127.0.0.1:{client}", "--advertise-client-urls", $"{scheme}://127.0.0.1:{client}",
            "--listen-peer-urls", $"http://127.0.0.1:{peer}", "--initial-advertise-peer-urls", $"http://127.0.0.1:{peer}",
            "--initial-cluster", $"test=http://127.0.0.1:{peer}",
            "--heartbeat-interval", "25", "--election-timeout", "250", "--log-level", "warn",
        })
        {
            info.ArgumentList.Add(argument);
        }

        if (tls is not null)
        {
            foreach (var argument in new[] { "--cert-file", tls.CertFile, "--key-file", tls.KeyFile, "--trusted-ca-file", tls.CaFile, "--client-cert-auth" })
            {
                info.ArgumentList.Add(argument);
            }
        }

        var log = new StringBuilder();
        var process = Process.Start(info)!;
        void Append(object? sender, DataReceivedEventArgs e)
        {
            lock (log)
            {
                log.AppendLine(e.Data);
            }
        }

        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new EtcdServer(process, log, dataDir, client);
        try
        {
            await server.WaitForListenerAsync(client, cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
        }

        await process.WaitForExitAsync();
        process.Dispose();
        if (Directory.Exists(dataDir))
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private async Task WaitForListenerAsync(int port, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new IOException($"etcd exited with {process.ExitCode}: {Log}");
            }

            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(10, cancellationToken);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The serving certificate and the CA that signs accepted client certificates (PEM files).</summary>
public sealed record EtcdServerTls(string CaFile, string CertFile, string KeyFile);
