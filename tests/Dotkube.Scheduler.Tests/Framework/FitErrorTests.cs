using Dotkube.Scheduler.Framework;

namespace Dotkube.Scheduler.Tests.Framework;

public sealed class FitErrorTests
{
    [Fact]
    public void Reasons_are_counted_per_node_and_sorted_as_strings()
    {
        var statuses = new[]
        {
            Status.Unschedulable("node(s) didn't match pod anti-affinity rules"),
            Status.Unschedulable("Insufficient cpu", "Insufficient memory"),
            Status.Unschedulable("Insufficient cpu"),
        };

        Assert.Equal(
            "0/3 nodes are available: 1 Insufficient memory, 1 node(s) didn't match pod anti-affinity rules, 2 Insufficient cpu.",
            FitError.Message(3, statuses, null, null));
    }

    [Fact]
    public void A_prefilter_message_replaces_the_per_node_reasons()
    {
        var statuses = new[] { Status.Unresolvable("pod has unbound immediate PersistentVolumeClaims") };

        Assert.Equal(
            "0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling..",
            FitError.Message(1, statuses, "pod has unbound immediate PersistentVolumeClaims", "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."));
    }
}
