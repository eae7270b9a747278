using k8s.Models;

namespace Dotkube.Scheduler.Framework;

/// <summary>
/// A node with the pods on it (bound and assumed) and what they add up to: requested resources,
/// host ports, the pods that carry (anti-)affinity, and how many pods use each claim.
/// </summary>
public sealed class NodeInfo
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    private readonly List<PodInfo> _pods = [];
    private readonly List<PodInfo> _podsWithAffinity = [];
    private readonly List<PodInfo> _podsWithRequiredAntiAffinity = [];
    private readonly List<PodInfo> _podsThatScoreOthers = [];
    private readonly List<HostPort> _usedPorts = [];

    public NodeInfo(string name)
    {
        Name = name;
    }

    public string Name { get; }

    /// <summary>The node object; null while only pods for it have been seen (they arrive before their node at start-up).</summary>
    public V1Node? Node { get; private set; }

    public IReadOnlyDictionary<string, string> Labels { get; private set; } = NoLabels;

    public IReadOnlyList<V1Taint> Taints { get; private set; } = [];

    public Resource Allocatable { get; private set; } = new();

    public Resource Requested { get; } = new();

    public Resource NonZeroRequested { get; } = new();

    public IReadOnlyList<PodInfo> Pods => _pods;

    public IReadOnlyList<PodInfo> PodsWithAffinity => _podsWithAffinity;

    public IReadOnlyList<PodInfo> PodsWithRequiredAntiAffinity => _podsWithRequiredAntiAffinity;

    /// <summary>
    /// Pods whose own terms score other pods (required affinity, preferred affinity or anti-affinity);
    /// pods with only required anti-affinity affect filtering, not scoring.
    /// </summary>
    public IReadOnlyList<PodInfo> PodsThatScoreOthers => _podsThatScoreOthers;

    public IReadOnlyList<HostPort> UsedPorts => _usedPorts;

    /// <summary>"namespace/claim" → number of pods here that mount it.</summary>
    public Dictionary<string, int> PvcRefCounts { get; } = new(StringComparer.Ordinal);

    /// <summary>Bumped on every change, so readers can tell whether anything moved.</summary>
    public long Generation { get; private set; }

    /// <summary>A copy with extra pods added, for what-if filtering (nominated pods); this node is untouched.</summary>
    public NodeInfo CloneWith(IEnumerable<PodInfo> extraPods)
    {
        var copy = new NodeInfo(Name);
        copy.SetNode(Node);
        foreach (var p in _pods)
        {
            copy.AddPod(p);
        }

        foreach (var p in extraPods)
        {
            copy.AddPod(p);
        }

        return copy;
    }

    public void SetNode(V1Node? node)
    {
        Node = node;
        Labels = node?.Metadata?.Labels is { } l ? l as IReadOnlyDictionary<string, string> ?? new Dictionary<string, string>(l) : NoLabels;
        Taints = node?.Spec?.Taints is { } t ? [.. t] : [];
        Allocatable = QuantityValues.ToResource(node?.Status?.Allocatable);
        Generation++;
    }

    public void AddPod(PodInfo pod)
    {
        _pods.Add(pod);
        if (pod.HasAffinity)
        {
            _podsWithAffinity.Add(pod);
        }

        if (pod.RequiredAntiAffinityTerms.Count > 0)
        {
            _podsWithRequiredAntiAffinity.Add(pod);
        }

        if (pod.RequiredAffinityTerms.Count > 0 || pod.PreferredAffinityTerms.Count > 0 || pod.PreferredAntiAffinityTerms.Count > 0)
        {
            _podsThatScoreOthers.Add(pod);
        }

        Update(pod, 1);
    }

    public bool RemovePod(string key)
    {
        var index = _pods.FindIndex(p => p.Key == key);
        if (index < 0)
        {
            return false;
        }

        var pod = _pods[index];
        _pods.RemoveAt(index);
        _podsWithAffinity.Remove(pod);
        _podsWithRequiredAntiAffinity.Remove(pod);
        _podsThatScoreOthers.Remove(pod);
        Update(pod, -1);
        return true;
    }

    private void Update(PodInfo pod, int sign)
    {
        Requested.Add(pod.Requests, sign);
        NonZeroRequested.MilliCpu += sign * pod.NonZeroRequests.MilliCpu;
        NonZeroRequested.Memory += sign * pod.NonZeroRequests.Memory;
        foreach (var port in pod.HostPorts)
        {
            if (sign > 0)
            {
                _usedPorts.Add(port);
            }
            else
            {
                _usedPorts.Remove(port);
            }
        }

        foreach (var claim in pod.ClaimNames)
        {
            var key = pod.Namespace + "/" + claim;
            var count = PvcRefCounts.GetValueOrDefault(key) + sign;
            if (count <= 0)
            {
                PvcRefCounts.Remove(key);
            }
            else
            {
                PvcRefCounts[key] = count;
            }
        }

        Generation++;
    }
}
