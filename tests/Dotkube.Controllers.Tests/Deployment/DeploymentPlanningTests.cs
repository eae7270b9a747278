using Dotkube.Controllers.Deployment;
using k8s.Models;

namespace Dotkube.Controllers.Tests.Deployment;

public class DeploymentPlanningTests
{
    private static V1Deployment Deployment(int replicas, string strategy = "RollingUpdate", string? surge = null, string? unavailable = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Uid = "d", Generation = 2 },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
            Strategy = new V1DeploymentStrategy
            {
                Type = strategy,
                RollingUpdate = strategy == "Recreate" ? null : new V1RollingUpdateDeployment
                {
                    MaxSurge = surge is null ? null : (IntOrString)surge,
                    MaxUnavailable = unavailable is null ? null : (IntOrString)unavailable,
                },
            },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "nginx", Image = "nginx" }] },
            },
        },
    };

    private static V1ReplicaSet Rs(string name, int spec, int available, int? statusReplicas = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Uid = name, Generation = 1 },
        Spec = new V1ReplicaSetSpec { Replicas = spec },
        Status = new V1ReplicaSetStatus { Replicas = statusReplicas ?? spec, AvailableReplicas = available, ReadyReplicas = available, ObservedGeneration = 1 },
    };

    [Theory]
    [InlineData(3, 3, 0, 1)] // 3 old, none new: surge 1 allows one new pod
    [InlineData(3, 2, 1, 2)] // one old gone: new may grow to 2
    [InlineData(3, 0, 3, 3)] // rollout done: stays at 3
    [InlineData(5, 0, 3, 5)] // scaled up with no old pods: straight to 5
    [InlineData(3, 0, 5, 3)] // scaled down: straight to 3
    public void The_new_replica_set_grows_within_max_surge(int replicas, int oldSpec, int newSpec, int expected)
    {
        var d = Deployment(replicas);
        var result = DeploymentReconciler.NewReplicaSetReplicas(d, [Rs("old", oldSpec, oldSpec)], Rs("new", newSpec, 0));
        Assert.Equal(expected, result);
    }

    [Theory]
    [InlineData(3, 1, 0, 0)] // new pod not yet available and maxUnavailable 0: no old pod may go
    [InlineData(3, 1, 1, 1)] // new pod available: one old pod may go
    [InlineData(4, 1, 0, 1)] // 4 replicas: 25% unavailable is 1
    public void Old_replica_sets_shrink_only_as_far_as_availability_allows(int replicas, int newSpec, int newAvailable, int expected)
    {
        var d = Deployment(replicas);
        var budget = DeploymentReconciler.OldScaleDownBudget(d, [Rs("old", replicas, replicas)], Rs("new", newSpec, newAvailable));
        Assert.Equal(expected, budget);
    }

    [Fact]
    public void Recreate_waits_for_every_old_pod_to_be_gone()
    {
        var d = Deployment(3, "Recreate");
        Assert.Equal(0, DeploymentReconciler.NewReplicaSetReplicas(d, [Rs("old", 0, 0, statusReplicas: 2)], Rs("new", 0, 0)));
        Assert.Equal(3, DeploymentReconciler.NewReplicaSetReplicas(d, [Rs("old", 0, 0)], Rs("new", 0, 0)));
    }

    [Fact]
    public void A_finished_rollout_reports_upstream_conditions()
    {
        var d = Deployment(3);
        var newRs = Rs("web-abc", 3, 3);
        var status = DeploymentReconciler.CalculateStatus(d, newRs, [newRs, Rs("web-old", 0, 0)], DateTime.UtcNow);
        Assert.Equal((3, 3, 3, 3, 0, 2L), (status.Replicas, status.UpdatedReplicas, status.ReadyReplicas, status.AvailableReplicas, status.UnavailableReplicas, status.ObservedGeneration));
        var available = status.Conditions.Single(c => c.Type == "Available");
        Assert.Equal(("True", "MinimumReplicasAvailable", "Deployment has minimum availability."), (available.Status, available.Reason, available.Message));
        var progressing = status.Conditions.Single(c => c.Type == "Progressing");
        Assert.Equal(("True", "NewReplicaSetAvailable", "ReplicaSet \"web-abc\" has successfully progressed."), (progressing.Status, progressing.Reason, progressing.Message));
    }

    [Fact]
    public void A_rollout_in_progress_reports_replica_set_updated()
    {
        var d = Deployment(3);
        var newRs = Rs("web-new", 1, 0);
        var status = DeploymentReconciler.CalculateStatus(d, newRs, [newRs, Rs("web-old", 3, 3)], DateTime.UtcNow);
        var progressing = status.Conditions.Single(c => c.Type == "Progressing");
        Assert.Equal(("ReplicaSetUpdated", "ReplicaSet \"web-new\" is progressing."), (progressing.Reason, progressing.Message));
        Assert.Equal(1, status.UnavailableReplicas);
    }

    [Fact]
    public void The_new_replica_set_is_the_one_whose_template_matches_ignoring_the_hash()
    {
        var d = Deployment(3);
        var matching = Rs("web-abc", 3, 3);
        matching.Spec.Template = DeploymentReconciler.WithoutHash(d.Spec.Template);
        matching.Spec.Template.Metadata.Labels = new Dictionary<string, string> { ["app"] = "web", ["pod-template-hash"] = "abc" };
        var other = Rs("web-old", 0, 0);
        other.Spec.Template = DeploymentReconciler.WithoutHash(d.Spec.Template);
        other.Spec.Template.Spec.Containers[0].Image = "nginx:1.0";
        Assert.Same(matching, DeploymentReconciler.FindNew(d, [other, matching]));
    }
}
