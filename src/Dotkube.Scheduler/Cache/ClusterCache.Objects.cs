using Dotkube.Scheduler.Framework;
using k8s.Models;

namespace Dotkube.Scheduler.Cache;

// The non-pod, non-node objects plugins look up.
public sealed partial class ClusterCache
{
    private readonly Dictionary<string, V1PersistentVolumeClaim> _claims = new(StringComparer.Ordinal);
    private readonly Dictionary<string, V1PersistentVolume> _volumes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, V1StorageClass> _classes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _namespaceLabels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, V1PodDisruptionBudget> _budgets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WorkloadSelector> _workloadSelectors = new(StringComparer.Ordinal);

    /// <summary>PV name → the claim (namespace/name) an in-flight scheduling decision reserved it for.</summary>
    private readonly Dictionary<string, string> _assumedVolumeClaims = new(StringComparer.Ordinal);

    public V1PersistentVolumeClaim? GetClaim(string ns, string name) => _claims.GetValueOrDefault(ns + "/" + name);

    public V1PersistentVolume? GetVolume(string name) => _volumes.GetValueOrDefault(name);

    public IEnumerable<V1PersistentVolume> Volumes => _volumes.Values;

    public V1StorageClass? GetStorageClass(string name) => _classes.GetValueOrDefault(name);

    public IReadOnlyDictionary<string, string>? NamespaceLabels(string ns) => _namespaceLabels.GetValueOrDefault(ns);

    public IEnumerable<V1PodDisruptionBudget> DisruptionBudgets => _budgets.Values;

    public IEnumerable<WorkloadSelector> WorkloadSelectors => _workloadSelectors.Values;

    public string? AssumedClaimOf(string volumeName) => _assumedVolumeClaims.GetValueOrDefault(volumeName);

    public void AssumeVolume(string volumeName, string claimKey) => _assumedVolumeClaims[volumeName] = claimKey;

    public void ForgetVolume(string volumeName) => _assumedVolumeClaims.Remove(volumeName);

    public void SetClaim(V1PersistentVolumeClaim claim) => _claims[claim.Namespace() + "/" + claim.Name()] = claim;

    public void RemoveClaim(string ns, string name) => _claims.Remove(ns + "/" + name);

    public void SetVolume(V1PersistentVolume volume)
    {
        _volumes[volume.Name()] = volume;

        // Once the volume's own claimRef is set the API is the truth; the reservation is done.
        if (volume.Spec?.ClaimRef is not null)
        {
            _assumedVolumeClaims.Remove(volume.Name());
        }
    }

    public void RemoveVolume(string name)
    {
        _volumes.Remove(name);
        _assumedVolumeClaims.Remove(name);
    }

    public void SetStorageClass(V1StorageClass storageClass) => _classes[storageClass.Name()] = storageClass;

    public void RemoveStorageClass(string name) => _classes.Remove(name);

    public void SetNamespace(V1Namespace ns) =>
        _namespaceLabels[ns.Name()] = ns.Metadata?.Labels is { } l ? new Dictionary<string, string>(l) : new Dictionary<string, string>();

    public void RemoveNamespace(string name) => _namespaceLabels.Remove(name);

    public void SetDisruptionBudget(V1PodDisruptionBudget budget) => _budgets[budget.Namespace() + "/" + budget.Name()] = budget;

    public void RemoveDisruptionBudget(string ns, string name) => _budgets.Remove(ns + "/" + name);

    /// <summary>Services, ReplicaSets, StatefulSets and ReplicationControllers select pods for default topology spreading.</summary>
    public void SetWorkloadSelector(string kind, string ns, string name, LabelMatcher? selector)
    {
        var key = kind + "/" + ns + "/" + name;
        if (selector is null)
        {
            _workloadSelectors.Remove(key);
        }
        else
        {
            _workloadSelectors[key] = new WorkloadSelector(kind, ns, selector);
        }
    }
}
