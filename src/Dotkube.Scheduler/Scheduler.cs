using Dotkube.Scheduler.Cache;
using Dotkube.Scheduler.Framework;
using Dotkube.Scheduler.Queue;

namespace Dotkube.Scheduler;

/// <summary>
/// The scheduler: feed it the cluster through the On* methods (Scheduler.Events.cs; informers call
/// them), run <see cref="RunAsync"/>, and it binds pods through <see cref="IPodBinder"/> and reports
/// through <see cref="ISchedulingResultSink"/>. Only pods with spec.schedulerName equal to
/// <see cref="SchedulerOptions.SchedulerName"/> are scheduled.
/// </summary>
public sealed partial class Scheduler
{
    public const string DefaultSchedulerName = "default-scheduler";

    private readonly SchedulerOptions _options;
    private readonly SchedulingAlgorithm _algorithm;
    private readonly List<Task> _bindings = [];

    public Scheduler(SchedulerOptions options)
    {
        _options = options;
        Cache = new ClusterCache();
        Framework = DefaultProfile.Create(options, Cache);
        Queue = new SchedulingQueue(options.Time, Framework.RunPreEnqueue, Framework.EventRegistrations());
        _algorithm = new SchedulingAlgorithm(Cache, Framework, options, Queue.NominatedPodsByNode);
    }

    public ClusterCache Cache { get; }

    public SchedulingFramework Framework { get; }

    public SchedulingQueue Queue { get; }

    /// <summary>Schedules pods until cancelled; bindings run concurrently with the next cycles.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            QueuedPodInfo q;
            try
            {
                q = await Queue.PopAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var binding = await ScheduleAsync(q, cancellationToken).ConfigureAwait(false);
            if (binding is not null)
            {
                lock (_bindings)
                {
                    _bindings.RemoveAll(t => t.IsCompleted);
                    _bindings.Add(binding);
                }
            }
        }

        Task[] pending;
        lock (_bindings)
        {
            pending = [.. _bindings];
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
    }

    /// <summary>
    /// Schedules the next ready pod, waiting for its binding to finish. False when no pod is ready.
    /// For tests and benchmarks; <see cref="RunAsync"/> is the production loop.
    /// </summary>
    public async Task<bool> ScheduleOneAsync(CancellationToken cancellationToken = default)
    {
        if (Queue.TryPop() is not { } q)
        {
            return false;
        }

        if (await ScheduleAsync(q, cancellationToken).ConfigureAwait(false) is { } binding)
        {
            await binding.ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Schedules until no pod is ready; returns how many attempts were made.</summary>
    public async Task<int> ScheduleAllReadyAsync(CancellationToken cancellationToken = default)
    {
        var attempts = 0;
        while (await ScheduleOneAsync(cancellationToken).ConfigureAwait(false))
        {
            attempts++;
        }

        return attempts;
    }

    /// <summary>The scheduling cycle; returns the binding cycle's task when the pod was assumed on a node.</summary>
    private async Task<Task?> ScheduleAsync(QueuedPodInfo q, CancellationToken cancellationToken)
    {
        var pod = q.Pod;
        var state = new CycleState();
        SchedulingFailure? failure = null;
        IReadOnlyList<PodInfo> victims = [];
        string? chosen = null;
        lock (Cache.SyncRoot)
        {
            if (Cache.GetPod(pod.Key) is not null)
            {
                // Already bound or assumed (a stale queue entry).
                Queue.Done(pod.Key);
                return null;
            }

            var (node, diagnosis, error) = _algorithm.Schedule(state, pod);
            if (node is not null)
            {
                var assumed = Cache.AssumePod(pod, node);
                var reserve = Framework.RunReserve(state, assumed, node);
                var permit = reserve.IsSuccess ? Framework.RunPermit(state, assumed, node).Status : reserve;
                if (permit.IsSuccess)
                {
                    chosen = node;
                }
                else
                {
                    Framework.RunUnreserve(state, assumed, node);
                    Cache.ForgetPod(pod.Key);
                    failure = ToFailure(permit.Code == StatusCode.Wait ? Status.Error("waiting on permit is not supported") : permit);
                    Requeue(q, permit);
                }
            }
            else if (diagnosis is not null)
            {
                string? nominated = null;
                if (Framework.HasPostFilterPlugins)
                {
                    var post = Framework.RunPostFilter(state, pod, diagnosis.NodeStatuses);
                    if (post.Status.IsSuccess)
                    {
                        nominated = post.NominatedNodeName;
                        victims = post.Victims ?? [];
                        if (nominated is not null)
                        {
                            Queue.Nominate(pod.Key, nominated);
                        }
                    }
                    else
                    {
                        diagnosis.PostFilterMessage = post.Status.Message;
                    }
                }

                failure = new SchedulingFailure(SchedulingFailure.Unschedulable, FitError.Message(Cache.Nodes.Count, diagnosis), nominated);
                Queue.AddUnschedulable(q, diagnosis.UnschedulablePlugins);
            }
            else
            {
                failure = ToFailure(error!);
                Requeue(q, error!);
            }
        }

        if (failure is not null)
        {
            await EvictAsync(victims, pod, failure.NominatedNodeName, cancellationToken).ConfigureAwait(false);
            await _options.Sink.FailedAsync(pod.Pod, failure, cancellationToken).ConfigureAwait(false);
            return null;
        }

        return BindAsync(q, state, chosen!, cancellationToken);
    }

    private async Task BindAsync(QueuedPodInfo q, CycleState state, string node, CancellationToken cancellationToken)
    {
        var pod = q.Pod;
        Status status;
        try
        {
            status = await Framework.RunPreBindAsync(state, pod, node, cancellationToken).ConfigureAwait(false);
            if (status.IsSuccess)
            {
                status = await Framework.RunBindAsync(state, pod, node, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            status = Status.Error(e.Message);
        }

        if (status.IsSuccess)
        {
            Queue.Done(pod.Key);
            var message = $"Successfully assigned {pod.Namespace}/{pod.Name} to {node}";
            await _options.Sink.ScheduledAsync(pod.Pod, node, message, cancellationToken).ConfigureAwait(false);
            return;
        }

        lock (Cache.SyncRoot)
        {
            Framework.RunUnreserve(state, pod, node);
            Cache.ForgetPod(pod.Key);
            Queue.AddBackoff(q);
        }

        // A failed binding may have freed room others were waiting for.
        Queue.MoveAllToActiveOrBackoff();
        var failure = new SchedulingFailure(SchedulingFailure.SchedulerError, status.Message, null);
        await _options.Sink.FailedAsync(pod.Pod, failure, cancellationToken).ConfigureAwait(false);
    }

    private async Task EvictAsync(IReadOnlyList<PodInfo> victims, PodInfo preemptor, string? node, CancellationToken cancellationToken)
    {
        if (victims.Count == 0 || _options.Preemptor is null || node is null)
        {
            return;
        }

        foreach (var v in victims)
        {
            await _options.Preemptor.PreemptAsync(v.Pod, preemptor.Pod, node, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Requeue(QueuedPodInfo q, Status status)
    {
        if (status.IsRejected)
        {
            Queue.AddUnschedulable(q, status.Plugin is null ? [] : [status.Plugin]);
        }
        else
        {
            Queue.AddBackoff(q);
        }
    }

    private static SchedulingFailure ToFailure(Status status) =>
        new(status.IsRejected ? SchedulingFailure.Unschedulable : SchedulingFailure.SchedulerError, status.Message, null);
}
