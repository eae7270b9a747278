using Dotkube.Scheduler.Framework;

namespace Dotkube.Scheduler.Cache;

// Indexes over assigned pods so inter-pod affinity does not scan every pod in every cycle: pods by
// label, and required anti-affinity terms by the label they require ("anchor").
public sealed partial class ClusterCache
{
    private readonly Dictionary<(string, string), HashSet<PodInfo>> _podsByLabel = [];
    private readonly Dictionary<(string, string), HashSet<(PodInfo Pod, AffinityTerm Term)>> _antiTermsByAnchor = [];
    private readonly HashSet<(PodInfo Pod, AffinityTerm Term)> _antiTermsWithoutAnchor = [];

    /// <summary>Assigned pods carrying the label key=value.</summary>
    public IReadOnlyCollection<PodInfo> PodsWithLabel(string key, string value) =>
        _podsByLabel.TryGetValue((key, value), out var set) ? set : [];

    /// <summary>Every assigned pod's required anti-affinity terms that could select a pod with these labels.</summary>
    public IEnumerable<(PodInfo Pod, AffinityTerm Term)> AntiAffinityTermsThatMaySelect(IReadOnlyDictionary<string, string> labels)
    {
        foreach (var t in _antiTermsWithoutAnchor)
        {
            yield return t;
        }

        foreach (var (k, v) in labels)
        {
            if (_antiTermsByAnchor.TryGetValue((k, v), out var set))
            {
                foreach (var t in set)
                {
                    yield return t;
                }
            }
        }
    }

    private void Index(PodInfo pod, bool add)
    {
        foreach (var (k, v) in pod.Labels)
        {
            Update(_podsByLabel, (k, v), pod, add);
        }

        foreach (var term in pod.RequiredAntiAffinityTerms)
        {
            if (term.Selector.TryGetAnchor(out var anchor))
            {
                Update(_antiTermsByAnchor, anchor, (pod, term), add);
            }
            else if (add)
            {
                _antiTermsWithoutAnchor.Add((pod, term));
            }
            else
            {
                _antiTermsWithoutAnchor.Remove((pod, term));
            }
        }
    }

    private static void Update<T>(Dictionary<(string, string), HashSet<T>> index, (string, string) key, T item, bool add)
    {
        if (add)
        {
            if (!index.TryGetValue(key, out var set))
            {
                set = [];
                index[key] = set;
            }

            set.Add(item);
        }
        else if (index.TryGetValue(key, out var set))
        {
            set.Remove(item);
            if (set.Count == 0)
            {
                index.Remove(key);
            }
        }
    }
}
