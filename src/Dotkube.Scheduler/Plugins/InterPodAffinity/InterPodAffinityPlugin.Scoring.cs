using Dotkube.Scheduler.Framework;

namespace Dotkube.Scheduler.Plugins.InterPodAffinity;

public sealed partial class InterPodAffinityPlugin : IPreScorePlugin, IScorePlugin
{
    private const string PreScoreKey = "PreScore" + Names.InterPodAffinity;

    public Status PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes)
    {
        var hasPreferred = pod.PreferredAffinityTerms.Count > 0 || pod.PreferredAntiAffinityTerms.Count > 0;
        var scores = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        foreach (var node in _cache.Nodes)
        {
            // Without preferred terms of its own, only pods whose terms score others can change the score.
            var existingPods = hasPreferred ? node.Pods : node.PodsThatScoreOthers;
            foreach (var existing in existingPods)
            {
                ProcessTerms(scores, pod.PreferredAffinityTerms, existing, node, 1);
                ProcessTerms(scores, pod.PreferredAntiAffinityTerms, existing, node, -1);
                foreach (var term in existing.RequiredAffinityTerms)
                {
                    ProcessTerm(scores, term, HardPodAffinityWeight, pod, node, 1);
                }

                ProcessTerms(scores, existing.PreferredAffinityTerms, pod, node, 1);
                ProcessTerms(scores, existing.PreferredAntiAffinityTerms, pod, node, -1);
            }
        }

        if (scores.Count == 0)
        {
            return Status.SkipStatus;
        }

        state.Write(PreScoreKey, scores);
        return Status.Success;
    }

    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        var scores = state.Read<Dictionary<string, Dictionary<string, long>>>(PreScoreKey)!;
        long score = 0;
        foreach (var (key, values) in scores)
        {
            if (node.Labels.TryGetValue(key, out var v) && values.TryGetValue(v, out var s))
            {
                score += s;
            }
        }

        return score;
    }

    /// <summary>Min-max normalization onto 0..100; all equal gives 0.</summary>
    public void NormalizeScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, long[] scores)
    {
        if (scores.Length == 0)
        {
            return;
        }

        var min = scores.Min();
        var max = scores.Max();
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = max - min > 0 ? (long)(ScoreNormalization.MaxNodeScore * ((double)(scores[i] - min) / (max - min))) : 0;
        }
    }

    private void ProcessTerms(Dictionary<string, Dictionary<string, long>> scores, IReadOnlyList<AffinityTerm> terms, PodInfo target, NodeInfo node, int sign)
    {
        foreach (var term in terms)
        {
            ProcessTerm(scores, term, term.Weight, target, node, sign);
        }
    }

    private void ProcessTerm(Dictionary<string, Dictionary<string, long>> scores, AffinityTerm term, int weight, PodInfo target, NodeInfo node, int sign)
    {
        if (weight == 0 || !node.Labels.TryGetValue(term.TopologyKey, out var value) || !term.Matches(target, _cache.NamespaceLabels))
        {
            return;
        }

        if (!scores.TryGetValue(term.TopologyKey, out var byValue))
        {
            byValue = new Dictionary<string, long>(StringComparer.Ordinal);
            scores[term.TopologyKey] = byValue;
        }

        byValue[value] = byValue.GetValueOrDefault(value) + ((long)weight * sign);
    }
}
