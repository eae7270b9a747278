using System.Text.Json;
using System.Text.Json.Nodes;
using Dotkube.Client;
using Dotkube.Client.Serialization;
using Dotkube.Controllers.Common;
using k8s.Models;

namespace Dotkube.Controllers.History;

/// <summary>
/// Finds or makes the revision for an owner's current template, and trims old ones (upstream's
/// getStatefulSetRevisions / constructHistory and truncateHistory, shared by the StatefulSet and
/// DaemonSet controllers).
/// </summary>
public static class RevisionHistory
{
    /// <summary>
    /// The revision holding <paramref name="data"/>: the newest revision if it already does; an older
    /// equal one renumbered to the next revision (a rollback); or a new one. A name taken by other
    /// data is a hash collision: the collision count goes up and the name is computed again.
    /// </summary>
    /// <param name="annotations">the owner's, copied onto a new revision as upstream does (kubectl shows kubernetes.io/change-cause from there).</param>
    /// <param name="sorted">the owner's revisions, oldest first (see <see cref="ControllerRevisions.Sorted"/>).</param>
    /// <returns>the revision and the (possibly raised) collision count.</returns>
    public static async Task<(V1ControllerRevision Revision, int? CollisionCount)> EnsureAsync(
        IRevisionWriter writer, V1ObjectMeta owner, string apiVersion, string kind, IDictionary<string, string>? templateLabels,
        IDictionary<string, string>? annotations,
        JsonObject data, List<V1ControllerRevision> sorted, int? collisionCount, CancellationToken ct)
    {
        var next = ControllerRevisions.Next(sorted);
        var candidate = ControllerRevisions.New(owner, apiVersion, kind, templateLabels, annotations, data, next, collisionCount);
        var equal = sorted.Where(r => ControllerRevisions.Equal(r, candidate)).ToList();
        if (equal.Count > 0)
        {
            var found = equal[^1];
            if (ReferenceEquals(found, sorted[^1]))
            {
                return (found, collisionCount);
            }
            var copy = ObjectCopy.Of(found);
            copy.Revision = next;
            return (await writer.UpdateRevisionAsync(copy, ct), collisionCount);
        }
        while (true)
        {
            try
            {
                return (await writer.CreateRevisionAsync(candidate, ct), collisionCount);
            }
            catch (KubeApiException e) when (e.IsAlreadyExists)
            {
                var existing = await writer.GetRevisionAsync(owner.NamespaceProperty ?? "", candidate.Metadata.Name, ct);
                if (existing is not null && OwnerRefs.ControllerOf(existing.Metadata)?.Uid == owner.Uid && ControllerRevisions.Equal(existing, candidate))
                {
                    // Ours, only missing from the cache so far.
                    return (existing, collisionCount);
                }
                collisionCount = (collisionCount ?? 0) + 1;
                candidate = ControllerRevisions.New(owner, apiVersion, kind, templateLabels, annotations, data, next, collisionCount);
            }
        }
    }

    /// <summary>
    /// Deletes the oldest revisions beyond <paramref name="limit"/> that no live pod or the owner's
    /// current and update revisions use (upstream's truncateHistory).
    /// </summary>
    public static async Task TruncateAsync(IRevisionWriter writer, List<V1ControllerRevision> sorted, ISet<string> live, int limit, CancellationToken ct)
    {
        var history = sorted.Where(r => !live.Contains(r.Metadata.Name)).ToList();
        var excess = history.Count - Math.Max(limit, 0);
        foreach (var revision in history.Take(Math.Max(excess, 0)))
        {
            try
            {
                await writer.DeleteRevisionAsync(revision, ct);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                // Someone else removed it already.
            }
        }
    }

}
