using Dotkube.Controllers.ReplicaSet;
using k8s.Models;

namespace Dotkube.Controllers.Tests.ReplicaSet;

public class PodDeletionOrderTests
{
    public static TheoryData<string, V1Pod, V1Pod> FirstGoesBeforeSecond => new()
    {
        { "an unassigned pod goes before an assigned one", Pods.Make("a", node: null, phase: "Pending", ready: false), Pods.Make("b") },
        { "a pending pod goes before a running one", Pods.Make("a", phase: "Pending", ready: false), Pods.Make("b", phase: "Running", ready: false) },
        { "an unknown pod goes before a running one", Pods.Make("a", phase: "Unknown", ready: false), Pods.Make("b", phase: "Running", ready: false) },
        { "a pending pod goes before an unknown one", Pods.Make("a", phase: "Pending", ready: false), Pods.Make("b", phase: "Unknown", ready: false) },
        { "a not ready pod goes before a ready one", Pods.Make("a", ready: false), Pods.Make("b", ready: true) },
        { "the pod ready more recently goes first", Pods.Make("a", readySecond: 50), Pods.Make("b", readySecond: 10) },
        { "the pod with more restarts goes first", Pods.Make("a", restarts: 3), Pods.Make("b", restarts: 1) },
        { "the newer pod goes first", Pods.Make("a", createdSecond: 20), Pods.Make("b", createdSecond: 5) },
        { "an unassigned pod goes first even when newer pods are ready", Pods.Make("a", node: "", ready: false, createdSecond: 0), Pods.Make("b", ready: false, createdSecond: 100) },
    };

    [Theory]
    [MemberData(nameof(FirstGoesBeforeSecond))]
    public void Deletion_order_prefers_the_first_pod(string because, V1Pod first, V1Pod second)
    {
        var order = new PodDeletionOrder(new Dictionary<string, int>());
        Assert.True(order.Compare(first, second) < 0, because);
        Assert.True(order.Compare(second, first) > 0, because);
    }

    [Fact]
    public void A_pod_on_a_node_crowded_with_siblings_goes_first()
    {
        var crowded = Pods.Make("a", node: "node1");
        var alone = Pods.Make("b", node: "node2");
        var sibling = Pods.Make("c", node: "node1");
        var victims = PodDeletionOrder.PodsToDelete([alone, crowded], [alone, crowded, sibling], 1);
        Assert.Equal("a", Assert.Single(victims).Metadata.Name);
    }

    [Fact]
    public void Asking_for_more_than_there_are_returns_them_all()
    {
        var pods = new[] { Pods.Make("a"), Pods.Make("b") };
        Assert.Equal(2, PodDeletionOrder.PodsToDelete(pods, pods, 5).Count);
    }
}
