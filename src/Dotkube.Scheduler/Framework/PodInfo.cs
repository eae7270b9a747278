using k8s.Models;

namespace Dotkube.Scheduler.Framework;

/// <summary>
/// A pod with what the plugins need precomputed once: requests, host ports, affinity terms, claims.
/// Rebuilt whenever the pod object changes.
/// </summary>
public sealed class PodInfo
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    /// <param name="assumedNode">The node the scheduler assumed for the pod before its binding is confirmed.</param>
    public PodInfo(V1Pod pod, string? assumedNode = null)
    {
        Pod = pod;
        NodeName = assumedNode ?? (pod.Spec?.NodeName is { Length: > 0 } n ? n : null);
        Namespace = pod.Namespace() ?? "default";
        Name = pod.Name() ?? "";
        Key = Namespace + "/" + Name;
        Uid = pod.Uid() ?? Key;
        Labels = pod.Metadata?.Labels is { } l ? l as IReadOnlyDictionary<string, string> ?? new Dictionary<string, string>(l) : NoLabels;
        Priority = pod.Spec?.Priority ?? 0;
        Requests = PodResources.Requests(pod, nonZero: false);
        NonZeroRequests = PodResources.Requests(pod, nonZero: true);
        HostPorts = HostPort.Of(pod);

        var affinity = pod.Spec?.Affinity;
        RequiredAffinityTerms = Terms(pod, affinity?.PodAffinity?.RequiredDuringSchedulingIgnoredDuringExecution);
        RequiredAntiAffinityTerms = Terms(pod, affinity?.PodAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution);
        PreferredAffinityTerms = Weighted(pod, affinity?.PodAffinity?.PreferredDuringSchedulingIgnoredDuringExecution);
        PreferredAntiAffinityTerms = Weighted(pod, affinity?.PodAntiAffinity?.PreferredDuringSchedulingIgnoredDuringExecution);
        HasAffinity = affinity?.PodAffinity is not null || affinity?.PodAntiAffinity is not null;
        // A generic ephemeral volume's claim is named <pod>-<volume> by the ephemeral volume controller.
        ClaimNames = pod.Spec?.Volumes?
            .Select(v => v.PersistentVolumeClaim?.ClaimName ?? (v.Ephemeral is not null ? Name + "-" + v.Name : null))
            .OfType<string>()
            .ToArray() ?? [];
    }

    public V1Pod Pod { get; }

    public string Namespace { get; }

    public string Name { get; }

    /// <summary>namespace/name.</summary>
    public string Key { get; }

    public string Uid { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    public int Priority { get; }

    public Resource Requests { get; }

    /// <summary>Requests with upstream's defaults (100m CPU, 200Mi memory) for containers that name none; used for scoring.</summary>
    public Resource NonZeroRequests { get; }

    public IReadOnlyList<HostPort> HostPorts { get; }

    public IReadOnlyList<AffinityTerm> RequiredAffinityTerms { get; }

    public IReadOnlyList<AffinityTerm> RequiredAntiAffinityTerms { get; }

    public IReadOnlyList<AffinityTerm> PreferredAffinityTerms { get; }

    public IReadOnlyList<AffinityTerm> PreferredAntiAffinityTerms { get; }

    public bool HasAffinity { get; }

    /// <summary>Names of the PersistentVolumeClaims the pod mounts.</summary>
    public IReadOnlyList<string> ClaimNames { get; }

    public bool IsTerminating => Pod.Metadata?.DeletionTimestamp is not null;

    public string? NodeName { get; }

    /// <summary>Start time for preemption's ordering; creation time when the pod has not started.</summary>
    public DateTime StartTime => Pod.Status?.StartTime ?? Pod.Metadata?.CreationTimestamp ?? DateTime.MinValue;

    private static AffinityTerm[] Terms(V1Pod pod, IList<V1PodAffinityTerm>? terms) =>
        terms?.Select(t => new AffinityTerm(pod, t)).ToArray() ?? [];

    private static AffinityTerm[] Weighted(V1Pod pod, IList<V1WeightedPodAffinityTerm>? terms) =>
        terms?.Where(t => t.PodAffinityTerm is not null).Select(t => new AffinityTerm(pod, t.PodAffinityTerm, t.Weight)).ToArray() ?? [];
}
