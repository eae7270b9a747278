using System.Text.Json;
using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Reconciling;
using Dotkube.Client.Serialization;
using Dotkube.Client.Events;
using Dotkube.Controllers.Common;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.Deployment;

/// <summary>
/// Rolls one Deployment towards its template (upstream's syncDeployment): finds or creates the
/// ReplicaSet of the current template (named after its pod-template-hash), scales new and old
/// ReplicaSets by the strategy (RollingUpdate within maxSurge/maxUnavailable, or Recreate), trims
/// old ReplicaSets beyond revisionHistoryLimit and writes the status and conditions.
/// </summary>
public sealed partial class DeploymentReconciler(
    KubeApiClient client,
    IObjectCache<V1Deployment> deployments,
    IObjectCache<V1ReplicaSet> replicaSets,
    EventRecorder events,
    TimeProvider clock,
    ILogger logger) : IReconciler
{
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";
    public const string DesiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas";
    public const string MaxReplicasAnnotation = "deployment.kubernetes.io/max-replicas";

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var d = deployments.Get(key.Namespace, key.Name);
        if (d is null)
        {
            return ReconcileResult.Done;
        }
        var owned = replicaSets.List(key.Namespace).Where(rs => OwnerRefs.ControllerOf(rs.Metadata)?.Uid == d.Metadata.Uid).ToList();
        if (d.Metadata.DeletionTimestamp is not null)
        {
            await WriteStatusAsync(d, FindNew(d, owned), owned, cancellationToken);
            return ReconcileResult.Done;
        }
        var newRs = FindNew(d, owned);
        var olds = owned.Where(rs => rs != newRs).ToList();
        if (d.Spec.Paused == true)
        {
            await WriteStatusAsync(d, newRs, owned, cancellationToken);
            return ReconcileResult.Done;
        }
        newRs = await EnsureNewReplicaSetAsync(d, newRs, olds, cancellationToken);
        if (newRs is null)
        {
            // A hash collision was recorded in the status; the next sync uses the new hash.
            return ReconcileResult.RequeueWithBackoff;
        }
        if (d.Spec.Strategy?.Type == "Recreate")
        {
            await RecreateAsync(d, newRs, olds, cancellationToken);
        }
        else
        {
            await RollAsync(d, newRs, olds, cancellationToken);
        }
        await CleanupAsync(d, olds, cancellationToken);
        var all = replicaSets.List(key.Namespace).Where(rs => OwnerRefs.ControllerOf(rs.Metadata)?.Uid == d.Metadata.Uid).ToList();
        var current = all.FirstOrDefault(rs => rs.Metadata.Uid == newRs.Metadata.Uid) ?? newRs;
        await WriteStatusAsync(d, current, all, cancellationToken);
        return ReconcileResult.Done;
    }

    /// <summary>The ReplicaSet whose template equals the Deployment's, ignoring the hash label; the oldest if several.</summary>
    public static V1ReplicaSet? FindNew(V1Deployment d, IEnumerable<V1ReplicaSet> owned)
    {
        var wanted = PodTemplateHash.CanonicalJson(WithoutHash(d.Spec.Template));
        return owned.OrderBy(rs => rs.Metadata.CreationTimestamp).ThenBy(rs => rs.Metadata.Name, StringComparer.Ordinal)
            .FirstOrDefault(rs => rs.Spec.Template is { } t && PodTemplateHash.CanonicalJson(WithoutHash(t)) == wanted);
    }

    public static V1PodTemplateSpec WithoutHash(V1PodTemplateSpec template)
    {
        var copy = ObjectCopy.Of(template);
        copy.Metadata ??= new V1ObjectMeta();
        copy.Metadata.Labels?.Remove(PodTemplateHash.Label);
        if (copy.Metadata.Labels is { Count: 0 })
        {
            copy.Metadata.Labels = null;
        }
        return copy;
    }

    private static string? Annotation(V1ObjectMeta meta, string key) =>
        meta.Annotations is { } a && a.TryGetValue(key, out var v) ? v : null;

    public static long Revision(V1ObjectMeta meta) =>
        meta.Annotations?.TryGetValue(RevisionAnnotation, out var v) == true && long.TryParse(v, out var r) ? r : 0;

    private async Task<V1ReplicaSet?> EnsureNewReplicaSetAsync(V1Deployment d, V1ReplicaSet? existing, List<V1ReplicaSet> olds, CancellationToken ct)
    {
        var maxOld = olds.Count == 0 ? 0 : olds.Max(rs => Revision(rs.Metadata));
        var replicas = d.Spec.Replicas ?? 1;
        var maxReplicas = replicas + RollingUpdateMath.MaxSurge(d);
        if (existing is not null)
        {
            var revision = Revision(existing.Metadata);
            var wantRevision = revision > maxOld ? revision : maxOld + 1;
            var annotations = existing.Metadata.Annotations ?? new Dictionary<string, string>();
            var stale = revision != wantRevision
                || existing.Spec.MinReadySeconds != d.Spec.MinReadySeconds
                || Annotation(existing.Metadata, DesiredReplicasAnnotation) != replicas.ToString(System.Globalization.CultureInfo.InvariantCulture)
                || Annotation(existing.Metadata, MaxReplicasAnnotation) != maxReplicas.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!stale)
            {
                await SetDeploymentRevisionAsync(d, wantRevision, ct);
                return existing;
            }
            var copy = ObjectCopy.Of(existing);
            copy.Metadata.Annotations = new Dictionary<string, string>(annotations)
            {
                [RevisionAnnotation] = wantRevision.ToString(System.Globalization.CultureInfo.InvariantCulture),
                [DesiredReplicasAnnotation] = replicas.ToString(System.Globalization.CultureInfo.InvariantCulture),
                [MaxReplicasAnnotation] = maxReplicas.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            copy.Spec.MinReadySeconds = d.Spec.MinReadySeconds;
            var updated = await client.Resource<V1ReplicaSet>(ResourceType.ReplicaSets).UpdateAsync(copy, cancellationToken: ct);
            await SetDeploymentRevisionAsync(d, wantRevision, ct);
            return updated;
        }

        var hash = PodTemplateHash.Compute(d.Spec.Template, d.Status?.CollisionCount);
        var template = ObjectCopy.Of(d.Spec.Template);
        template.Metadata ??= new V1ObjectMeta();
        template.Metadata.Labels = new Dictionary<string, string>(template.Metadata.Labels ?? new Dictionary<string, string>()) { [PodTemplateHash.Label] = hash };
        var selector = ObjectCopy.Of(d.Spec.Selector);
        selector.MatchLabels = new Dictionary<string, string>(selector.MatchLabels ?? new Dictionary<string, string>()) { [PodTemplateHash.Label] = hash };
        var newRevision = maxOld + 1;
        var initial = NewReplicaSetReplicas(d, olds, null);
        var rs = new V1ReplicaSet
        {
            ApiVersion = "apps/v1",
            Kind = "ReplicaSet",
            Metadata = new V1ObjectMeta
            {
                Name = $"{d.Metadata.Name}-{hash}",
                NamespaceProperty = d.Metadata.NamespaceProperty,
                Labels = new Dictionary<string, string>(template.Metadata.Labels),
                Annotations = new Dictionary<string, string>
                {
                    [RevisionAnnotation] = newRevision.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    [DesiredReplicasAnnotation] = replicas.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    [MaxReplicasAnnotation] = maxReplicas.ToString(System.Globalization.CultureInfo.InvariantCulture),
                },
                OwnerReferences = [OwnerRefs.NewControllerRef(d.Metadata, "apps/v1", "Deployment")],
            },
            Spec = new V1ReplicaSetSpec
            {
                Replicas = initial,
                MinReadySeconds = d.Spec.MinReadySeconds,
                Selector = selector,
                Template = template,
            },
        };
        V1ReplicaSet created;
        try
        {
            created = await client.Resource<V1ReplicaSet>(ResourceType.ReplicaSets).CreateAsync(rs, cancellationToken: ct);
        }
        catch (KubeApiException e) when (e.Code == 409 && !e.IsConflict)
        {
            // AlreadyExists: ours if it has our template (the cache lagged), else a hash collision.
            var other = await client.TryGetAsync<V1ReplicaSet>(ResourceType.ReplicaSets, d.Metadata.NamespaceProperty, rs.Metadata.Name, ct);
            if (other is not null && OwnerRefs.ControllerOf(other.Metadata)?.Uid == d.Metadata.Uid && FindNew(d, [other]) is not null)
            {
                return other;
            }
            var copy = ObjectCopy.Of(d);
            copy.Status ??= new V1DeploymentStatus();
            copy.Status.CollisionCount = (copy.Status.CollisionCount ?? 0) + 1;
            await client.Resource<V1Deployment>(ResourceType.Deployments).UpdateStatusAsync(copy, cancellationToken: ct);
            logger.LogInformation("deployment {Name}: pod-template-hash collision on {ReplicaSet}; collisionCount is now {Count}", d.Metadata.Name, rs.Metadata.Name, copy.Status.CollisionCount);
            return null;
        }
        Record(d, "Normal", "ScalingReplicaSet", $"Scaled up replica set {created.Metadata.Name} to {initial}", initial > 0);
        await SetDeploymentRevisionAsync(d, newRevision, ct);
        return created;
    }

    private async Task SetDeploymentRevisionAsync(V1Deployment d, long revision, CancellationToken ct)
    {
        var text = revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (Annotation(d.Metadata, RevisionAnnotation) == text)
        {
            return;
        }
        // An update, not a patch: upstream's deployment-controller role may update deployments but not patch them.
        var copy = ObjectCopy.Of(d);
        copy.Metadata.Annotations = new Dictionary<string, string>(copy.Metadata.Annotations ?? new Dictionary<string, string>()) { [RevisionAnnotation] = text };
        await client.Resource<V1Deployment>(ResourceType.Deployments).UpdateAsync(copy, cancellationToken: ct);
    }

    private void Record(V1Deployment d, string type, string reason, string message, bool when)
    {
        if (when)
        {
            events.Event(d, type, reason, message, ResourceType.Deployments);
        }
    }

    /// <summary>Sets a ReplicaSet's replicas (and the deployment annotations) and records ScalingReplicaSet.</summary>
    private async Task<V1ReplicaSet> ScaleAsync(V1Deployment d, V1ReplicaSet rs, int replicas, CancellationToken ct)
    {
        var from = rs.Spec.Replicas ?? 0;
        if (from == replicas)
        {
            return rs;
        }
        var copy = ObjectCopy.Of(rs);
        copy.Spec.Replicas = replicas;
        copy.Metadata.Annotations = new Dictionary<string, string>(copy.Metadata.Annotations ?? new Dictionary<string, string>())
        {
            [DesiredReplicasAnnotation] = (d.Spec.Replicas ?? 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            [MaxReplicasAnnotation] = ((d.Spec.Replicas ?? 1) + RollingUpdateMath.MaxSurge(d)).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var updated = await client.Resource<V1ReplicaSet>(ResourceType.ReplicaSets).UpdateAsync(copy, cancellationToken: ct);
        var direction = replicas > from ? "up" : "down";
        Record(d, "Normal", "ScalingReplicaSet", $"Scaled {direction} replica set {rs.Metadata.Name} to {replicas} from {from}", true);
        return updated;
    }

}
