using System.Globalization;
using Dotkube.Bench.Api;

namespace Dotkube.Bench.Etcd;

/// <summary>A single-member etcd with its default raft timers and fsync, on free loopback ports, data in a temp dir.</summary>
internal sealed class EtcdProcess : IAsyncDisposable
{
    public const string Binary = "/usr/bin/etcd";

    private readonly ServedProcess process;

    private EtcdProcess(ServedProcess process, int port)
    {
        this.process = process;
        Endpoint = $"127.0.0.1:{port}";
    }

    public string Endpoint { get; }

    public string Datastore => $"etcd://{Endpoint}";

    public int Id => process.Id;

    public static async Task<EtcdProcess> StartAsync(string dataDir)
    {
        var (client, peer) = (Posix.FreeLoopbackPort(), Posix.FreeLoopbackPort());
        string Url(int port) => "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
        var process = ServedProcess.Start(Binary,
        [
            "--name", "bench", "--data-dir", dataDir,
            "--listen-client-urls", Url(client), "--advertise-client-urls", Url(client),
            "--listen-peer-urls", Url(peer), "--initial-advertise-peer-urls", Url(peer),
            "--initial-cluster", "bench=" + Url(peer),
        ], new Dictionary<string, string>(), "ready to serve client requests");
        await process.WaitReadyAsync(TimeSpan.FromSeconds(30));
        return new EtcdProcess(process, client);
    }

    public async ValueTask DisposeAsync()
    {
        await process.StopAsync(TimeSpan.FromSeconds(5));
        await process.DisposeAsync();
    }
}
