using Dotkube.Scheduler.Framework;
using k8s.Models;

namespace Dotkube.Scheduler.Cache;

/// <summary>
/// What the scheduler knows about the cluster: nodes with the pods assigned (or assumed) to them, and
/// the objects plugins look up (claims, volumes, classes, namespaces, disruption budgets, workload
/// selectors). Fed by the On* methods of <see cref="Scheduler"/>. Every read and write happens under
/// <see cref="SyncRoot"/>; a scheduling cycle holds it throughout, so plugins see one consistent state.
/// </summary>
public sealed partial class ClusterCache
{
    private readonly Dictionary<string, NodeInfo> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PodState> _pods = new(StringComparer.Ordinal);
    private List<NodeInfo>? _nodeList;

    public Lock SyncRoot { get; } = new();

    /// <summary>Nodes that exist (have a Node object), in a stable order for round-robin filtering.</summary>
    public IReadOnlyList<NodeInfo> Nodes => _nodeList ??= [.. _nodes.Values.Where(n => n.Node is not null).OrderBy(n => n.Name, StringComparer.Ordinal)];

    /// <summary>Nodes holding at least one pod with required anti-affinity; InterPodAffinity scans only these.</summary>
    public IEnumerable<NodeInfo> NodesWithRequiredAntiAffinity => Nodes.Where(n => n.PodsWithRequiredAntiAffinity.Count > 0);

    public NodeInfo? GetNode(string name) => _nodes.TryGetValue(name, out var n) && n.Node is not null ? n : null;

    public int PodCount => _pods.Count;

    public bool IsAssumed(string podKey) => _pods.TryGetValue(podKey, out var s) && s.Assumed;

    public PodInfo? GetPod(string podKey) => _pods.TryGetValue(podKey, out var s) ? s.Info : null;

    public void AddOrUpdateNode(V1Node node)
    {
        var info = NodeFor(node.Name());
        var known = info.Node is not null;
        info.SetNode(node);
        if (!known)
        {
            _nodeList = null;
        }
    }

    public void RemoveNode(string name)
    {
        if (_nodes.TryGetValue(name, out var info))
        {
            info.SetNode(null);

            // Pods may still point at the node until their deletion arrives; keep them counted.
            if (info.Pods.Count == 0)
            {
                _nodes.Remove(name);
            }

            _nodeList = null;
        }
    }

    /// <summary>Adds or replaces a pod assigned to a node (spec.nodeName set); confirms it if it was assumed.</summary>
    public void AddOrUpdateAssignedPod(V1Pod pod)
    {
        var info = new PodInfo(pod);
        RemovePod(info.Key);
        NodeFor(info.NodeName!).AddPod(info);
        _pods[info.Key] = new PodState(info, Assumed: false);
        Index(info, add: true);
    }

    public void RemovePod(string podKey)
    {
        if (_pods.Remove(podKey, out var state))
        {
            Index(state.Info, add: false);
            var nodeName = state.Info.NodeName!;
            if (_nodes.TryGetValue(nodeName, out var node))
            {
                node.RemovePod(podKey);
                if (node.Node is null && node.Pods.Count == 0)
                {
                    _nodes.Remove(nodeName);
                }
            }
        }
    }

    /// <summary>Counts a pod on its chosen node before the bind is confirmed, so the next cycle sees it.</summary>
    public PodInfo AssumePod(PodInfo pod, string nodeName)
    {
        var info = new PodInfo(pod.Pod, nodeName);
        RemovePod(info.Key);
        NodeFor(nodeName).AddPod(info);
        _pods[info.Key] = new PodState(info, Assumed: true);
        Index(info, add: true);
        return info;
    }

    /// <summary>Drops an assumed pod whose binding failed; a confirmed pod is left alone.</summary>
    public void ForgetPod(string podKey)
    {
        if (_pods.TryGetValue(podKey, out var s) && s.Assumed)
        {
            RemovePod(podKey);
        }
    }

    private NodeInfo NodeFor(string name)
    {
        if (!_nodes.TryGetValue(name, out var info))
        {
            info = new NodeInfo(name);
            _nodes[name] = info;
        }

        return info;
    }

    private sealed record PodState(PodInfo Info, bool Assumed);
}
