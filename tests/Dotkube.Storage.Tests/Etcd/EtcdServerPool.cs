using System.Collections.Concurrent;

namespace Dotkube.Storage.Tests.Etcd;

/// <summary>
/// Hands out fresh etcd servers, keeping a few started ahead so a test does not wait for one. Each store in the
/// contract suite needs an empty cluster of its own: etcd's revision is global, and the contract pins revisions.
/// </summary>
public sealed class EtcdServerPool : IAsyncLifetime
{
    private const int Ahead = 2;
    private readonly ConcurrentQueue<Task<EtcdServer>> ready = new();

    public Task InitializeAsync()
    {
        for (var i = 0; i < Ahead; i++)
        {
            ready.Enqueue(EtcdServer.StartAsync());
        }

        return Task.CompletedTask;
    }

    /// <summary>A started, empty server; the caller disposes it.</summary>
    public async Task<EtcdServer> TakeAsync()
    {
        ready.Enqueue(EtcdServer.StartAsync()); // the next test's, started while this one runs
        return ready.TryDequeue(out var next) ? await next : await EtcdServer.StartAsync();
    }

    /// <summary>Stops the servers started ahead that no test took.</summary>
    public async Task DisposeAsync()
    {
        while (ready.TryDequeue(out var started))
        {
            try
            {
                await (await started).DisposeAsync();
            }
            catch (InvalidOperationException)
            {
                // etcd is not installed: nothing was started
            }
        }
    }
}
