using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dotkube.Client.Serialization;
using Dotkube.Controllers.Common;
using k8s.Models;

namespace Dotkube.Controllers.StatefulSet;

/// <summary>
/// A StatefulSet pod's identity (upstream's stateful_set_utils): the name SET-ORDINAL, hostname and
/// subdomain, the pod-name and pod-index labels, the revision label, and the claims
/// TEMPLATE-SET-ORDINAL its volumes point at.
/// </summary>
public static partial class StatefulPods
{
    public const string PodNameLabel = "statefulset.kubernetes.io/pod-name";
    public const string PodIndexLabel = "apps.kubernetes.io/pod-index";
    public const string RevisionLabel = "controller-revision-hash";

    [GeneratedRegex("^(.*)-([0-9]+)$")]
    private static partial Regex OrdinalPattern();

    /// <summary>The parent's name and the ordinal in a pod's name; (name, -1) when it has none.</summary>
    public static (string Parent, int Ordinal) ParentAndOrdinal(string name)
    {
        var m = OrdinalPattern().Match(name);
        if (!m.Success || !int.TryParse(m.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal))
        {
            return (name, -1);
        }
        return (m.Groups[1].Value, ordinal);
    }

    public static int Ordinal(V1Pod pod) => ParentAndOrdinal(pod.Metadata.Name).Ordinal;

    /// <summary>Whether the pod's name makes it one of the set's (SET-ORDINAL).</summary>
    public static bool IsMemberOf(V1StatefulSet set, V1Pod pod)
    {
        var (parent, ordinal) = ParentAndOrdinal(pod.Metadata.Name);
        return ordinal >= 0 && parent == set.Metadata.Name;
    }

    public static string PodName(V1StatefulSet set, int ordinal) => $"{set.Metadata.Name}-{ordinal.ToString(CultureInfo.InvariantCulture)}";

    public static string ClaimName(V1StatefulSet set, V1PersistentVolumeClaim template, int ordinal) =>
        $"{template.Metadata?.Name}-{set.Metadata.Name}-{ordinal.ToString(CultureInfo.InvariantCulture)}";

    public static int StartOrdinal(V1StatefulSet set) => set.Spec.Ordinals?.Start ?? 0;

    public static int Replicas(V1StatefulSet set) => set.Spec.Replicas ?? 1;

    /// <summary>Whether the ordinal is within [start, start + replicas).</summary>
    public static bool InOrdinalRange(V1StatefulSet set, int ordinal) =>
        ordinal >= StartOrdinal(set) && ordinal < StartOrdinal(set) + Replicas(set);

    public static string? Revision(V1Pod pod) => pod.Metadata.Labels?.TryGetValue(RevisionLabel, out var r) == true ? r : null;

    public static bool IsCreated(V1Pod pod) => !string.IsNullOrEmpty(pod.Status?.Phase);

    public static bool IsTerminating(V1Pod pod) => pod.Metadata.DeletionTimestamp is not null;

    public static bool IsRunningAndReady(V1Pod pod) => pod.Status?.Phase == "Running" && PodUtil.IsReady(pod);

    public static bool IsRunningAndAvailable(V1Pod pod, int minReadySeconds, DateTimeOffset now) =>
        pod.Status?.Phase == "Running" && PodUtil.IsAvailable(pod, minReadySeconds, now);

    /// <summary>Running, ready and not being deleted.</summary>
    public static bool IsHealthy(V1Pod pod) => IsRunningAndReady(pod) && !IsTerminating(pod);

    /// <summary>The claims a pod of the set needs, by template name (upstream's getPersistentVolumeClaims).</summary>
    public static Dictionary<string, V1PersistentVolumeClaim> Claims(V1StatefulSet set, int ordinal)
    {
        var claims = new Dictionary<string, V1PersistentVolumeClaim>(StringComparer.Ordinal);
        foreach (var template in set.Spec.VolumeClaimTemplates ?? [])
        {
            var claim = ObjectCopy.Of(template);
            claim.ApiVersion = "v1";
            claim.Kind = "PersistentVolumeClaim";
            claim.Metadata ??= new V1ObjectMeta();
            claim.Metadata.Name = ClaimName(set, template, ordinal);
            claim.Metadata.NamespaceProperty = set.Metadata.NamespaceProperty;
            var labels = new Dictionary<string, string>(claim.Metadata.Labels ?? new Dictionary<string, string>());
            foreach (var (k, v) in set.Spec.Selector?.MatchLabels ?? new Dictionary<string, string>())
            {
                labels[k] = v;
            }
            claim.Metadata.Labels = labels.Count == 0 ? null : labels;
            // The template's status (defaulted to Pending by the API server) is not part of a new claim.
            claim.Status = null;
            claims[template.Metadata?.Name ?? ""] = claim;
        }
        return claims;
    }

    /// <summary>A new pod for the ordinal from the set's template (upstream's newStatefulSetPod).</summary>
    public static V1Pod New(V1StatefulSet set, int ordinal)
    {
        var template = set.Spec.Template;
        var pod = new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = PodName(set, ordinal),
                NamespaceProperty = set.Metadata.NamespaceProperty,
                Labels = template?.Metadata?.Labels is { } labels ? new Dictionary<string, string>(labels) : null,
                Annotations = template?.Metadata?.Annotations is { } annotations ? new Dictionary<string, string>(annotations) : null,
                Finalizers = template?.Metadata?.Finalizers?.ToList(),
                OwnerReferences = [OwnerRefs.NewControllerRef(set.Metadata, "apps/v1", "StatefulSet")],
            },
            Spec = template?.Spec is { } spec ? ObjectCopy.Of(spec) : new V1PodSpec(),
        };
        UpdateIdentity(set, pod);
        pod.Spec.Hostname = pod.Metadata.Name;
        pod.Spec.Subdomain = string.IsNullOrEmpty(set.Spec.ServiceName) ? null : set.Spec.ServiceName;
        UpdateStorage(set, pod);
        return pod;
    }

    /// <summary>The pod at the revision the partition gives its ordinal (upstream's newVersionedStatefulSetPod).</summary>
    public static V1Pod NewVersioned(V1StatefulSet currentSet, V1StatefulSet updateSet, string currentRevision, string updateRevision, int ordinal)
    {
        var strategy = currentSet.Spec.UpdateStrategy;
        var start = StartOrdinal(currentSet);
        var atCurrent = strategy?.Type is null or "RollingUpdate"
            && (strategy?.RollingUpdate is null
                ? ordinal < start + (currentSet.Status?.CurrentReplicas ?? 0)
                : ordinal < start + (strategy.RollingUpdate.Partition ?? 0));
        var pod = New(atCurrent ? currentSet : updateSet, ordinal);
        pod.Metadata.Labels ??= new Dictionary<string, string>();
        pod.Metadata.Labels[RevisionLabel] = atCurrent ? currentRevision : updateRevision;
        return pod;
    }

    /// <summary>Sets the name, namespace and identity labels (upstream's updateIdentity).</summary>
    public static void UpdateIdentity(V1StatefulSet set, V1Pod pod)
    {
        var ordinal = Ordinal(pod);
        pod.Metadata.Name = PodName(set, ordinal);
        pod.Metadata.NamespaceProperty = set.Metadata.NamespaceProperty;
        pod.Metadata.Labels ??= new Dictionary<string, string>();
        pod.Metadata.Labels[PodNameLabel] = pod.Metadata.Name;
        pod.Metadata.Labels[PodIndexLabel] = ordinal.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Points the claim templates' volumes at the pod's claims, keeping its other volumes (upstream's updateStorage).</summary>
    public static void UpdateStorage(V1StatefulSet set, V1Pod pod)
    {
        var claims = Claims(set, Ordinal(pod));
        if (claims.Count == 0)
        {
            return;
        }
        var volumes = claims.Select(c => new V1Volume
        {
            Name = c.Key,
            PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = c.Value.Metadata.Name },
        }).ToList();
        volumes.AddRange((pod.Spec.Volumes ?? []).Where(v => !claims.ContainsKey(v.Name)));
        pod.Spec.Volumes = volumes;
    }

    /// <summary>Whether name, namespace and identity labels are what the set gives the ordinal.</summary>
    public static bool IdentityMatches(V1StatefulSet set, V1Pod pod)
    {
        var (parent, ordinal) = ParentAndOrdinal(pod.Metadata.Name);
        var labels = pod.Metadata.Labels;
        return ordinal >= 0 && parent == set.Metadata.Name && pod.Metadata.NamespaceProperty == set.Metadata.NamespaceProperty
            && labels is not null && labels.TryGetValue(PodNameLabel, out var n) && n == pod.Metadata.Name
            && labels.TryGetValue(PodIndexLabel, out var i) && i == ordinal.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Whether every claim template has a volume pointing at the pod's claim.</summary>
    public static bool StorageMatches(V1StatefulSet set, V1Pod pod)
    {
        var ordinal = Ordinal(pod);
        if (ordinal < 0)
        {
            return false;
        }
        var volumes = (pod.Spec.Volumes ?? []).ToDictionary(v => v.Name, StringComparer.Ordinal);
        return (set.Spec.VolumeClaimTemplates ?? []).All(t =>
            volumes.TryGetValue(t.Metadata?.Name ?? "", out var v) && v.PersistentVolumeClaim?.ClaimName == ClaimName(set, t, ordinal));
    }

}
