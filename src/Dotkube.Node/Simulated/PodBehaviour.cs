using System.Security.Cryptography;
using System.Text;
using Dotkube.Machinery.Time;
using k8s.Models;

namespace Dotkube.Node.Simulated;

/// <summary>
/// How a simulated node runs one pod, scripted by annotations so tests and what-ifs can shape
/// lifecycles: <c>sim.dotkube.io/start-delay</c> and <c>start-jitter</c> (time in
/// ContainerCreating), <c>run-time</c> and <c>exit-code</c> (containers exit after running that
/// long; the restart policy decides what follows), <c>crash-loop: "true"</c> (shorthand for exit
/// code 1 after one second), <c>ready-delay</c> (Ready that long after start; defaults to the
/// readiness probe's initialDelaySeconds), <c>readiness-flap</c> (readiness toggles with that
/// period), <c>stop-delay</c> (how long containers take to stop after deletion, capped by the grace
/// period). Durations use Go's syntax ("1.5s", "2m").
/// </summary>
public sealed record PodBehaviour(
    TimeSpan StartDelay,
    TimeSpan? RunTime,
    int ExitCode,
    TimeSpan ReadyDelay,
    TimeSpan? ReadinessFlap,
    TimeSpan StopDelay)
{
    public const string Prefix = "sim.dotkube.io/";

    /// <summary>The persistent volume controller's recycler pod (default/recycler-for-VOLUME, container pv-recycler).</summary>
    public static bool IsVolumeRecycler(V1Pod pod) =>
        pod.Metadata?.NamespaceProperty == "default"
        && pod.Metadata.Name?.StartsWith("recycler-for-", StringComparison.Ordinal) == true
        && pod.Spec?.Containers is [{ Name: "pv-recycler" }];

    /// <summary>
    /// The behaviour for <paramref name="pod"/>: annotations over <paramref name="defaults"/>.
    /// Pods owned by a Job finish (exit 0) after <see cref="SimulationDefaults.JobRunTime"/> unless
    /// annotated otherwise, so Jobs complete on simulated nodes; so do the PV controller's volume
    /// recycler pods (a simulated node runs no processes: the directory is not scrubbed). Unparsable annotations fall back to
    /// the default and are reported in <paramref name="problems"/>.
    /// </summary>
    public static PodBehaviour For(V1Pod pod, SimulationDefaults defaults, ICollection<string>? problems = null)
    {
        var annotations = pod.Metadata?.Annotations ?? new Dictionary<string, string>();
        TimeSpan? Duration(string name)
        {
            if (!annotations.TryGetValue(Prefix + name, out var text))
            {
                return null;
            }
            if (GoDuration.TryParse(text, out var value) && value >= TimeSpan.Zero)
            {
                return value;
            }
            problems?.Add($"{Prefix}{name}: \"{text}\" is not a duration");
            return null;
        }

        var crashLoop = annotations.TryGetValue(Prefix + "crash-loop", out var cl) && cl == "true";
        var ownedByJob = pod.Metadata?.OwnerReferences?.Any(o => o.Kind == "Job" && o.Controller == true) == true
            || IsVolumeRecycler(pod);
        int? exitCode = null;
        if (annotations.TryGetValue(Prefix + "exit-code", out var ec))
        {
            if (int.TryParse(ec, out var parsed) && parsed is >= 0 and <= 255)
            {
                exitCode = parsed;
            }
            else
            {
                problems?.Add($"{Prefix}exit-code: \"{ec}\" is not an exit code (0-255)");
            }
        }
        var runTime = Duration("run-time")
            ?? (crashLoop ? TimeSpan.FromSeconds(1) : (TimeSpan?)null)
            ?? (exitCode is not null || ownedByJob ? defaults.JobRunTime : (TimeSpan?)null);
        var start = Duration("start-delay") ?? defaults.StartDelay;
        var jitter = Duration("start-jitter") ?? TimeSpan.Zero;
        var probeDelay = pod.Spec?.Containers?.Select(c => c.ReadinessProbe?.InitialDelaySeconds ?? 0).DefaultIfEmpty(0).Max() ?? 0;
        return new PodBehaviour(
            StartDelay: start + Jitter(pod, jitter),
            RunTime: runTime,
            ExitCode: exitCode ?? (crashLoop ? 1 : 0),
            ReadyDelay: Duration("ready-delay") ?? TimeSpan.FromSeconds(probeDelay),
            ReadinessFlap: Duration("readiness-flap") is { } flap && flap > TimeSpan.Zero ? flap : null,
            StopDelay: Duration("stop-delay") ?? defaults.StopDelay);
    }

    /// <summary>
    /// A share of <paramref name="jitter"/> fixed by the pod's UID, so that recomputing a pod's
    /// timeline (after a restart of the node agent) gives the same answer.
    /// </summary>
    private static TimeSpan Jitter(V1Pod pod, TimeSpan jitter)
    {
        if (jitter <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }
        var seed = pod.Metadata?.Uid ?? pod.Metadata?.Name ?? "";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        var fraction = BitConverter.ToUInt32(hash, 0) / (double)uint.MaxValue;
        return TimeSpan.FromTicks((long)(jitter.Ticks * fraction));
    }
}

/// <summary>What a simulated node does when a pod says nothing.</summary>
/// <param name="StartDelay">time from admission to running containers (image pull and sandbox).</param>
/// <param name="JobRunTime">how long a Job's pod (or one given only an exit code) runs.</param>
/// <param name="StopDelay">how long containers take to stop after deletion (capped by the grace period).</param>
public sealed record SimulationDefaults(TimeSpan StartDelay, TimeSpan JobRunTime, TimeSpan StopDelay)
{
    public static SimulationDefaults Standard { get; } = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(200));
}
