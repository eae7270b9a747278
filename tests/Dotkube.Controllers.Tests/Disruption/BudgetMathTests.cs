using Dotkube.Controllers.Disruption;
using Dotkube.Controllers.Tests.ReplicaSet;
using k8s.Models;

namespace Dotkube.Controllers.Tests.Disruption;

public class BudgetMathTests
{
    private static readonly DateTimeOffset Now = new(Pods.T0.AddMinutes(10), TimeSpan.Zero);

    private static V1PodDisruptionBudget Budget(string? minAvailable = null, string? maxUnavailable = null,
        Dictionary<string, DateTime?>? disrupted = null) => new()
        {
            Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Generation = 1 },
            Spec = new V1PodDisruptionBudgetSpec
            {
                MinAvailable = minAvailable is null ? null : (IntOrString)minAvailable,
                MaxUnavailable = maxUnavailable is null ? null : (IntOrString)maxUnavailable,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
            },
            Status = disrupted is null ? null : new V1PodDisruptionBudgetStatus { DisruptedPods = disrupted },
        };

    /// <summary>n pods of one ReplicaSet that wants <paramref name="replicas"/>; the first <paramref name="ready"/> are Ready.</summary>
    private static List<V1Pod> PodsOf(int n, int ready) =>
        Enumerable.Range(0, n).Select(i => Pods.Make($"web-{i}", ready: i < ready, ownerUid: "rs-uid")).ToList();

    private static ControllerScale? Scale(int replicas) => new ControllerScale("rs-uid", replicas);

    public static TheoryData<string, string?, string?, int, int, int, (int Expected, int Desired, int Healthy, int Allowed)> Cases => new()
    {
        // name, minAvailable, maxUnavailable, pods, ready, controller replicas → numbers
        { "minAvailable 2 of 3 ready pods allows one disruption", "2", null, 3, 3, 3, (3, 2, 3, 1) },
        { "minAvailable 3 of 3 allows none", "3", null, 3, 3, 3, (3, 3, 3, 0) },
        { "an integer minAvailable counts the pods, not the controller's replicas", "1", null, 2, 2, 5, (2, 1, 2, 1) },
        { "a percentage minAvailable rounds up against the controller's replicas", "50%", null, 3, 3, 3, (3, 2, 3, 1) },
        { "maxUnavailable 1 of 4 allows one", null, "1", 4, 4, 4, (4, 3, 4, 1) },
        { "maxUnavailable 1 with one pod already unready allows none", null, "1", 4, 3, 4, (4, 3, 3, 0) },
        { "a percentage maxUnavailable rounds up", null, "30%", 4, 4, 4, (4, 2, 4, 2) },
        { "missing pods count against maxUnavailable", null, "1", 3, 3, 5, (5, 4, 3, 0) },
        { "no pods allow nothing", "1", null, 0, 0, 3, (0, 1, 0, 0) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_budget_allows_what_its_healthy_pods_exceed(string name, string? minAvailable, string? maxUnavailable, int pods, int ready, int replicas,
        (int Expected, int Desired, int Healthy, int Allowed) expected)
    {
        var n = BudgetMath.Compute(Budget(minAvailable, maxUnavailable), PodsOf(pods, ready), (_, _) => Scale(replicas), Now);
        Assert.True(expected == (n.ExpectedPods, n.DesiredHealthy, n.CurrentHealthy, n.DisruptionsAllowed), $"{name}: got {(n.ExpectedPods, n.DesiredHealthy, n.CurrentHealthy, n.DisruptionsAllowed)}");
    }

    [Fact]
    public void A_pod_the_eviction_API_just_disrupted_is_not_healthy_until_two_minutes_pass()
    {
        var recent = Now.AddSeconds(-30).UtcDateTime;
        var old = Now.AddMinutes(-3).UtcDateTime;
        var n = BudgetMath.Compute(Budget("2", disrupted: new() { ["web-0"] = recent, ["web-1"] = old }), PodsOf(3, 3), (_, _) => Scale(3), Now);
        Assert.Equal((2, 0), (n.CurrentHealthy, n.DisruptionsAllowed));
        Assert.Equal(["web-0"], n.DisruptedPods.Keys);
        Assert.Equal(Now.AddSeconds(90), n.Recheck);
    }

    [Fact]
    public void A_pod_being_deleted_is_not_healthy()
    {
        var pods = PodsOf(3, 3);
        pods[0].Metadata.DeletionTimestamp = Pods.T0;
        Assert.Equal(2, BudgetMath.Compute(Budget("1"), pods, (_, _) => Scale(3), Now).CurrentHealthy);
    }

    [Fact]
    public void A_pod_whose_controller_is_not_found_fails_a_percentage_budget()
    {
        var e = Assert.Throws<InvalidOperationException>(() => BudgetMath.Compute(Budget(maxUnavailable: "1"), PodsOf(1, 1), (_, _) => null, Now));
        Assert.Equal("found no controllers for pod \"web-0\"", e.Message);
    }

    [Fact]
    public void Unmanaged_pods_are_reported_and_left_out_of_the_scale()
    {
        var pods = PodsOf(2, 2);
        pods.Add(Pods.Make("lone"));
        var n = BudgetMath.Compute(Budget(maxUnavailable: "1"), pods, (_, _) => Scale(2), Now);
        Assert.Equal(["lone"], n.UnmanagedPods);
        Assert.Equal((2, 1, 3, 2), (n.ExpectedPods, n.DesiredHealthy, n.CurrentHealthy, n.DisruptionsAllowed));
    }

    [Fact]
    public void The_status_says_whether_disruptions_are_allowed_and_is_left_alone_when_nothing_changed()
    {
        var pdb = Budget("2");
        var n = BudgetMath.Compute(pdb, PodsOf(3, 3), (_, _) => Scale(3), Now);
        var status = BudgetStatus.Build(pdb, n, Now)!;
        var condition = status.Conditions.Single();
        Assert.Equal(("DisruptionAllowed", "True", "SufficientPods", 1L), (condition.Type, condition.Status, condition.Reason, status.ObservedGeneration));
        pdb.Status = status;
        Assert.Null(BudgetStatus.Build(pdb, n, Now.AddSeconds(5)));
    }
}
