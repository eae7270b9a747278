using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Dotkube.E2E.HighAvailability;

/// <summary>
/// A private etcd cluster of several members (Debian's etcd-server) on free loopback ports, each with its own data
/// directory. Members can be stopped (kill -9) and started again on their data. Raft timers are short (25 ms
/// heartbeat, 250 ms election), so etcd's own request timeout is 5 s + 2 × 250 ms.
/// </summary>
public sealed class EtcdCluster : IAsyncDisposable
{
    private const string Binary = "/usr/bin/etcd";
    private readonly Member[] members;
    private readonly string root = Directory.CreateTempSubdirectory("dotkube-etcd-cluster-").FullName;

    private EtcdCluster(int size)
    {
        members = [.. Enumerable.Range(0, size).Select(i => new Member($"m{i}", FreePort(), FreePort()))];
    }

    /// <summary>The <c>--datastore</c> value naming every member.</summary>
    public string Datastore => "etcd://" + string.Join(",", members.Select(m => $"127.0.0.1:{m.ClientPort}"));

    public int Size => members.Length;

    public static async Task<EtcdCluster> StartAsync(int size = 3)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: install it with `apt-get install -y etcd-server` (scripts/test.sh does)");
        }

        var cluster = new EtcdCluster(size);
        try
        {
            for (var i = 0; i < size; i++)
            {
                cluster.Launch(i);
            }

            foreach (var m in cluster.members)
            {
                await cluster.WaitForListenerAsync(m);
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>kill -9 of one member; its data stays for <see cref="StartMemberAsync"/>.</summary>
    public async Task StopMemberAsync(int index)
    {
        var m = members[index];
        if (m.Process is { HasExited: false } p)
        {
            p.Kill();
            await p.WaitForExitAsync();
        }
    }

    /// <summary>Starts a stopped member again on its data directory.</summary>
    public async Task StartMemberAsync(int index)
    {
        Launch(index);
        await WaitForListenerAsync(members[index]);
    }

    /// <summary>What every member printed, for failure messages.</summary>
    public string Log => string.Join("\n", members.Select(m => $"--- {m.Name}\n{m.Text()}"));

    private void Launch(int index)
    {
        var m = members[index];
        var cluster = string.Join(",", members.Select(o => $"{o.Name}=http://127.0.0.1:{o.PeerPort}"));
        var info = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "--name", m.Name, "--data-dir", Path.Combine(root, m.Name),
            "--listen-client-urls", $"http://127.0.0.1:{m.ClientPort}", "--advertise-client-urls", $"http://127.0.0.1:{m.ClientPort}",
            "--listen-peer-urls", $"http://127.0.0.1:{m.PeerPort}", "--initial-advertise-peer-urls", $"http://127.0.0.1:{m.PeerPort}",
            "--initial-cluster", cluster, "--initial-cluster-token", "dotkube-e2e", "--initial-cluster-state", "new",
            "--heartbeat-interval", "25", "--election-timeout", "250", "--log-level", "warn",
        })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => m.Append(e.Data);
        process.ErrorDataReceived += (_, e) => m.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        m.Process?.Dispose();
        m.Process = process;
    }

    private async Task WaitForListenerAsync(Member m)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (m.Process!.HasExited)
            {
                throw new IOException($"etcd member {m.Name} exited with {m.Process.ExitCode}:\n{m.Text()}");
            }

            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(IPAddress.Loopback, m.ClientPort);
                return;
            }
            catch (SocketException) when (waited.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(20);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = 0; i < members.Length; i++)
        {
            await StopMemberAsync(i);
            members[i].Process?.Dispose();
        }

        Directory.Delete(root, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Member(string name, int clientPort, int peerPort)
    {
        private readonly StringBuilder log = new();

        public string Name { get; } = name;
        public int ClientPort { get; } = clientPort;
        public int PeerPort { get; } = peerPort;
        public Process? Process { get; set; }

        public void Append(string? line)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }

        public string Text()
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }
}
