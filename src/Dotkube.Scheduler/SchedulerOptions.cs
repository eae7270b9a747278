using Dotkube.Scheduler.Plugins.VolumeBinding;

namespace Dotkube.Scheduler;

public sealed class SchedulerOptions
{
    /// <summary>Pods whose spec.schedulerName is this are ours; others are left alone.</summary>
    public string SchedulerName { get; init; } = Scheduler.DefaultSchedulerName;

    public required IPodBinder Binder { get; init; }

    public required ISchedulingResultSink Sink { get; init; }

    /// <summary>Evicts preemption victims; without it preemption is off.</summary>
    public IPodPreemptor? Preemptor { get; init; }

    /// <summary>Binds PVs and triggers provisioning for WaitForFirstConsumer claims; pods needing it fail without one.</summary>
    public IVolumeBinder? VolumeBinder { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>0 is upstream's adaptive default (50% − nodes/125, at least 5%, at least 100 nodes).</summary>
    public int PercentageOfNodesToScore { get; init; }

    /// <summary>Workers for filtering and scoring (upstream's default is 16).</summary>
    public int Parallelism { get; init; } = Math.Min(16, Environment.ProcessorCount);

    /// <summary>Tie-breaking among equal scores and the preemption candidate offset; seed it for reproducible tests.</summary>
    public Random Random { get; init; } = Random.Shared;
}
