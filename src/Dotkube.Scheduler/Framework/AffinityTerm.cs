using k8s.Models;

namespace Dotkube.Scheduler.Framework;

/// <summary>
/// A pod (anti-)affinity term compiled against the pod that declares it: with neither namespaces nor a
/// namespaceSelector the term covers the declaring pod's own namespace; an empty namespaceSelector covers all.
/// </summary>
public sealed class AffinityTerm
{
    public AffinityTerm(V1Pod owner, V1PodAffinityTerm term, int weight = 0)
    {
        TopologyKey = term.TopologyKey ?? "";
        Weight = weight;
        var selector = LabelMatcher.From(term.LabelSelector);

        // matchLabelKeys / mismatchLabelKeys: key in / notin (owner's value), merged into the selector.
        var ownerLabels = owner.Metadata?.Labels;
        if (term.MatchLabelKeys is { Count: > 0 } keys && ownerLabels is not null)
        {
            selector = selector.WithEquals(keys.Where(ownerLabels.ContainsKey).Select(k => (k, ownerLabels[k])));
        }

        if (term.MismatchLabelKeys is { Count: > 0 } mismatch && ownerLabels is not null)
        {
            MismatchLabels = mismatch.Where(ownerLabels.ContainsKey).Select(k => (k, ownerLabels[k])).ToArray();
        }

        Selector = selector;
        Namespaces = new HashSet<string>(term.Namespaces ?? [], StringComparer.Ordinal);
        NamespaceSelector = term.NamespaceSelector is null ? null : LabelMatcher.From(term.NamespaceSelector);
        if (Namespaces.Count == 0 && NamespaceSelector is null)
        {
            Namespaces.Add(owner.Namespace() ?? "default");
        }
    }

    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    public string TopologyKey { get; }

    public int Weight { get; }

    public LabelMatcher Selector { get; }

    public HashSet<string> Namespaces { get; }

    public LabelMatcher? NamespaceSelector { get; }

    private (string Key, string Value)[] MismatchLabels { get; } = [];

    /// <summary>Whether the term selects the pod; namespaceLabels looks up a namespace's labels.</summary>
    public bool Matches(PodInfo pod, Func<string, IReadOnlyDictionary<string, string>?> namespaceLabels)
    {
        var ns = pod.Namespace;
        if (!Namespaces.Contains(ns))
        {
            if (NamespaceSelector is null)
            {
                return false;
            }

            // An unknown namespace has no labels: only an empty selector matches it.
            if (!NamespaceSelector.Matches(namespaceLabels(ns) ?? NoLabels))
            {
                return false;
            }
        }

        if (!Selector.Matches(pod.Labels))
        {
            return false;
        }

        foreach (var (key, value) in MismatchLabels)
        {
            if (pod.Labels.TryGetValue(key, out var v) && v == value)
            {
                return false;
            }
        }

        return true;
    }
}
