using k8s.Models;

namespace Dotkube.Controllers.Job;

/// <summary>An event the sync records on the Job.</summary>
public sealed record JobEvent(string Type, string Reason, string Message);

/// <summary>What one sync of a Job does, decided by <see cref="JobPlanner"/> and carried out by <see cref="JobReconciler"/>.</summary>
public sealed class JobPlan
{
    /// <summary>
    /// Finished pods newly recorded in status.uncountedTerminatedPods: written to the server before
    /// their finalizers go, so a crash between the two cannot lose or double-count them.
    /// </summary>
    public V1UncountedTerminatedPods? NewUncounted { get; init; }

    /// <summary>Pods whose tracking finalizer is removed in this sync.</summary>
    public IReadOnlyList<V1Pod> RemoveFinalizers { get; init; } = [];

    /// <summary>Pods to delete; <see cref="KeepFinalizers"/> says whether their finalizers stay (then their end is counted).</summary>
    public IReadOnlyList<V1Pod> Delete { get; init; } = [];

    public bool KeepFinalizers { get; init; }

    /// <summary>Pods to create: their completion indexes for an Indexed Job, else nulls.</summary>
    public IReadOnlyList<int?> Create { get; init; } = [];

    /// <summary>backoffLimitPerIndex: the failure counts (counted, ignored) each created index's pod carries.</summary>
    public IReadOnlyDictionary<int, (int Failures, int Ignored)> IndexFailureCounts { get; init; } = new Dictionary<int, (int, int)>();

    /// <summary>The status once all of the above succeeded.</summary>
    public required V1JobStatus Status { get; init; }

    public IReadOnlyList<JobEvent> Events { get; init; } = [];

    /// <summary>Look again after this long (backoff, active deadline), if set.</summary>
    public TimeSpan? RequeueAfter { get; init; }
}
