using Dotkube.Scheduler.Framework;

namespace Dotkube.Scheduler.Plugins.SchedulingGates;

/// <summary>Keeps a pod out of the active queue while it has spec.schedulingGates.</summary>
public sealed class SchedulingGatesPlugin : IPreEnqueuePlugin
{
    public string Name => Names.SchedulingGates;

    public Status PreEnqueue(PodInfo pod)
    {
        var gates = pod.Pod.Spec?.SchedulingGates;
        if (gates is not { Count: > 0 })
        {
            return Status.Success;
        }

        // Upstream prints the gate names as a Go slice: [a b].
        return new Status(StatusCode.UnschedulableAndUnresolvable, [$"waiting for scheduling gates: [{string.Join(' ', gates.Select(g => g.Name))}]"]);
    }
}
