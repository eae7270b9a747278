using Dotkube.Client.Serialization;
using Dotkube.Controllers.Common;
using k8s.Models;

namespace Dotkube.Controllers.Job;

/// <summary>
/// Decides one sync of a Job from the Job and its pods (upstream's syncJob, manageJob and
/// trackJobStatusAndRemoveFinalizers), without doing any of it, so every rule can be tested with
/// a fixed clock. Finished pods still holding the tracking finalizer are counted once: first
/// recorded in status.uncountedTerminatedPods, then their finalizers go, then they move to the
/// succeeded/failed counters. A Job that meets its end gets an interim condition
/// (SuccessCriteriaMet or FailureTarget) and its terminal one (Complete or Failed) once no pod
/// of it is running or terminating any more, as Kubernetes 1.32 writes them.
/// </summary>
public static class JobPlanner
{
    /// <summary>At most this many pods are created or deleted in one sync (upstream's burst).</summary>
    public const int Burst = 500;

    /// <param name="manage">false while earlier creations or deletions are not yet seen: count, but create and delete nothing.</param>
    public static JobPlan Plan(V1Job job, IReadOnlyList<V1Pod> pods, DateTimeOffset now, bool manage)
    {
        var status = job.Status is { } current ? ObjectCopy.Of(current) : new V1JobStatus();
        var conditions = status.Conditions?.ToList() ?? [];
        var events = new List<JobEvent>();
        var indexed = job.Spec.CompletionMode == JobNames.Indexed;
        var completions = job.Spec.Completions;

        if (HasTrue(conditions, JobNames.Complete) || HasTrue(conditions, JobNames.Failed))
        {
            // Finished: nothing is counted any more; pods only lose their finalizers.
            return new JobPlan { Status = status, RemoveFinalizers = pods.Where(JobPods.HasTrackingFinalizer).ToList() };
        }

        var finishedCondition = conditions.FirstOrDefault(c => c.Status == "True" && c.Type is JobNames.FailureTarget or JobNames.SuccessCriteriaMet);
        var uncountedSucceeded = new HashSet<string>(status.UncountedTerminatedPods?.Succeeded ?? []);
        var uncountedFailed = new HashSet<string>(status.UncountedTerminatedPods?.Failed ?? []);
        var completed = indexed ? CompletedIndexes.Parse(status.CompletedIndexes, completions ?? 0) : [];
        foreach (var pod in pods.Where(p => indexed && uncountedSucceeded.Contains(p.Metadata.Uid)))
        {
            if (JobPods.Index(pod) is { } i && i < completions)
            {
                completed.Add(i);
            }
        }

        // backoffLimitPerIndex: the failed indexes, and per index still to run the failed pod its
        // replacement takes its counts from, whose finalizer stays until the replacement exists.
        var perIndex = IndexBackoff.Applies(job);
        var failedIndexes = new SortedSet<int>();
        var replaced = new Dictionary<int, V1Pod>();
        if (perIndex)
        {
            var succeededNow = new SortedSet<int>(completed);
            succeededNow.UnionWith(pods.Where(p => p.Status?.Phase == "Succeeded" && JobPods.HasTrackingFinalizer(p))
                .Select(JobPods.Index).OfType<int>().Where(i => i < completions));
            failedIndexes = IndexBackoff.FailedIndexes(job, pods, completions ?? 0);
            var activeIndexes = pods.Where(JobPods.IsActive).Select(JobPods.Index).OfType<int>().ToHashSet();
            replaced = IndexBackoff.Replaced(job, pods, completions ?? 0, succeededNow, failedIndexes, activeIndexes);
        }

        // Count finished pods that still hold the finalizer.
        var newSucceeded = new List<string>();
        var newFailed = new List<string>();
        var removeFinalizers = new List<V1Pod>();
        PodFailureVerdict? failJob = null;
        foreach (var pod in pods.Where(JobPods.HasTrackingFinalizer))
        {
            var uid = pod.Metadata.Uid;
            if (uncountedSucceeded.Contains(uid) || uncountedFailed.Contains(uid))
            {
                removeFinalizers.Add(pod);
                continue;
            }
            if (pod.Status?.Phase == "Succeeded")
            {
                // An Indexed Job counts one success per index; a duplicate or bad index is dropped.
                if (!indexed || (JobPods.Index(pod) is { } i && i < completions && completed.Add(i)))
                {
                    newSucceeded.Add(uid);
                }
                removeFinalizers.Add(pod);
            }
            else if (JobPods.IsFailed(pod, job) || (finishedCondition is { Type: not JobNames.SuccessCriteriaMet } && pod.Metadata.DeletionTimestamp is not null))
            {
                if (finishedCondition is null && job.Metadata.DeletionTimestamp is null
                    && JobPods.Index(pod) is { } ix && replaced.TryGetValue(ix, out var keep) && keep.Metadata.Uid == uid)
                {
                    // Counted once its replacement carries the index's failures on.
                    continue;
                }
                var verdict = PodFailurePolicyMatcher.Match(job.Spec.PodFailurePolicy, pod);
                removeFinalizers.Add(pod);
                if (verdict.Action == "Ignore")
                {
                    continue;
                }
                if (verdict.Action == "FailJob")
                {
                    failJob ??= verdict;
                }
                newFailed.Add(uid);
            }
        }
        var succeeded = (status.Succeeded ?? 0) + uncountedSucceeded.Count + newSucceeded.Count;
        var failed = (status.Failed ?? 0) + uncountedFailed.Count + newFailed.Count;

        var active = pods.Where(JobPods.IsActive).ToList();
        var terminating = pods.Count(JobPods.IsTerminating);
        var delete = new List<V1Pod>();
        var keepFinalizers = false;
        var create = new List<int?>();
        TimeSpan? requeue = null;

        if (finishedCondition is null)
        {
            var backoffLimit = job.Spec.BackoffLimit ?? JobNames.DefaultBackoffLimit;
            if (failJob is not null)
            {
                finishedCondition = NewCondition(JobNames.FailureTarget, JobNames.PodFailurePolicy, failJob.Message!, now);
            }
            else if (failed > backoffLimit || PastBackoffLimitOnFailure(job, active, backoffLimit))
            {
                finishedCondition = NewCondition(JobNames.FailureTarget, JobNames.BackoffLimitExceeded, JobNames.BackoffLimitMessage, now);
            }
            else if (job.Spec.Suspend != true && job.Spec.ActiveDeadlineSeconds is { } deadline && status.StartTime is { } started)
            {
                var left = JobPods.Utc(started).AddSeconds(deadline) - now;
                if (left <= TimeSpan.Zero)
                {
                    finishedCondition = NewCondition(JobNames.FailureTarget, JobNames.DeadlineExceeded, JobNames.DeadlineMessage, now);
                }
                else
                {
                    requeue = left;
                }
            }
        }

        if (finishedCondition is null && indexed)
        {
            finishedCondition = IndexedEnd(job, completions ?? 0, completed, failedIndexes, perIndex, now);
        }

        if (finishedCondition is null)
        {
            if (job.Spec.Suspend == true)
            {
                if (manage)
                {
                    delete.AddRange(active);
                }
                if (SetCondition(conditions, JobNames.Suspended, "True", "JobSuspended", "Job suspended", now))
                {
                    events.Add(new JobEvent("Normal", "Suspended", "Job suspended"));
                }
            }
            else
            {
                if (HasTrue(conditions, JobNames.Suspended))
                {
                    SetCondition(conditions, JobNames.Suspended, "False", "JobResumed", "Job resumed", now);
                    events.Add(new JobEvent("Normal", "Resumed", "Job resumed"));
                    // The active deadline counts from the resumption.
                    status.StartTime = null;
                }
                status.StartTime ??= MetaTime.From(now);
                if (manage)
                {
                    var wait = indexed
                        ? ManageIndexed(job, active, completed, failedIndexes, replaced, pods, now, delete, create)
                        : ManageNonIndexed(job, active, succeeded, terminating, pods, now, delete, create);
                    if (wait > TimeSpan.Zero)
                    {
                        requeue = requeue is { } r && r < wait ? r : wait;
                    }
                }
            }
            var activeAfter = active.Count - delete.Count + create.Count;
            var complete = completions is null
                ? succeeded > 0 && activeAfter == 0
                : (indexed ? completed.Count : succeeded) >= completions;
            if (complete && job.Spec.Suspend != true)
            {
                finishedCondition = NewCondition(JobNames.SuccessCriteriaMet, JobNames.CompletionsReached, JobNames.CompletionsMessage, now);
            }
        }

        if (finishedCondition is not null)
        {
            // The end is decided: stop whatever still runs, counting it as it ends.
            create.Clear();
            requeue = null;
            if (!conditions.Any(c => c.Type == finishedCondition.Type))
            {
                conditions.Add(finishedCondition);
            }
            if (manage)
            {
                delete = active.ToList();
                keepFinalizers = true;
            }
            if (active.Count == 0 && terminating == 0)
            {
                var success = finishedCondition.Type == JobNames.SuccessCriteriaMet;
                conditions.Add(NewCondition(success ? JobNames.Complete : JobNames.Failed, finishedCondition.Reason, finishedCondition.Message, now));
                if (success)
                {
                    status.CompletionTime = MetaTime.From(now);
                    events.Add(new JobEvent("Normal", "Completed", "Job completed"));
                }
                else
                {
                    events.Add(new JobEvent("Warning", finishedCondition.Reason, finishedCondition.Message));
                }
            }
        }

        var remaining = active.Except(delete).ToList();
        status.Active = Positive(remaining.Count + create.Count);
        status.Ready = remaining.Count(JobPods.IsReady);
        status.Terminating = terminating + delete.Count;
        status.Succeeded = Positive(succeeded);
        status.Failed = Positive(failed);
        status.UncountedTerminatedPods = new V1UncountedTerminatedPods();
        status.CompletedIndexes = indexed && completed.Count > 0 ? CompletedIndexes.Format(completed) : null;
        // Written, possibly empty, whenever backoffLimitPerIndex is set (upstream's *string).
        status.FailedIndexes = perIndex ? CompletedIndexes.Format(failedIndexes) : null;
        status.Conditions = conditions.Count > 0 ? conditions : null;

        V1UncountedTerminatedPods? newUncounted = null;
        if (newSucceeded.Count > 0 || newFailed.Count > 0)
        {
            newUncounted = new V1UncountedTerminatedPods
            {
                Succeeded = [.. uncountedSucceeded, .. newSucceeded],
                Failed = [.. uncountedFailed, .. newFailed],
            };
        }
        return new JobPlan
        {
            NewUncounted = newUncounted,
            RemoveFinalizers = removeFinalizers,
            Delete = delete,
            KeepFinalizers = keepFinalizers,
            Create = create,
            IndexFailureCounts = perIndex
                ? create.OfType<int>().ToDictionary(i => i, i => IndexBackoff.NewCounts(job, replaced.GetValueOrDefault(i)))
                : new Dictionary<int, (int, int)>(),
            Status = status,
            Events = events,
            RequeueAfter = requeue,
        };
    }

    /// <summary>
    /// The end an Indexed Job reaches by its indexes (upstream's order): more failed indexes than
    /// maxFailedIndexes, every index finished with some failed, or a successPolicy rule met.
    /// </summary>
    private static V1JobCondition? IndexedEnd(V1Job job, int completions, SortedSet<int> completed, SortedSet<int> failed, bool perIndex, DateTimeOffset now)
    {
        if (perIndex)
        {
            if (job.Spec.MaxFailedIndexes is { } max && failed.Count > max)
            {
                return NewCondition(JobNames.FailureTarget, JobNames.MaxFailedIndexesExceeded, JobNames.MaxFailedIndexesMessage, now);
            }
            if (failed.Count > 0 && failed.Count + completed.Count >= completions)
            {
                return NewCondition(JobNames.FailureTarget, JobNames.FailedIndexes, JobNames.FailedIndexesMessage, now);
            }
        }
        return SuccessPolicyMatcher.Match(job.Spec.SuccessPolicy, completions, completed) is { } message
            ? NewCondition(JobNames.SuccessCriteriaMet, JobNames.SuccessPolicy, message, now)
            : null;
    }

    /// <summary>Returns the backoff still to wait before creating pods (zero when none).</summary>
    private static TimeSpan ManageNonIndexed(V1Job job, List<V1Pod> active, int succeeded, int terminating, IReadOnlyList<V1Pod> pods,
        DateTimeOffset now, List<V1Pod> delete, List<int?> create)
    {
        var parallelism = job.Spec.Parallelism ?? 1;
        int wantActive;
        if (job.Spec.Completions is { } completions)
        {
            wantActive = Math.Max(0, Math.Min(completions - succeeded, parallelism));
        }
        else
        {
            // A work queue: once one pod succeeded, no new ones start; the running ones finish.
            wantActive = succeeded > 0 ? active.Count : parallelism;
        }
        if (active.Count > wantActive)
        {
            delete.AddRange(DeletionOrder(active).Take(Math.Min(active.Count - wantActive, Burst)));
            return TimeSpan.Zero;
        }
        var missing = wantActive - active.Count;
        if (JobPods.OnlyReplaceFailedPods(job))
        {
            missing -= terminating;
        }
        if (missing <= 0)
        {
            return TimeSpan.Zero;
        }
        var wait = Backoff(job, pods, now);
        if (wait > TimeSpan.Zero)
        {
            return wait;
        }
        create.AddRange(Enumerable.Repeat<int?>(null, Math.Min(missing, Burst)));
        return TimeSpan.Zero;
    }

    private static TimeSpan ManageIndexed(V1Job job, List<V1Pod> active, SortedSet<int> completed, SortedSet<int> failed,
        Dictionary<int, V1Pod> replaced, IReadOnlyList<V1Pod> pods, DateTimeOffset now, List<V1Pod> delete, List<int?> create)
    {
        var completions = job.Spec.Completions ?? 0;
        var parallelism = job.Spec.Parallelism ?? 1;
        var wantActive = Math.Max(0, Math.Min(completions - completed.Count - failed.Count, parallelism));
        var running = new Dictionary<int, V1Pod>();
        // Pods without a valid index, of a completed or failed index, or a second pod of an index go.
        foreach (var pod in active.OrderBy(p => JobPods.IsReady(p) ? 0 : 1).ThenBy(p => p.Metadata.CreationTimestamp))
        {
            if (JobPods.Index(pod) is { } i && i < completions && !completed.Contains(i) && !failed.Contains(i) && running.TryAdd(i, pod))
            {
                continue;
            }
            delete.Add(pod);
        }
        if (running.Count > wantActive)
        {
            delete.AddRange(running.OrderByDescending(kv => kv.Key).Take(running.Count - wantActive).Select(kv => kv.Value));
            return TimeSpan.Zero;
        }
        var busy = new HashSet<int>(running.Keys);
        if (JobPods.OnlyReplaceFailedPods(job))
        {
            busy.UnionWith(pods.Where(JobPods.IsTerminating).Select(JobPods.Index).OfType<int>());
        }
        var missing = Enumerable.Range(0, completions).Where(i => !completed.Contains(i) && !failed.Contains(i) && !busy.Contains(i))
            .Take(Math.Min(wantActive - running.Count, Burst)).ToList();
        if (missing.Count == 0)
        {
            return TimeSpan.Zero;
        }
        if (IndexBackoff.Applies(job))
        {
            // Each index waits out the backoff of its own last failure only.
            var waits = missing.ToDictionary(i => i, i => IndexBackoff.Remaining(replaced.GetValueOrDefault(i), now));
            create.AddRange(missing.Where(i => waits[i] == TimeSpan.Zero).Select(i => (int?)i));
            return waits.Values.Where(w => w > TimeSpan.Zero).DefaultIfEmpty(TimeSpan.Zero).Min();
        }
        var wait = Backoff(job, pods, now);
        if (wait > TimeSpan.Zero)
        {
            return wait;
        }
        create.AddRange(missing.Select(i => (int?)i));
        return TimeSpan.Zero;
    }

    private static TimeSpan Backoff(V1Job job, IReadOnlyList<V1Pod> pods, DateTimeOffset now) =>
        JobBackoff.Remaining(
            pods.Where(p => p.Status?.Phase == "Succeeded"),
            pods.Where(p => JobPods.IsFailed(p, job) && PodFailurePolicyMatcher.Match(job.Spec.PodFailurePolicy, p).Action != "Ignore"),
            now);

    /// <summary>restartPolicy OnFailure: container restarts of running pods count against backoffLimit.</summary>
    private static bool PastBackoffLimitOnFailure(V1Job job, List<V1Pod> active, int backoffLimit)
    {
        if (job.Spec.Template?.Spec?.RestartPolicy != "OnFailure")
        {
            return false;
        }
        var restarts = active.Where(p => p.Status?.Phase is "Pending" or "Running").Sum(JobPods.Restarts);
        return backoffLimit == 0 ? restarts > 0 : restarts >= backoffLimit;
    }

    /// <summary>Surplus pods go in upstream's order: unscheduled, pending, not ready, then the youngest.</summary>
    private static IEnumerable<V1Pod> DeletionOrder(List<V1Pod> active) => active
        .OrderBy(p => string.IsNullOrEmpty(p.Spec?.NodeName) ? 0 : 1)
        .ThenBy(p => p.Status?.Phase == "Pending" ? 0 : p.Status?.Phase == "Running" ? 2 : 1)
        .ThenBy(p => JobPods.IsReady(p) ? 1 : 0)
        .ThenByDescending(p => p.Metadata.CreationTimestamp);

    private static bool HasTrue(List<V1JobCondition> conditions, string type) =>
        conditions.Any(c => c.Type == type && c.Status == "True");

    private static V1JobCondition NewCondition(string type, string reason, string message, DateTimeOffset now) => new()
    {
        Type = type,
        Status = "True",
        Reason = reason,
        Message = message,
        LastProbeTime = MetaTime.From(now),
        LastTransitionTime = MetaTime.From(now),
    };

    /// <summary>Adds or changes a condition; false when it already said that.</summary>
    private static bool SetCondition(List<V1JobCondition> conditions, string type, string value, string reason, string message, DateTimeOffset now)
    {
        var index = conditions.FindIndex(c => c.Type == type);
        if (index >= 0 && conditions[index].Status == value)
        {
            return false;
        }
        var condition = NewCondition(type, reason, message, now);
        condition.Status = value;
        if (index >= 0)
        {
            conditions[index] = condition;
        }
        else
        {
            conditions.Add(condition);
        }
        return true;
    }

    private static int? Positive(int n) => n > 0 ? n : null;
}
