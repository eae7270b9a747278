using Dotkube.Scheduler.Cache;
using Dotkube.Scheduler.Framework;
using k8s.Models;

namespace Dotkube.Scheduler.Plugins.VolumeBinding;

/// <summary>
/// Claims and nodes: a bound claim's PV must exist and its node affinity admit the node; an unbound
/// claim of an Immediate class keeps the pod pending until the PV controller binds it; an unbound
/// claim of a WaitForFirstConsumer class takes a matching available PV on the node (the smallest
/// that fits) or, if its class can provision there, is marked for provisioning. Reserve holds the
/// chosen PVs; PreBind carries it out through <see cref="IVolumeBinder"/>.
/// </summary>
public sealed class VolumeBindingPlugin : IPreFilterPlugin, IFilterPlugin, IReservePlugin, IPreBindPlugin, IEnqueueExtensions
{
    public const string ErrReasonBindConflict = "node(s) didn't find available persistent volumes to bind";
    public const string ErrReasonNodeConflict = "node(s) had volume node affinity conflict";
    public const string ErrReasonPVNotExist = "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)";
    public const string ErrReasonUnboundImmediate = "pod has unbound immediate PersistentVolumeClaims";
    public const string SelectedNodeAnnotation = "volume.kubernetes.io/selected-node";
    public const string NoProvisioner = "kubernetes.io/no-provisioner";

    private const string StateKey = Names.VolumeBinding;

    private readonly ClusterCache _cache;
    private readonly IVolumeBinder? _binder;

    public VolumeBindingPlugin(ClusterCache cache, IVolumeBinder? binder)
    {
        _cache = cache;
        _binder = binder;
    }

    public string Name => Names.VolumeBinding;

    public Status PreFilter(CycleState state, PodInfo pod)
    {
        if (pod.ClaimNames.Count == 0)
        {
            return Status.SkipStatus;
        }

        var s = new VolumeBindingState();
        var unboundImmediate = false;
        foreach (var name in pod.ClaimNames)
        {
            var claim = _cache.GetClaim(pod.Namespace, name);
            if (claim is null)
            {
                return Status.Unresolvable($"persistentvolumeclaim \"{name}\" not found");
            }

            if (claim.Metadata?.DeletionTimestamp is not null)
            {
                return Status.Unresolvable($"persistentvolumeclaim \"{name}\" is being deleted");
            }

            if (!string.IsNullOrEmpty(claim.Spec?.VolumeName))
            {
                s.BoundClaims.Add(claim);
            }
            else if (IsDelayBinding(claim))
            {
                s.DelayedClaims.Add(claim);
            }
            else
            {
                unboundImmediate = true;
            }
        }

        if (unboundImmediate)
        {
            return Status.Unresolvable(ErrReasonUnboundImmediate);
        }

        state.Write(StateKey, s);
        return Status.Success;
    }

    public Status Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        var s = state.Read<VolumeBindingState>(StateKey);
        if (s is null || node.Node is null)
        {
            return Status.Error("VolumeBinding PreFilter state is missing");
        }

        foreach (var claim in s.BoundClaims)
        {
            var volume = _cache.GetVolume(claim.Spec.VolumeName);
            if (volume is null)
            {
                return Status.Unresolvable(ErrReasonPVNotExist);
            }

            if (volume.Spec?.NodeAffinity?.Required is { } required && !NodeSelectorMatcher.Matches(required, node.Node))
            {
                return Status.Unresolvable(ErrReasonNodeConflict);
            }
        }

        if (s.DelayedClaims.Count == 0)
        {
            return Status.Success;
        }

        var decision = Decide(pod, s.DelayedClaims, node.Node);
        if (decision is null)
        {
            return Status.Unresolvable(ErrReasonBindConflict);
        }

        s.Decisions[node.Name] = decision;
        return Status.Success;
    }

    private VolumeDecision? Decide(PodInfo pod, List<V1PersistentVolumeClaim> claims, V1Node node)
    {
        var bindings = new List<(V1PersistentVolumeClaim, V1PersistentVolume)>();
        var provisions = new List<V1PersistentVolumeClaim>();
        var taken = new HashSet<string>(StringComparer.Ordinal);

        // Smaller claims first, so a large claim does not take the PV a small one needed.
        foreach (var claim in claims.OrderBy(VolumeMatching.RequestedBytes))
        {
            if (claim.Metadata?.Annotations?.TryGetValue(SelectedNodeAnnotation, out var selected) == true)
            {
                // Provisioning for this claim is already under way on a node.
                if (selected != node.Name())
                {
                    return null;
                }

                provisions.Add(claim);
                continue;
            }

            var claimKey = pod.Namespace + "/" + claim.Name();
            V1PersistentVolume? best = null;
            foreach (var volume in _cache.Volumes)
            {
                if (taken.Contains(volume.Name()) || !VolumeMatching.Matches(volume, claim, node))
                {
                    continue;
                }

                var assumedFor = _cache.AssumedClaimOf(volume.Name());
                if (assumedFor is not null && assumedFor != claimKey)
                {
                    continue;
                }

                if (VolumeMatching.IsPreboundTo(volume, claim))
                {
                    best = volume;
                    break;
                }

                if (best is null || VolumeMatching.CapacityBytes(volume) < VolumeMatching.CapacityBytes(best))
                {
                    best = volume;
                }
            }

            if (best is not null)
            {
                taken.Add(best.Name());
                bindings.Add((claim, best));
            }
            else if (CanProvision(claim, node))
            {
                provisions.Add(claim);
            }
            else
            {
                return null;
            }
        }

        return new VolumeDecision(bindings, provisions);
    }

    private bool CanProvision(V1PersistentVolumeClaim claim, V1Node node)
    {
        var storageClass = _cache.GetStorageClass(VolumeMatching.ClassOf(claim));
        if (storageClass is null || storageClass.Provisioner == NoProvisioner)
        {
            return false;
        }

        if (storageClass.AllowedTopologies is not { Count: > 0 } topologies)
        {
            return true;
        }

        var labels = node.Metadata?.Labels;
        return topologies.Any(term => term.MatchLabelExpressions?.All(e => labels is not null && labels.TryGetValue(e.Key, out var v) && e.Values.Contains(v)) ?? true);
    }

    private bool IsDelayBinding(V1PersistentVolumeClaim claim)
    {
        var className = VolumeMatching.ClassOf(claim);
        return className.Length > 0 && _cache.GetStorageClass(className)?.VolumeBindingMode == "WaitForFirstConsumer";
    }

    public Status Reserve(CycleState state, PodInfo pod, string nodeName)
    {
        var s = state.Read<VolumeBindingState>(StateKey);
        if (s is null || !s.Decisions.TryGetValue(nodeName, out var decision))
        {
            return Status.Success;
        }

        foreach (var (claim, volume) in decision.StaticBindings)
        {
            _cache.AssumeVolume(volume.Name(), pod.Namespace + "/" + claim.Name());
        }

        s.Reserved = decision;
        return Status.Success;
    }

    public void Unreserve(CycleState state, PodInfo pod, string nodeName)
    {
        var s = state.Read<VolumeBindingState>(StateKey);
        if (s?.Reserved is not { } decision)
        {
            return;
        }

        foreach (var (_, volume) in decision.StaticBindings)
        {
            _cache.ForgetVolume(volume.Name());
        }

        s.Reserved = null;
    }

    public async Task<Status> PreBindAsync(CycleState state, PodInfo pod, string nodeName, CancellationToken cancellationToken)
    {
        var s = state.Read<VolumeBindingState>(StateKey);
        if (s?.Reserved is not { IsEmpty: false } decision)
        {
            return Status.Success;
        }

        if (_binder is null)
        {
            return Status.Error("the pod needs volumes bound but no volume binder is configured");
        }

        await _binder.BindVolumesAsync(pod.Pod, nodeName, decision.StaticBindings, decision.ClaimsToProvision, cancellationToken).ConfigureAwait(false);
        return Status.Success;
    }

    public IReadOnlyList<ClusterEvent> EventsToRegister() =>
    [
        new(EventResource.Node, ActionType.Add | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint),
        new(EventResource.PersistentVolumeClaim, ActionType.Add | ActionType.Update),
        new(EventResource.PersistentVolume, ActionType.Add | ActionType.Update),
        new(EventResource.StorageClass, ActionType.Add | ActionType.Update),
    ];
}
