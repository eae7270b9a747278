using Dotkube.Controllers.ReplicaSet;
using k8s.Models;

namespace Dotkube.Controllers.Tests.ReplicaSet;

public class ReplicaSetStatusCalculatorTests
{
    private static V1ReplicaSet Rs(int minReadySeconds = 0) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Uid = "rs", Generation = 4 },
        Spec = new V1ReplicaSetSpec
        {
            Replicas = 3,
            MinReadySeconds = minReadySeconds,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
            Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" } } },
        },
    };

    [Theory]
    [InlineData(0, 0, 2)] // no minReadySeconds: ready is available
    [InlineData(30, 0, 1)] // pod ready at 0s is available at 30s; the one ready at 20s is not
    [InlineData(30, 1000, 2)] // much later both are available
    public void Available_replicas_count_pods_ready_for_min_ready_seconds(int minReady, int extraSeconds, int available)
    {
        var labels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" };
        var pods = new List<V1Pod>
        {
            Pods.Make("a", readySecond: 0, labels: labels),
            Pods.Make("b", readySecond: 20, labels: labels),
            Pods.Make("c", ready: false),
        };
        var now = new DateTimeOffset(Pods.T0).AddSeconds(30 + extraSeconds);
        var status = ReplicaSetStatusCalculator.Calculate(Rs(minReady), pods, now, null);
        Assert.Equal(3, status.Replicas);
        Assert.Equal(2, status.FullyLabeledReplicas);
        Assert.Equal(2, status.ReadyReplicas);
        Assert.Equal(available, status.AvailableReplicas);
        Assert.Equal(4, status.ObservedGeneration);
    }

    [Fact]
    public void A_creation_error_sets_replica_failure_and_success_clears_it()
    {
        var rs = Rs();
        var failed = ReplicaSetStatusCalculator.Calculate(rs, [], DateTimeOffset.UtcNow, new InvalidOperationException("exceeded quota"));
        var condition = Assert.Single(failed.Conditions!);
        Assert.Equal(("ReplicaFailure", "True", "FailedCreate", "exceeded quota"), (condition.Type, condition.Status, condition.Reason, condition.Message));
        rs.Status = failed;
        Assert.Null(ReplicaSetStatusCalculator.Calculate(rs, [], DateTimeOffset.UtcNow, null).Conditions);
    }
}
