using System.Text.Json;
using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Events;
using Dotkube.Client.Reconciling;
using Dotkube.Client.Serialization;
using Dotkube.Controllers.Common;
using Dotkube.Controllers.ReplicaSet;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.Job;

/// <summary>
/// Syncs one Job: plans with <see cref="JobPlanner"/> from the informer caches, then writes in the
/// order that keeps counting exact across crashes — newly finished pods into
/// status.uncountedTerminatedPods, their finalizers off, deletions and creations, then the status
/// with the counters.
/// </summary>
public sealed class JobReconciler(
    KubeApiClient client,
    IObjectCache<V1Job> jobs,
    IObjectCache<V1Pod> pods,
    ControllerExpectations expectations,
    FinalizerExpectations finalizers,
    EventRecorder events,
    TimeProvider clock,
    ILogger logger) : IReconciler
{
    /// <summary>How soon a Job waiting for its finalizer removals to show up is looked at again.</summary>
    private static readonly TimeSpan FinalizerWait = TimeSpan.FromSeconds(1);

    /// <summary>Adopted pods get the tracking finalizer, released ones lose it (upstream's getPodsForJob).</summary>
    private readonly PodClaims claims = new(client, JobNames.ApiVersion, JobNames.Kind, JobNames.TrackingFinalizer);

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var keyText = key.ToString();
        var job = jobs.Get(key.Namespace, key.Name);
        if (job is null)
        {
            expectations.Delete(keyText);
            finalizers.Delete(keyText);
            return ReconcileResult.Done;
        }
        if (job.Spec.ManagedBy is { } manager && manager != JobNames.ControllerName)
        {
            return ReconcileResult.Done;
        }
        if (!finalizers.Satisfied(keyText))
        {
            return ReconcileResult.After(FinalizerWait);
        }
        var owned = await PodsOfAsync(job, cancellationToken);
        var manage = expectations.Satisfied(keyText) && job.Metadata.DeletionTimestamp is null;
        var plan = JobPlanner.Plan(job, owned, clock.GetUtcNow(), manage);
        var reference = EventRecorder.Reference(job, ResourceType.Jobs);

        var current = job;
        if (plan.NewUncounted is not null)
        {
            var copy = ObjectCopy.Of(job);
            copy.Status ??= new V1JobStatus();
            copy.Status.UncountedTerminatedPods = plan.NewUncounted;
            current = await UpdateStatusAsync(copy, cancellationToken);
            if (current is null)
            {
                return ReconcileResult.Done;
            }
        }
        await RemoveFinalizersAsync(keyText, plan.RemoveFinalizers, cancellationToken);
        await DeleteAsync(keyText, reference, plan, cancellationToken);
        var (failedCreates, createError) = await CreateAsync(keyText, job, reference, plan, cancellationToken);
        var status = plan.Status;
        if (failedCreates > 0)
        {
            status.Active = (status.Active ?? 0) - failedCreates is var a && a > 0 ? a : null;
        }
        if (Json(current.Status) != Json(status))
        {
            var copy = ObjectCopy.Of(current);
            copy.Status = status;
            if (await UpdateStatusAsync(copy, cancellationToken) is null)
            {
                return ReconcileResult.Done;
            }
        }
        if (createError is not null)
        {
            throw new InvalidOperationException($"creating pods of job {keyText}: {createError.Message}", createError);
        }
        foreach (var e in plan.Events)
        {
            events.Event(reference, e.Type, e.Reason, e.Message);
        }
        return plan.RequeueAfter is { } after ? ReconcileResult.After(after) : ReconcileResult.Done;
    }

    /// <summary>
    /// The Job's pods, terminal ones included: orphans its selector matches are adopted and owned
    /// pods that stopped matching released. A finished Job claims nothing any more.
    /// </summary>
    private async Task<List<V1Pod>> PodsOfAsync(V1Job job, CancellationToken ct)
    {
        var all = pods.List(job.Metadata.NamespaceProperty ?? "");
        var finished = job.Status?.Conditions?.Any(c => c.Status == "True" && c.Type is JobNames.Complete or JobNames.Failed) == true;
        if (finished)
        {
            return all.Where(p => OwnerRefs.ControllerOf(p.Metadata)?.Uid == job.Metadata.Uid).ToList();
        }
        return await claims.ClaimAsync(job.Metadata, Selectors.From(job.Spec.Selector), all, _ => true,
            async c => await client.TryGetAsync<V1Job>(ResourceType.Jobs, job.Metadata.NamespaceProperty, job.Metadata.Name, c)
                is { } fresh && fresh.Metadata.Uid == job.Metadata.Uid && fresh.Metadata.DeletionTimestamp is null,
            ct);
    }

    private async Task RemoveFinalizersAsync(string jobKey, IReadOnlyList<V1Pod> victims, CancellationToken ct)
    {
        if (victims.Count == 0)
        {
            return;
        }
        finalizers.Expect(jobKey, victims.Select(p => p.Metadata.Uid));
        var errors = await Task.WhenAll(victims.Select(async pod =>
        {
            try
            {
                await RemoveTrackingFinalizerAsync(client, pod, ct);
                return null;
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                finalizers.Observed(jobKey, pod.Metadata.Uid);
                return null;
            }
            catch (Exception e) when (e is KubeApiException or HttpRequestException or TimeoutException)
            {
                finalizers.Observed(jobKey, pod.Metadata.Uid);
                return e;
            }
        }));
        if (errors.FirstOrDefault(e => e is not null) is { } error)
        {
            // The status still lists these pods as uncounted: the retry removes and counts them.
            throw new InvalidOperationException($"removing tracking finalizers of job {jobKey}'s pods: {error.Message}", error);
        }
    }

    /// <summary>Upstream's removeTrackingFinalizerPatch: a strategic merge patch that drops just our finalizer.</summary>
    public static Task RemoveTrackingFinalizerAsync(KubeApiClient client, V1Pod pod, CancellationToken ct)
    {
        var patch = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["metadata"] = new Dictionary<string, object>
            {
                ["$deleteFromPrimitiveList/finalizers"] = new[] { JobNames.TrackingFinalizer },
            },
        });
        return client.Resource<V1Pod>(ResourceType.Pods).PatchAsync(pod.Metadata.NamespaceProperty, pod.Metadata.Name, PatchType.StrategicMerge, patch, cancellationToken: ct);
    }

    private async Task DeleteAsync(string jobKey, V1ObjectReference reference, JobPlan plan, CancellationToken ct)
    {
        if (plan.Delete.Count == 0)
        {
            return;
        }
        expectations.ExpectDeletions(jobKey, plan.Delete.Select(ReplicaSetReconciler.PodKey));
        var errors = await Task.WhenAll(plan.Delete.Select(async pod =>
        {
            try
            {
                if (!plan.KeepFinalizers && JobPods.HasTrackingFinalizer(pod))
                {
                    // Pods removed by a suspension or a scale-down are not failures: uncount them first.
                    await RemoveTrackingFinalizerAsync(client, pod, ct);
                }
                await client.DeleteAsync(ResourceType.Pods, pod.Metadata.NamespaceProperty, pod.Metadata.Name, cancellationToken: ct);
                events.Event(reference, "Normal", "SuccessfulDelete", $"Deleted pod: {pod.Metadata.Name}");
                return null;
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                expectations.DeletionObserved(jobKey, ReplicaSetReconciler.PodKey(pod));
                return null;
            }
            catch (Exception e) when (e is KubeApiException or HttpRequestException or TimeoutException)
            {
                expectations.DeletionObserved(jobKey, ReplicaSetReconciler.PodKey(pod));
                events.Event(reference, "Warning", "FailedDelete", $"Error deleting: {e.Message}");
                return e;
            }
        }));
        if (errors.FirstOrDefault(e => e is not null) is { } error)
        {
            throw new InvalidOperationException($"deleting pods of job {jobKey}: {error.Message}", error);
        }
    }

    /// <summary>The Job with its new status; null when the Job is gone.</summary>
    private async Task<V1Job?> UpdateStatusAsync(V1Job job, CancellationToken ct)
    {
        try
        {
            return await client.Resource<V1Job>(ResourceType.Jobs).UpdateStatusAsync(job, cancellationToken: ct);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <returns>how many creations failed or were not attempted, and the first error.</returns>
    private async Task<(int Failed, Exception? Error)> CreateAsync(string jobKey, V1Job job, V1ObjectReference reference, JobPlan plan, CancellationToken ct)
    {
        var indexes = plan.Create;
        if (indexes.Count == 0)
        {
            return (0, null);
        }
        expectations.ExpectCreations(jobKey, indexes.Count);
        var next = -1;
        var (succeeded, error) = await SlowStart.RunAsync(indexes.Count, async () =>
        {
            var index = indexes[Interlocked.Increment(ref next)];
            try
            {
                var created = await client.Resource<V1Pod>(ResourceType.Pods).CreateAsync(
                    JobPodTemplate.For(job, index, index is { } i && plan.IndexFailureCounts.TryGetValue(i, out var counts) ? counts : null), cancellationToken: ct);
                events.Event(reference, "Normal", "SuccessfulCreate", $"Created pod: {created.Metadata.Name}");
            }
            catch (Exception e) when (e is KubeApiException or HttpRequestException or TimeoutException)
            {
                expectations.CreationObserved(jobKey);
                events.Event(reference, "Warning", "FailedCreate", $"Error creating: {e.Message}");
                throw;
            }
        });
        for (var skipped = indexes.Count - (next + 1); skipped > 0; skipped--)
        {
            expectations.CreationObserved(jobKey);
        }
        if (error is not null)
        {
            logger.LogWarning("job {Key}: created {Succeeded} of {Count} pods: {Error}", jobKey, succeeded, indexes.Count, error.Message);
        }
        return (indexes.Count - succeeded, error);
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, KubeJson.Options);

}
