namespace Dotkube.Node.Simulated;

/// <summary>Where a simulated pod's containers are in their life.</summary>
public enum ContainerStage
{
    /// <summary>Sandbox and image pull: waiting, reason ContainerCreating.</summary>
    Creating,

    /// <summary>Running (ready or not).</summary>
    Running,

    /// <summary>Exited and waiting out the restart back-off: waiting, reason CrashLoopBackOff.</summary>
    BackOff,

    /// <summary>Exited for good (restart policy says no, or the pod was deleted).</summary>
    Terminated,
}

/// <summary>One ended run of the containers.</summary>
public sealed record ContainerRun(DateTimeOffset StartedAt, DateTimeOffset FinishedAt, int ExitCode)
{
    /// <summary>The termination reason the kubelet reports: Completed for exit 0, else Error.</summary>
    public string Reason => ExitCode == 0 ? "Completed" : "Error";
}

/// <summary>The pod's containers at one moment, and when that will next change.</summary>
/// <param name="RestartCount">restarts so far (the RESTARTS column).</param>
/// <param name="StartedAt">start of the current run (Running), or of the run that just ended.</param>
/// <param name="LastRun">the previous run, when the containers have restarted or are backing off.</param>
/// <param name="Final">the run that ended the pod (Terminated).</param>
/// <param name="ReadyChangedAt">when readiness last flipped (the Ready condition's transition time).</param>
/// <param name="NextChange">when the state will change next without outside help; null = never.</param>
public sealed record PodMoment(
    ContainerStage Stage,
    string Phase,
    int RestartCount,
    bool Ready,
    DateTimeOffset? StartedAt,
    ContainerRun? LastRun,
    ContainerRun? Final,
    DateTimeOffset? ReadyChangedAt,
    DateTimeOffset? NextChange);

/// <summary>
/// A simulated pod's life as a pure function of time: created <see cref="PodBehaviour.StartDelay"/>
/// after the node admitted it, running, exiting after <see cref="PodBehaviour.RunTime"/> with
/// <see cref="PodBehaviour.ExitCode"/>, restarted per the restart policy with the kubelet's
/// back-off (the first restart at once, then 10 s doubling up to 5 min), stopped
/// <see cref="PodBehaviour.StopDelay"/> (at most the grace period) after deletion. Being a function
/// of time, it can be recomputed after the node agent restarts and gives the same answers.
/// </summary>
public sealed class PodTimeline(PodBehaviour behaviour, string restartPolicy, DateTimeOffset admittedAt, DateTimeOffset? stopAt = null)
{
    private static readonly TimeSpan InitialBackOff = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxBackOff = TimeSpan.FromMinutes(5);

    public DateTimeOffset AdmittedAt => admittedAt;

    /// <summary>The time the deleted pod's containers stop, or null while it is not being deleted.</summary>
    public DateTimeOffset? StopAt => stopAt;

    /// <summary>A copy of this timeline for a pod deleted at <paramref name="deletedAt"/> with the given grace period.</summary>
    public PodTimeline Deleted(DateTimeOffset deletedAt, TimeSpan gracePeriod)
    {
        var stop = deletedAt + (behaviour.StopDelay < gracePeriod ? behaviour.StopDelay : gracePeriod);
        return new PodTimeline(behaviour, restartPolicy, admittedAt, stopAt is { } earlier && earlier < stop ? earlier : stop);
    }

    public PodMoment At(DateTimeOffset now)
    {
        var created = admittedAt + behaviour.StartDelay;
        if (stopAt is { } stop && now >= stop)
        {
            return Stopped(stop, created);
        }
        if (now < created)
        {
            return new PodMoment(ContainerStage.Creating, "Pending", 0, false, null, null, null, null, Earliest(created, stopAt));
        }

        var start = created;
        ContainerRun? previous = null;
        for (var run = 0; ; run++)
        {
            var end = behaviour.RunTime is { } runTime ? start + runTime : (DateTimeOffset?)null;
            if (end is null || now < end)
            {
                var (ready, changedAt, readyChange) = Readiness(start, now);
                return new PodMoment(ContainerStage.Running, "Running", run, ready, start, previous, null,
                    changedAt, Earliest(Earliest(end, readyChange), stopAt));
            }
            var ended = new ContainerRun(start, end.Value, behaviour.ExitCode);
            if (!Restarts(ended.ExitCode))
            {
                var phase = ended.ExitCode == 0 ? "Succeeded" : "Failed";
                return new PodMoment(ContainerStage.Terminated, phase, run, false, start, previous, ended, ended.FinishedAt, null);
            }
            var restartAt = end.Value + BackOff(run);
            if (now < restartAt)
            {
                return new PodMoment(ContainerStage.BackOff, "Running", run, false, start, ended, null,
                    ended.FinishedAt, Earliest(restartAt, stopAt));
            }
            previous = ended;
            start = restartAt;
        }
    }

    /// <summary>After deletion: whatever ran has stopped (a clean exit, as on SIGTERM).</summary>
    private PodMoment Stopped(DateTimeOffset stop, DateTimeOffset created)
    {
        if (stop <= created)
        {
            // Deleted before anything started: nothing ran.
            return new PodMoment(ContainerStage.Terminated, "Failed", 0, false, null, null, null, stop, null);
        }
        var before = At(stop - TimeSpan.FromTicks(1));
        if (before.Stage == ContainerStage.Terminated)
        {
            return before with { NextChange = null };
        }
        var ran = new ContainerRun(before.StartedAt ?? stop, stop, 0);
        return new PodMoment(ContainerStage.Terminated, "Succeeded", before.RestartCount, false, before.StartedAt, before.LastRun, ran, stop, null);
    }

    private bool Restarts(int exitCode) => restartPolicy switch
    {
        "Never" => false,
        "OnFailure" => exitCode != 0,
        _ => true,
    };

    /// <summary>The kubelet restarts at once after the first exit, then waits 10 s, doubling to 5 min.</summary>
    private static TimeSpan BackOff(int run)
    {
        if (run == 0)
        {
            return TimeSpan.Zero;
        }
        var wait = InitialBackOff * Math.Pow(2, Math.Min(run - 1, 10));
        return wait < MaxBackOff ? wait : MaxBackOff;
    }

    private (bool Ready, DateTimeOffset ChangedAt, DateTimeOffset? NextChange) Readiness(DateTimeOffset start, DateTimeOffset now)
    {
        var readyAt = start + behaviour.ReadyDelay;
        if (now < readyAt)
        {
            return (false, start, readyAt);
        }
        if (behaviour.ReadinessFlap is not { } flap)
        {
            return (true, readyAt, null);
        }
        var flips = (now - readyAt).Ticks / flap.Ticks;
        var changedAt = readyAt + TimeSpan.FromTicks(flap.Ticks * flips);
        return (flips % 2 == 0, changedAt, changedAt + flap);
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;
}
