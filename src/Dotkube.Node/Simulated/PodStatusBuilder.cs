using Dotkube.Client.Serialization;
using k8s.Models;

namespace Dotkube.Node.Simulated;

/// <summary>Where a simulated node placed a pod: its host address and the pod's own.</summary>
public sealed record PodPlacement(string HostIp, string PodIp, DateTimeOffset AdmittedAt);

/// <summary>
/// The status a kubelet would report for a pod at one moment of its <see cref="PodTimeline"/>:
/// phase, the five conditions in the kubelet's order (PodReadyToStartContainers, Initialized,
/// Ready, ContainersReady, PodScheduled), container and init-container statuses, addresses and
/// start time. Fields the kubelet does not own (qosClass, nominatedNodeName, resize, …) are kept.
/// </summary>
public static class PodStatusBuilder
{
    public static V1PodStatus Build(V1Pod pod, PodMoment moment, PodPlacement placement)
    {
        var previous = pod.Status ?? new V1PodStatus();
        var admitted = Seconds(placement.AdmittedAt);
        var terminal = moment.Phase is "Succeeded" or "Failed";
        var containers = pod.Spec?.Containers ?? [];
        var inits = pod.Spec?.InitContainers ?? [];
        var started = moment.Stage != ContainerStage.Creating;

        var containerStatuses = containers.Select(c => Container(pod, c.Name, c.Image, moment)).ToList();
        var initStatuses = inits.Select(c => c.RestartPolicy == "Always"
            ? Container(pod, c.Name, c.Image, moment)
            : InitContainer(pod, c.Name, c.Image, moment, admitted)).ToList();

        var unready = containerStatuses.Where(s => s.Ready != true).Select(s => s.Name).ToList();
        var incompleteInits = started ? [] : inits.Select(c => c.Name).ToList();
        var readyTime = moment.ReadyChangedAt is { } rc ? Seconds(rc) : admitted;
        var conditions = new List<V1PodCondition>
        {
            Condition(previous, "PodReadyToStartContainers", !terminal, null, null, terminal ? readyTime : admitted),
            incompleteInits.Count > 0
                ? Condition(previous, "Initialized", false, "ContainersNotInitialized", $"containers with incomplete status: [{string.Join(' ', incompleteInits)}]", admitted)
                : Condition(previous, "Initialized", true, terminal && inits.Count == 0 ? "PodCompleted" : null, null, admitted),
            ReadyCondition(previous, "Ready", terminal, unready, readyTime),
            ReadyCondition(previous, "ContainersReady", terminal, unready, readyTime),
            previous.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled")
                ?? new V1PodCondition { Type = "PodScheduled", Status = "True", LastTransitionTime = admitted },
        };
        // Conditions others own (readiness gates, DisruptionTarget, …) stay.
        conditions.AddRange((previous.Conditions ?? []).Where(c => !conditions.Any(k => k.Type == c.Type)));

        var hostNetwork = pod.Spec?.HostNetwork == true;
        var podIp = hostNetwork ? placement.HostIp : placement.PodIp;
        return new V1PodStatus
        {
            Phase = moment.Phase,
            Conditions = conditions,
            HostIP = placement.HostIp,
            HostIPs = [new V1HostIP { Ip = placement.HostIp }],
            PodIP = podIp,
            PodIPs = [new V1PodIP { Ip = podIp }],
            StartTime = admitted,
            ContainerStatuses = containerStatuses,
            InitContainerStatuses = initStatuses.Count > 0 ? initStatuses : null,
            QosClass = previous.QosClass,
            NominatedNodeName = previous.NominatedNodeName,
            Resize = previous.Resize,
            ResourceClaimStatuses = previous.ResourceClaimStatuses,
        };
    }

    private static V1PodCondition ReadyCondition(V1PodStatus previous, string type, bool terminal, List<string> unready, DateTime changedAt)
    {
        if (terminal)
        {
            return Condition(previous, type, false, "PodCompleted", null, changedAt);
        }
        return unready.Count == 0
            ? Condition(previous, type, true, null, null, changedAt)
            : Condition(previous, type, false, "ContainersNotReady", $"containers with unready status: [{string.Join(' ', unready)}]", changedAt);
    }

    /// <summary>A condition whose transition time only moves when its status does.</summary>
    private static V1PodCondition Condition(V1PodStatus previous, string type, bool status, string? reason, string? message, DateTime changedAt)
    {
        var text = status ? "True" : "False";
        var old = previous.Conditions?.FirstOrDefault(c => c.Type == type);
        var transition = old is not null && old.Status == text && old.LastTransitionTime is { } kept ? kept : changedAt;
        return new V1PodCondition { Type = type, Status = text, Reason = reason, Message = message, LastTransitionTime = transition, LastProbeTime = null };
    }

    private static V1ContainerStatus Container(V1Pod pod, string name, string image, PodMoment moment)
    {
        var uid = pod.Metadata?.Uid ?? "";
        var status = new V1ContainerStatus
        {
            Name = name,
            Image = ContainerImages.Normalize(image ?? ""),
            ImageID = moment.Stage == ContainerStage.Creating ? "" : ContainerImages.ImageId(image ?? ""),
            RestartCount = moment.RestartCount,
            Ready = moment.Stage == ContainerStage.Running && moment.Ready,
            Started = moment.Stage == ContainerStage.Running,
            LastState = moment.LastRun is { } last ? new V1ContainerState { Terminated = Terminated(uid, name, last, moment.RestartCount - 1) } : new V1ContainerState(),
        };
        switch (moment.Stage)
        {
            case ContainerStage.Creating:
                status.State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ContainerCreating" } };
                break;
            case ContainerStage.Running:
                status.State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = Seconds(moment.StartedAt!.Value) } };
                status.ContainerID = ContainerImages.ContainerId(uid, name, moment.RestartCount);
                break;
            case ContainerStage.BackOff:
                var podName = pod.Metadata?.Name;
                var ns = pod.Metadata?.NamespaceProperty;
                status.State = new V1ContainerState
                {
                    Waiting = new V1ContainerStateWaiting
                    {
                        Reason = "CrashLoopBackOff",
                        Message = $"back-off restarting failed container {name} in pod {podName}_{ns}({uid})",
                    },
                };
                status.ContainerID = ContainerImages.ContainerId(uid, name, moment.RestartCount);
                break;
            case ContainerStage.Terminated:
                if (moment.Final is { } final)
                {
                    status.State = new V1ContainerState { Terminated = Terminated(uid, name, final, moment.RestartCount) };
                    status.ContainerID = ContainerImages.ContainerId(uid, name, moment.RestartCount);
                }
                else
                {
                    // Deleted before it ever started.
                    status.State = new V1ContainerState
                    {
                        Terminated = new V1ContainerStateTerminated { ExitCode = 137, Reason = "ContainerStatusUnknown", Message = "The container could not be located when the pod was terminated" },
                    };
                }
                break;
        }
        return status;
    }

    /// <summary>Init containers run to completion the moment the sandbox is up.</summary>
    private static V1ContainerStatus InitContainer(V1Pod pod, string name, string image, PodMoment moment, DateTime admitted)
    {
        var uid = pod.Metadata?.Uid ?? "";
        var done = moment.Stage != ContainerStage.Creating;
        return new V1ContainerStatus
        {
            Name = name,
            Image = ContainerImages.Normalize(image ?? ""),
            ImageID = done ? ContainerImages.ImageId(image ?? "") : "",
            RestartCount = 0,
            Ready = done,
            Started = false,
            ContainerID = done ? ContainerImages.ContainerId(uid, name, 0) : null,
            LastState = new V1ContainerState(),
            State = done
                ? new V1ContainerState
                {
                    Terminated = new V1ContainerStateTerminated
                    {
                        ExitCode = 0,
                        Reason = "Completed",
                        StartedAt = admitted,
                        FinishedAt = moment.StartedAt is { } s ? Seconds(s) : admitted,
                        ContainerID = ContainerImages.ContainerId(uid, name, 0),
                    },
                }
                : new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "PodInitializing" } },
        };
    }

    private static V1ContainerStateTerminated Terminated(string uid, string name, ContainerRun run, int restart) => new()
    {
        ExitCode = run.ExitCode,
        Reason = run.Reason,
        StartedAt = Seconds(run.StartedAt),
        FinishedAt = Seconds(run.FinishedAt),
        ContainerID = ContainerImages.ContainerId(uid, name, Math.Max(0, restart)),
    };

    /// <summary>metav1.Time has whole-second precision on the wire.</summary>
    private static DateTime Seconds(DateTimeOffset t) => MetaTime.From(t);
}
