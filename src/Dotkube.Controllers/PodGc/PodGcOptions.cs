namespace Dotkube.Controllers.PodGc;

/// <summary>Settings of the pod garbage collector (kube-controller-manager's flags and constants).</summary>
public sealed record PodGcOptions
{
    /// <summary>--terminated-pod-gc-threshold: finished pods kept before the oldest go; 0 or less keeps all.</summary>
    public int TerminatedPodGcThreshold { get; init; } = 12500;

    /// <summary>How often the collector looks (upstream's gcCheckPeriod).</summary>
    public TimeSpan CheckPeriod { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a node must stay missing before its pods go (upstream's quarantineTime).</summary>
    public TimeSpan Quarantine { get; init; } = TimeSpan.FromSeconds(40);
}
