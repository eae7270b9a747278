namespace Dotkube.Storage.MasterLeases;

/// <summary>
/// The entries kept in this process: for the embedded stores (SQLite, memory), which only one server opens, so the
/// live set is this server alone. Nothing is written to the store, so nothing stale outlives the process.
/// </summary>
public sealed class LocalMasterLeases(TimeProvider clock) : IMasterLeases
{
    private readonly Dictionary<MasterEndpoint, DateTimeOffset> expiries = [];

    public LocalMasterLeases()
        : this(TimeProvider.System)
    {
    }

    public Task UpdateAsync(MasterEndpoint server, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        lock (expiries)
        {
            expiries[server] = clock.GetUtcNow() + ttl;
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<MasterEndpoint>> ListAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        lock (expiries)
        {
            IReadOnlyList<MasterEndpoint> live = [.. expiries.Where(e => e.Value > now).Select(e => e.Key).OrderBy(e => e.Key, StringComparer.Ordinal)];
            return Task.FromResult(live);
        }
    }

    public Task RemoveAsync(MasterEndpoint server, CancellationToken cancellationToken = default)
    {
        lock (expiries)
        {
            expiries.Remove(server);
        }

        return Task.CompletedTask;
    }
}
