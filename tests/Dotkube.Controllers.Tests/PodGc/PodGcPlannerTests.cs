using Dotkube.Controllers.PodGc;
using k8s.Models;

namespace Dotkube.Controllers.Tests.PodGc;

public class PodGcPlannerTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static V1Pod Pod(string name, string phase, int createdSecond = 0, string? node = "node1", bool deleting = false, string? reason = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", CreationTimestamp = T0.AddSeconds(createdSecond), DeletionTimestamp = deleting ? T0 : null },
        Spec = new V1PodSpec { NodeName = node },
        Status = new V1PodStatus { Phase = phase, Reason = reason },
    };

    [Theory]
    [InlineData(3, new string[0])] // at the threshold: none
    [InlineData(2, new[] { "old" })] // one over: the oldest
    [InlineData(1, new[] { "old", "mid" })]
    [InlineData(0, new string[0])] // 0 turns collection off
    public void Finished_pods_above_the_threshold_go_oldest_first(int threshold, string[] expected)
    {
        var pods = new[] { Pod("new", "Succeeded", 30), Pod("old", "Failed", 10), Pod("mid", "Succeeded", 20), Pod("running", "Running", 0) };
        Assert.Equal(expected, PodGcPlanner.TerminatedOverThreshold(pods, threshold).Select(p => p.Metadata.Name));
    }

    [Fact]
    public void Evicted_pods_go_before_older_ones()
    {
        var pods = new[] { Pod("old", "Failed", 0), Pod("evicted", "Failed", 50, reason: "Evicted") };
        Assert.Equal(["evicted"], PodGcPlanner.TerminatedOverThreshold(pods, 1).Select(p => p.Metadata.Name));
    }

    [Fact]
    public void Only_unscheduled_pods_being_deleted_are_force_deleted()
    {
        var pods = new[] { Pod("a", "Pending", node: null, deleting: true), Pod("b", "Pending", node: null), Pod("c", "Running", deleting: true) };
        Assert.Equal(["a"], PodGcPlanner.UnscheduledTerminating(pods).Select(p => p.Metadata.Name));
    }

    [Fact]
    public void A_node_missing_for_the_whole_quarantine_is_due_and_one_that_returns_starts_over()
    {
        var quarantine = new NodeQuarantine(TimeSpan.FromSeconds(40));
        var now = new DateTimeOffset(T0);
        var pods = new[] { Pod("a", "Running", node: "gone"), Pod("b", "Running", node: "node1"), Pod("c", "Pending", node: null) };
        var missing = PodGcPlanner.MissingNodes(pods, new HashSet<string> { "node1" });
        Assert.Equal(["gone"], missing);

        Assert.Empty(quarantine.Update(missing, now));
        Assert.Empty(quarantine.Update(missing, now.AddSeconds(20)));
        Assert.Equal(["gone"], quarantine.Update(missing, now.AddSeconds(40)));

        Assert.Empty(quarantine.Update(new HashSet<string>(), now.AddSeconds(60)));
        Assert.Empty(quarantine.Update(missing, now.AddSeconds(80)));
        Assert.Equal(["gone"], quarantine.Update(missing, now.AddSeconds(120)));
    }
}
