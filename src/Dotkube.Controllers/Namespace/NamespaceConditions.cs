using Dotkube.Client.Serialization;
using k8s.Models;

namespace Dotkube.Controllers.Namespace;

/// <summary>
/// The five deletion conditions the namespace controller keeps on a Terminating namespace's
/// status, with upstream's types, reasons and messages: each pass collects what went wrong, and
/// <see cref="Update"/> writes every condition — the failing variant (status True) for what was
/// reported, the "ok" variant (status False) for the rest — so a problem that went away is seen to.
/// </summary>
public sealed class NamespaceConditions
{
    public const string DiscoveryFailure = "NamespaceDeletionDiscoveryFailure";
    public const string GroupVersionParsingFailure = "NamespaceDeletionGroupVersionParsingFailure";
    public const string ContentFailure = "NamespaceDeletionContentFailure";
    public const string ContentRemaining = "NamespaceContentRemaining";
    public const string FinalizersRemaining = "NamespaceFinalizersRemaining";

    private static readonly string[] Types = [DiscoveryFailure, GroupVersionParsingFailure, ContentFailure, ContentRemaining, FinalizersRemaining];

    private static readonly Dictionary<string, (string Reason, string Message)> Ok = new()
    {
        [DiscoveryFailure] = ("ResourcesDiscovered", "All resources successfully discovered"),
        [GroupVersionParsingFailure] = ("ParsedGroupVersions", "All legacy kube types successfully parsed"),
        [ContentFailure] = ("ContentDeleted", "All content successfully deleted, may be waiting on finalization"),
        [ContentRemaining] = ("ContentRemoved", "All content successfully removed"),
        [FinalizersRemaining] = ("ContentHasNoFinalizers", "All content-preserving finalizers finished"),
    };

    private readonly Dictionary<string, (string Reason, string Message)> failing = new(StringComparer.Ordinal);
    private readonly List<string> contentErrors = [];

    /// <summary>Discovery answered only in part (or not at all).</summary>
    public void DiscoveryFailed(string error, int failingGroups) =>
        failing[DiscoveryFailure] = ("DiscoveryFailed", failingGroups > 0 ? $"Discovery failed for some groups, {failingGroups} failing: {error}" : error);

    public void GroupVersionParsingFailed(string error) =>
        failing[GroupVersionParsingFailure] = ("GroupVersionParsingFailed", error);

    /// <summary>Deleting (or checking) one resource's content failed.</summary>
    public void ContentDeletionFailed(string error) => contentErrors.Add(error);

    /// <summary>What is left after this pass: instances per resource ("pods." for core pods) and per finalizer.</summary>
    public void Remaining(IReadOnlyDictionary<string, int> byResource, IReadOnlyDictionary<string, int> byFinalizer)
    {
        var resources = byResource.Where(r => r.Value > 0).Select(r => $"{r.Key} has {r.Value} resource instances").Order(StringComparer.Ordinal).ToList();
        if (resources.Count > 0)
        {
            failing[ContentRemaining] = ("SomeResourcesRemain", $"Some resources are remaining: {string.Join(", ", resources)}");
        }
        var finalizers = byFinalizer.Where(f => f.Value > 0).Select(f => $"{f.Key} in {f.Value} resource instances").Order(StringComparer.Ordinal).ToList();
        if (finalizers.Count > 0)
        {
            failing[FinalizersRemaining] = ("SomeFinalizersRemain", $"Some content in the namespace has finalizers remaining: {string.Join(", ", finalizers)}");
        }
    }

    /// <summary>Sets every condition on <paramref name="status"/>; true when anything changed.</summary>
    public bool Update(V1NamespaceStatus status, DateTimeOffset now)
    {
        if (contentErrors.Count > 0)
        {
            var messages = contentErrors.Order(StringComparer.Ordinal).ToList();
            failing[ContentFailure] = ("ContentDeletionFailed", $"Failed to delete all resource types, {messages.Count} remaining: {string.Join(", ", messages)}");
        }
        status.Conditions ??= [];
        var changed = false;
        foreach (var type in Types)
        {
            var (conditionStatus, (reason, message)) = failing.TryGetValue(type, out var f) ? ("True", f) : ("False", Ok[type]);
            var old = status.Conditions.FirstOrDefault(c => c.Type == type);
            if (old is null)
            {
                status.Conditions.Add(new V1NamespaceCondition
                {
                    Type = type,
                    Status = conditionStatus,
                    Reason = reason,
                    Message = message,
                    LastTransitionTime = MetaTime.From(now),
                });
                changed = true;
            }
            else if (old.Status != conditionStatus || old.Reason != reason || old.Message != message)
            {
                if (old.Status != conditionStatus)
                {
                    old.LastTransitionTime = MetaTime.From(now);
                }
                old.Status = conditionStatus;
                old.Reason = reason;
                old.Message = message;
                changed = true;
            }
        }
        return changed;
    }
}
