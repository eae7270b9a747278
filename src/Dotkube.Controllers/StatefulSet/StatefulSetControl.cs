using Dotkube.Controllers.Common;
using Dotkube.Controllers.History;
using k8s.Models;

namespace Dotkube.Controllers.StatefulSet;

/// <summary>
/// One sync of a StatefulSet (upstream's defaultStatefulSetControl.UpdateStatefulSet): finds or
/// makes the revision of the current template, brings the pods towards the spec — create missing
/// ordinals (in order and one at a time for OrderedReady, all at once for Parallel), replace
/// failed pods, delete pods beyond the replicas from the highest ordinal down, then roll pods not
/// at the update revision from the highest ordinal down to the partition, one at a time — and
/// writes the status. The caller passes the pods it claimed and the set's revisions.
/// </summary>
public sealed partial class StatefulSetControl(IStatefulSetObjects objects, TimeProvider clock)
{
    private readonly StatefulPodControl podControl = new(objects);

    /// <summary>Syncs the set; returns the status it wrote (or would have, when nothing changed).</summary>
    public async Task<V1StatefulSetStatus> SyncAsync(V1StatefulSet set, IReadOnlyList<V1Pod> pods, IEnumerable<V1ControllerRevision> revisions, CancellationToken ct)
    {
        var sorted = ControllerRevisions.Sorted(revisions);
        var (current, update, collisionCount) = await RevisionsAsync(set, sorted, ct);
        V1StatefulSetStatus status;
        Exception? error = null;
        try
        {
            status = await UpdatePodsAsync(set, current, update, collisionCount, pods, ct);
        }
        catch (Exception e) when (e is Client.KubeApiException or HttpRequestException or TimeoutException)
        {
            // The status still goes out (upstream writes it on every exit), then the sync is retried.
            error = e;
            status = Status(set, current, update, collisionCount, pods, clock.GetUtcNow());
        }
        CompleteRollingUpdate(set, status);
        if (Differs(set.Status, status))
        {
            await objects.UpdateStatusAsync(set, status, ct);
        }
        if (error is not null)
        {
            throw error;
        }
        var live = new HashSet<string>(StringComparer.Ordinal) { current.Metadata.Name, update.Metadata.Name };
        foreach (var pod in pods)
        {
            if (StatefulPods.Revision(pod) is { } r)
            {
                live.Add(r);
            }
        }
        await RevisionHistory.TruncateAsync(objects, ControllerRevisions.Sorted(sorted.Where(r => r.Metadata.Name != update.Metadata.Name).Append(update)), live, set.Spec.RevisionHistoryLimit ?? 10, ct);
        return status;
    }

    /// <summary>The current revision (the one the status names, else the update one) and the update revision for the template.</summary>
    private async Task<(V1ControllerRevision Current, V1ControllerRevision Update, int? CollisionCount)> RevisionsAsync(
        V1StatefulSet set, List<V1ControllerRevision> sorted, CancellationToken ct)
    {
        var (update, collisionCount) = await RevisionHistory.EnsureAsync(objects, set.Metadata, "apps/v1", "StatefulSet",
            set.Spec.Template?.Metadata?.Labels, set.Metadata.Annotations, ControllerRevisions.TemplatePatch(set.Spec.Template ?? new V1PodTemplateSpec()),
            sorted, set.Status?.CollisionCount ?? 0, ct);
        // A revision that was renumbered or created must count as the newest from now on.
        var current = sorted.FirstOrDefault(r => r.Metadata.Name == set.Status?.CurrentRevision && r.Metadata.Name != update.Metadata.Name)
            ?? update;
        return (current, update, collisionCount);
    }

    /// <summary>The set as a revision describes it: the set with the revision's template.</summary>
    public static V1StatefulSet ApplyRevision(V1StatefulSet set, V1ControllerRevision revision)
    {
        var copy = ObjectCopy.Of(set);
        if (ControllerRevisions.TemplateOf(revision) is { } template)
        {
            copy.Spec.Template = template;
        }
        return copy;
    }

    /// <summary>At the end of a RollingUpdate (every pod updated and ready) the update revision becomes the current one.</summary>
    public static void CompleteRollingUpdate(V1StatefulSet set, V1StatefulSetStatus status)
    {
        if ((set.Spec.UpdateStrategy?.Type ?? "RollingUpdate") == "RollingUpdate"
            && status.UpdatedReplicas == status.Replicas && status.ReadyReplicas == status.Replicas)
        {
            status.CurrentReplicas = status.UpdatedReplicas;
            status.CurrentRevision = status.UpdateRevision;
        }
    }

    /// <summary>Whether the status the controller computed differs from what the set shows (upstream's inconsistentStatus).</summary>
    public static bool Differs(V1StatefulSetStatus? old, V1StatefulSetStatus wanted) =>
        old is null
        || (wanted.ObservedGeneration ?? 0) > (old.ObservedGeneration ?? 0)
        || old.Replicas != wanted.Replicas
        || (old.CurrentReplicas ?? 0) != (wanted.CurrentReplicas ?? 0)
        || (old.ReadyReplicas ?? 0) != (wanted.ReadyReplicas ?? 0)
        || (old.UpdatedReplicas ?? 0) != (wanted.UpdatedReplicas ?? 0)
        || (old.AvailableReplicas ?? 0) != (wanted.AvailableReplicas ?? 0)
        || old.CurrentRevision != wanted.CurrentRevision
        || old.UpdateRevision != wanted.UpdateRevision
        || (old.CollisionCount ?? 0) != (wanted.CollisionCount ?? 0);

    /// <summary>The counts of the status for the pods as they are (upstream's updateStatus).</summary>
    public static V1StatefulSetStatus Status(V1StatefulSet set, V1ControllerRevision current, V1ControllerRevision update, int? collisionCount,
        IEnumerable<V1Pod> pods, DateTimeOffset now)
    {
        var status = new V1StatefulSetStatus
        {
            ObservedGeneration = set.Metadata.Generation,
            CollisionCount = collisionCount,
            CurrentRevision = current.Metadata.Name,
            UpdateRevision = update.Metadata.Name,
            Replicas = 0,
            ReadyReplicas = 0,
            AvailableReplicas = 0,
            CurrentReplicas = 0,
            UpdatedReplicas = 0,
        };
        var minReady = set.Spec.MinReadySeconds ?? 0;
        foreach (var pod in pods)
        {
            status.Replicas++;
            if (StatefulPods.IsRunningAndReady(pod))
            {
                status.ReadyReplicas++;
                if (StatefulPods.IsRunningAndAvailable(pod, minReady, now))
                {
                    status.AvailableReplicas++;
                }
            }
            if (StatefulPods.IsCreated(pod) && !StatefulPods.IsTerminating(pod))
            {
                var revision = StatefulPods.Revision(pod);
                if (revision == current.Metadata.Name)
                {
                    status.CurrentReplicas++;
                }
                if (revision == update.Metadata.Name)
                {
                    status.UpdatedReplicas++;
                }
            }
        }
        return status;
    }
}
