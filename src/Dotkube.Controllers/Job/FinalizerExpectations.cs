using System.Collections.Concurrent;

namespace Dotkube.Controllers.Job;

/// <summary>
/// Pods whose tracking finalizer a Job's sync removed but the informer has not yet shown without
/// it (upstream's uidTrackingExpectations for finalizers). Their end is already in the Job's
/// counters; until the cache catches up the Job is not synced, or it would count them twice.
/// Entries expire after <see cref="Timeout"/> so a lost event cannot wedge a Job.
/// </summary>
public sealed class FinalizerExpectations(TimeProvider clock)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, (HashSet<string> Uids, DateTimeOffset Since)> entries = new();

    public void Expect(string jobKey, IEnumerable<string> uids)
    {
        var set = new HashSet<string>(uids);
        if (set.Count > 0)
        {
            entries[jobKey] = (set, clock.GetUtcNow());
        }
    }

    public void Observed(string jobKey, string uid)
    {
        if (entries.TryGetValue(jobKey, out var e))
        {
            lock (e.Uids)
            {
                e.Uids.Remove(uid);
            }
        }
    }

    public bool Satisfied(string jobKey)
    {
        if (!entries.TryGetValue(jobKey, out var e))
        {
            return true;
        }
        lock (e.Uids)
        {
            return e.Uids.Count == 0 || clock.GetUtcNow() - e.Since > Timeout;
        }
    }

    public void Delete(string jobKey) => entries.TryRemove(jobKey, out _);
}
