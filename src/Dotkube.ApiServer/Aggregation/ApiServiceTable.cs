using System.Collections.Frozen;
using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.Aggregation;

/// <summary>What discovery shows for one aggregated group-version: its priorities and the backend's resources.</summary>
/// <param name="Resources">the backend's APIResourceList.resources, last fetched; empty before the first answer.</param>
/// <param name="Fresh">false when the last discovery fetch failed and <paramref name="Resources"/> is older.</param>
public sealed record ExternalGroupVersion(string Group, string Version, int GroupPriority, int VersionPriority, JsonArray Resources, bool Fresh);

/// <summary>
/// The aggregator's view of APIServices, swapped whole on every change so the request path reads
/// it without locks: which group-versions are proxied, which of them are available, and the
/// discovery documents fetched from their backends.
/// </summary>
public sealed class ApiServiceTable
{
    private volatile FrozenDictionary<string, ApiServiceView> remote = FrozenDictionary<string, ApiServiceView>.Empty;
    private volatile FrozenSet<string> available = FrozenSet<string>.Empty;
    private readonly Dictionary<string, (JsonArray Resources, bool Fresh)> discovery = [];
    private readonly Lock gate = new();
    private long generation;

    /// <summary>The APIService with a service for <c>group/version</c>, if there is one.</summary>
    public ApiServiceView? Remote(string group, string version) =>
        remote.GetValueOrDefault(group.Length == 0 ? version : $"{group}/{version}");

    public bool IsAvailable(string name) => available.Contains(name);

    public IEnumerable<ApiServiceView> AllRemote => remote.Values;

    /// <summary>The available APIServices with a service, each with its spec as last read.</summary>
    public IEnumerable<ApiServiceView> AvailableRemote => remote.Values.Where(s => available.Contains(s.Name));

    /// <summary>Counts changes to the proxied or available set; the OpenAPI download watches it.</summary>
    public long Generation => Interlocked.Read(ref generation);

    /// <summary>Replaces the set of proxied APIServices (from a fresh list of all of them).</summary>
    public void SetApiServices(IEnumerable<ApiServiceView> all, IEnumerable<string> availableNames)
    {
        var newRemote = all.Where(s => !s.IsLocal).ToFrozenDictionary(s => s.GroupVersion);
        var newAvailable = availableNames.ToFrozenSet();
        if (!newAvailable.SetEquals(available) || newRemote.Count != remote.Count
            || newRemote.Any(r => !remote.TryGetValue(r.Key, out var old) || old != r.Value))
        {
            Interlocked.Increment(ref generation);
        }
        remote = newRemote;
        available = newAvailable;
        lock (gate)
        {
            foreach (var gone in discovery.Keys.Where(k => !remote.ContainsKey(k)).ToList())
            {
                discovery.Remove(gone);
            }
        }
    }

    /// <summary>Records the backend's resources for a group-version, or marks the last ones stale.</summary>
    public void SetDiscovery(string groupVersion, JsonArray? resources)
    {
        lock (gate)
        {
            if (resources is not null)
            {
                discovery[groupVersion] = (resources, true);
            }
            else if (discovery.TryGetValue(groupVersion, out var old))
            {
                discovery[groupVersion] = (old.Resources, false);
            }
        }
    }

    /// <summary>Every proxied group-version for discovery, by group priority then version priority (highest first).</summary>
    public IReadOnlyList<ExternalGroupVersion> Discovery()
    {
        var list = new List<ExternalGroupVersion>();
        lock (gate)
        {
            foreach (var s in remote.Values)
            {
                var (resources, fresh) = discovery.TryGetValue(s.GroupVersion, out var d) ? d : ([], false);
                list.Add(new ExternalGroupVersion(s.Group, s.Version, s.GroupPriorityMinimum, s.VersionPriority, resources, fresh));
            }
        }
        return [.. list
            .OrderByDescending(g => list.Where(x => x.Group == g.Group).Max(x => x.GroupPriority))
            .ThenBy(g => g.Group, StringComparer.Ordinal)
            .ThenByDescending(g => g.VersionPriority)
            .ThenBy(g => g.Version, StringComparer.Ordinal)];
    }
}
