using System.Text.Json;
using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Events;
using Dotkube.Client.Reconciling;
using Dotkube.Client.Serialization;
using Dotkube.Controllers.Common;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.CronJob;

/// <summary>
/// Syncs one CronJob: plans with <see cref="CronJobPlanner"/> from the caches (asking the server
/// about active Jobs the cache does not show yet, as upstream does), deletes, creates the due Job,
/// writes the status and comes back at the next schedule time.
/// </summary>
public sealed class CronJobReconciler(
    KubeApiClient client,
    IObjectCache<V1CronJob> cronJobs,
    IObjectCache<V1Job> jobs,
    EventRecorder events,
    TimeProvider clock,
    TimeZoneInfo localZone,
    ILogger logger) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var cj = cronJobs.Get(key.Namespace, key.Name);
        if (cj is null)
        {
            return ReconcileResult.Done;
        }
        var owned = jobs.List(key.Namespace).Where(j => OwnerRefs.ControllerOf(j.Metadata)?.Uid == cj.Metadata.Uid).ToList();
        foreach (var reference in cj.Status?.Active ?? [])
        {
            if (owned.All(j => j.Metadata.Uid != reference.Uid)
                && await client.TryGetAsync<V1Job>(ResourceType.Jobs, key.Namespace, reference.Name, cancellationToken) is { } live
                && live.Metadata.Uid == reference.Uid)
            {
                owned.Add(live);
            }
        }
        var plan = CronJobPlanner.Plan(cj, owned, clock.GetUtcNow(), localZone);
        var reference0 = EventRecorder.Reference(cj, ResourceType.CronJobs);
        foreach (var job in plan.Delete)
        {
            try
            {
                await client.DeleteAsync(ResourceType.Jobs, job.Metadata.NamespaceProperty, job.Metadata.Name,
                    new DeleteOptions { PropagationPolicy = "Background", PreconditionUid = job.Metadata.Uid }, cancellationToken);
            }
            catch (KubeApiException e) when (e.IsNotFound || e.IsConflict)
            {
                // Gone already.
            }
        }
        var status = plan.Status;
        Exception? createError = null;
        if (plan.Create is { } job0 && plan.ScheduledTime is { } scheduled)
        {
            var created = await CreateAsync(cj, job0, reference0, cancellationToken);
            if (created.Job is { } job)
            {
                if (CronJobPlanner.FinishedCondition(job) is null && (status.Active ?? []).All(r => r.Uid != job.Metadata.Uid))
                {
                    status.Active = [.. status.Active ?? [], CronJobPlanner.Reference(job)];
                }
                status.LastScheduleTime = scheduled.UtcDateTime;
            }
            createError = created.Error;
        }
        if (Json(cj.Status) != Json(status))
        {
            var copy = ObjectCopy.Of(cj);
            copy.Status = status;
            try
            {
                await client.Resource<V1CronJob>(ResourceType.CronJobs).UpdateStatusAsync(copy, cancellationToken: cancellationToken);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                return ReconcileResult.Done;
            }
        }
        foreach (var e in plan.Events)
        {
            events.Event(reference0, e.Type, e.Reason, e.Message);
        }
        if (createError is not null)
        {
            throw new InvalidOperationException($"creating a job for cron job {key}: {createError.Message}", createError);
        }
        return plan.RequeueAfter is { } after ? ReconcileResult.After(after) : ReconcileResult.Done;
    }

    /// <summary>Creates the Job; one of ours already there (a retried sync) counts as created.</summary>
    private async Task<(V1Job? Job, Exception? Error)> CreateAsync(V1CronJob cj, V1Job job, V1ObjectReference reference, CancellationToken ct)
    {
        try
        {
            var created = await client.Resource<V1Job>(ResourceType.Jobs).CreateAsync(job, cancellationToken: ct);
            events.Event(reference, "Normal", "SuccessfulCreate", $"Created job {created.Metadata.Name}");
            logger.LogInformation("cron job {Namespace}/{Name} created job {Job}", cj.Metadata.NamespaceProperty, cj.Metadata.Name, created.Metadata.Name);
            return (created, null);
        }
        catch (KubeApiException e) when (e.IsAlreadyExists)
        {
            var existing = await client.TryGetAsync<V1Job>(ResourceType.Jobs, job.Metadata.NamespaceProperty, job.Metadata.Name, ct);
            return existing is not null && OwnerRefs.ControllerOf(existing.Metadata)?.Uid == cj.Metadata.Uid ? (existing, null) : (null, e);
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException or TimeoutException)
        {
            events.Event(reference, "Warning", "FailedCreate", $"Error creating job: {e.Message}");
            return (null, e);
        }
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, KubeJson.Options);

}
