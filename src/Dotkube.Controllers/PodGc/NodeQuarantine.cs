namespace Dotkube.Controllers.PodGc;

/// <summary>
/// Nodes seen missing and since when: a node's pods are orphaned only once it has been missing
/// for the quarantine (a node informer lagging a new node must not cost it its pods).
/// </summary>
public sealed class NodeQuarantine(TimeSpan quarantine)
{
    private readonly Dictionary<string, DateTimeOffset> since = new(StringComparer.Ordinal);

    /// <summary>Records this pass's missing nodes and returns those missing for the whole quarantine.</summary>
    public IReadOnlyList<string> Update(IReadOnlySet<string> missing, DateTimeOffset now)
    {
        foreach (var name in since.Keys.Where(n => !missing.Contains(n)).ToList())
        {
            since.Remove(name);
        }
        var due = new List<string>();
        foreach (var name in missing)
        {
            if (!since.TryGetValue(name, out var first))
            {
                since[name] = now;
                first = now;
            }
            if (now - first >= quarantine)
            {
                due.Add(name);
            }
        }
        return due;
    }

    /// <summary>The node turned out to exist: start over if it goes missing again.</summary>
    public void Forget(string name) => since.Remove(name);
}
