using System.Collections.Concurrent;

namespace Dotkube.Controllers.Common;

/// <summary>
/// Creations and deletions a controller has asked for but not yet seen in its informer (upstream's
/// UIDTrackingControllerExpectations). Until they are seen, or expire after five minutes (a lost
/// watch event must not wedge the controller), the owner is not synced again: its cache would
/// still show the old pods and it would create or delete twice.
/// </summary>
public sealed class ControllerExpectations(TimeProvider clock)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, Entry> entries = new();

    private sealed class Entry
    {
        public int Adds;
        public HashSet<string> Deletes = [];
        public DateTimeOffset Since;
    }

    /// <summary>Whether the owner may be synced: nothing outstanding, or the expectations expired.</summary>
    public bool Satisfied(string key)
    {
        if (!entries.TryGetValue(key, out var e))
        {
            return true;
        }
        lock (e)
        {
            return (e.Adds <= 0 && e.Deletes.Count == 0) || clock.GetUtcNow() - e.Since > Timeout;
        }
    }

    public void ExpectCreations(string key, int count) =>
        entries[key] = new Entry { Adds = count, Since = clock.GetUtcNow() };

    public void ExpectDeletions(string key, IEnumerable<string> podKeys) =>
        entries[key] = new Entry { Deletes = [.. podKeys], Since = clock.GetUtcNow() };

    /// <summary>Creations and deletions asked for in one go (upstream's SetExpectations with both counts).</summary>
    public void Expect(string key, int creations, IEnumerable<string> deletedPodKeys) =>
        entries[key] = new Entry { Adds = creations, Deletes = [.. deletedPodKeys], Since = clock.GetUtcNow() };

    /// <summary>A pod the owner created appeared in the informer (or its creation failed or was skipped).</summary>
    public void CreationObserved(string key)
    {
        if (entries.TryGetValue(key, out var e))
        {
            lock (e)
            {
                e.Adds--;
            }
        }
    }

    /// <summary>A pod the owner deleted left the informer (or its deletion failed).</summary>
    public void DeletionObserved(string key, string podKey)
    {
        if (entries.TryGetValue(key, out var e))
        {
            lock (e)
            {
                e.Deletes.Remove(podKey);
            }
        }
    }

    /// <summary>The owner is gone: forget it.</summary>
    public void Delete(string key) => entries.TryRemove(key, out _);
}
