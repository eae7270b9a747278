using System.Collections.Immutable;

namespace Dotkube.ApiServer.Registry;

/// <summary>
/// The set of served resources. Built-in resources register at start; CustomResourceDefinitions
/// register and unregister at run time, so reads take an immutable snapshot and writers swap it.
/// </summary>
public sealed class ResourceRegistry
{
    private ImmutableList<ResourceDefinition> definitions = [];
    private long generation;

    /// <summary>Raised after the set changes (discovery and OpenAPI caches listen).</summary>
    public event Action? Changed;

    public IReadOnlyList<ResourceDefinition> All => definitions;

    /// <summary>Bumped on every change; caches compare it to know when to rebuild.</summary>
    public long Generation => Interlocked.Read(ref generation);

    public void Register(ResourceDefinition definition)
    {
        ImmutableInterlocked.Update(ref definitions, list =>
        {
            var existing = list.FindIndex(d => d.Group == definition.Group && d.Plural == definition.Plural);
            return existing >= 0 ? list.SetItem(existing, definition) : list.Add(definition);
        });
        Interlocked.Increment(ref generation);
        Changed?.Invoke();
    }

    public void RegisterAll(IEnumerable<ResourceDefinition> defs)
    {
        foreach (var d in defs)
        {
            Register(d);
        }
    }

    public bool Unregister(string group, string plural)
    {
        var removed = false;
        ImmutableInterlocked.Update(ref definitions, list =>
        {
            var i = list.FindIndex(d => d.Group == group && d.Plural == plural);
            removed = i >= 0;
            return removed ? list.RemoveAt(i) : list;
        });
        if (removed)
        {
            Interlocked.Increment(ref generation);
            Changed?.Invoke();
        }
        return removed;
    }

    /// <summary>Finds the resource served at group/version/plural, or null.</summary>
    public ResourceDefinition? Find(string group, string version, string plural)
    {
        foreach (var d in definitions)
        {
            if (d.Plural == plural && d.Group == group && d.Versions.Contains(version))
            {
                return d;
            }
        }
        return null;
    }

    public ResourceDefinition? FindByKind(string group, string kind)
    {
        foreach (var d in definitions)
        {
            if (d.Kind == kind && d.Group == group)
            {
                return d;
            }
        }
        return null;
    }

    /// <summary>
    /// The groups served, in discovery order: core first, then by first registration, which is
    /// the order upstream lists built-in groups; within a group, versions as the definitions give them.
    /// </summary>
    public IReadOnlyList<ServedGroup> Groups()
    {
        var order = new List<string>();
        var versions = new Dictionary<string, List<string>>();
        foreach (var d in definitions)
        {
            if (!versions.TryGetValue(d.Group, out var vs))
            {
                vs = [];
                versions[d.Group] = vs;
                order.Add(d.Group);
            }
            foreach (var v in d.Versions)
            {
                if (!vs.Contains(v))
                {
                    vs.Add(v);
                }
            }
        }
        return order.Select(g => new ServedGroup(g, SortVersions(versions[g]))).ToList();
    }

    /// <summary>
    /// Resources of one group-version, by plural name: kube-apiserver installs (and so discovers)
    /// a group version's paths sorted, which is the order <c>kubectl get all</c> prints kinds in.
    /// </summary>
    public IEnumerable<ResourceDefinition> InGroupVersion(string group, string version) =>
        definitions.Where(d => d.Group == group && d.Versions.Contains(version)).OrderBy(d => d.Plural, StringComparer.Ordinal);

    /// <summary>Kubernetes version priority: GA before beta before alpha, higher numbers first.</summary>
    public static List<string> SortVersions(IEnumerable<string> versions) =>
        versions.OrderBy(v => VersionKey(v)).ToList();

    private static (int, int, int, string) VersionKey(string v)
    {
        var m = System.Text.RegularExpressions.Regex.Match(v, @"^v(\d+)(?:(alpha|beta)(\d+))?$");
        if (!m.Success)
        {
            return (3, 0, 0, v);
        }
        var major = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var stage = m.Groups[2].Value switch { "" => 0, "beta" => 1, _ => 2 };
        var minor = m.Groups[3].Success && m.Groups[3].Value.Length > 0
            ? int.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        return (stage, -major, -minor, v);
    }
}

/// <param name="Versions">served versions, preferred first.</param>
public sealed record ServedGroup(string Name, IReadOnlyList<string> Versions)
{
    public string PreferredVersion => Versions[0];
}
