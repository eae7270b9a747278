using Dotkube.Scheduler.Cache;
using Dotkube.Scheduler.Framework;
using k8s.Models;

namespace Dotkube.Scheduler.Tests.Testing;

/// <summary>A cache with nodes and assigned pods, and helpers to run one plugin's points over it.</summary>
public sealed class PluginHarness
{
    public ClusterCache Cache { get; } = new();

    public static PluginHarness With(IEnumerable<V1Node> nodes, IEnumerable<V1Pod>? pods = null)
    {
        var h = new PluginHarness();
        foreach (var n in nodes)
        {
            h.Cache.AddOrUpdateNode(n);
        }

        foreach (var p in pods ?? [])
        {
            h.Cache.AddOrUpdateAssignedPod(p);
        }

        return h;
    }

    /// <summary>PreFilter then Filter on every node: node → "" when it fits, else the status code and message.</summary>
    public Dictionary<string, string> Filter(object plugin, V1Pod pod, CycleState? state = null)
    {
        state ??= new CycleState();
        var info = new PodInfo(pod);
        var result = new Dictionary<string, string>();
        if (plugin is IPreFilterPlugin pre)
        {
            var s = pre.PreFilter(state, info);
            if (s.IsSkip)
            {
                state.SkipFilterPlugins.Add(pre.Name);
            }
            else if (!s.IsSuccess)
            {
                foreach (var n in Cache.Nodes)
                {
                    result[n.Name] = Describe(s);
                }

                return result;
            }
        }

        foreach (var n in Cache.Nodes)
        {
            var f = (IFilterPlugin)plugin;
            result[n.Name] = state.SkipFilterPlugins.Contains(f.Name) ? "" : Describe(f.Filter(state, info, n));
        }

        return result;
    }

    /// <summary>PreScore, Score and NormalizeScore over every node: node → normalized score (skip: all 0).</summary>
    public Dictionary<string, long> Score(object plugin, V1Pod pod)
    {
        var state = new CycleState();
        var info = new PodInfo(pod);
        var nodes = Cache.Nodes;
        if (plugin is IPreScorePlugin pre && pre.PreScore(state, info, nodes).IsSkip)
        {
            return nodes.ToDictionary(n => n.Name, _ => 0L);
        }

        var sp = (IScorePlugin)plugin;
        var scores = nodes.Select(n => sp.Score(state, info, n)).ToArray();
        sp.NormalizeScore(state, info, nodes, scores);
        return nodes.Select((n, i) => (n.Name, scores[i])).ToDictionary(x => x.Name, x => x.Item2);
    }

    public static string Describe(Status s) => s.IsSuccess ? "" : $"{s.Code}: {s.Message}";
}
