using k8s.Models;

namespace Dotkube.Controllers.EndpointSlice;

/// <summary>
/// Remembers the slices this controller wrote until its informer shows them (upstream's
/// endpointSliceTracker): a slice created by generateName has no name the cache could conflict
/// on, so a sync on a cache that has not seen the last writes yet would create duplicates; such a
/// sync waits instead.
/// </summary>
public sealed class SliceWriteTracker
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Dictionary<string, long>> expected = new(StringComparer.Ordinal);

    /// <summary>A slice written (created or updated) at <paramref name="resourceVersion"/>.</summary>
    public void Wrote(string serviceKey, V1EndpointSlice slice) =>
        Expect(serviceKey, slice.Metadata.Name, ParseVersion(slice.Metadata.ResourceVersion));

    /// <summary>A slice deleted (expected gone from the cache).</summary>
    public void Deleted(string serviceKey, string sliceName) => Expect(serviceKey, sliceName, -1);

    /// <summary>True when the cache does not yet reflect a write (and the sync should wait); forgets writes it does reflect.</summary>
    public bool IsStale(string serviceKey, IReadOnlyList<V1EndpointSlice> cached)
    {
        lock (gate)
        {
            if (!expected.TryGetValue(serviceKey, out var writes))
            {
                return false;
            }
            var byName = cached.ToDictionary(s => s.Metadata.Name, StringComparer.Ordinal);
            foreach (var (name, version) in writes.ToList())
            {
                var seen = byName.GetValueOrDefault(name);
                var caughtUp = version < 0 ? seen is null : seen is not null && ParseVersion(seen.Metadata.ResourceVersion) >= version;
                if (caughtUp)
                {
                    writes.Remove(name);
                }
            }
            if (writes.Count == 0)
            {
                expected.Remove(serviceKey);
                return false;
            }
            return true;
        }
    }

    public void Forget(string serviceKey)
    {
        lock (gate)
        {
            expected.Remove(serviceKey);
        }
    }

    private void Expect(string serviceKey, string name, long version)
    {
        lock (gate)
        {
            if (!expected.TryGetValue(serviceKey, out var writes))
            {
                expected[serviceKey] = writes = new Dictionary<string, long>(StringComparer.Ordinal);
            }
            writes[name] = version;
        }
    }

    private static long ParseVersion(string? resourceVersion) =>
        long.TryParse(resourceVersion, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0;
}
