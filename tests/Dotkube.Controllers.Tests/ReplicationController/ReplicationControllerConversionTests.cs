using Dotkube.Client.Cache;
using Dotkube.Controllers.Common;
using Dotkube.Controllers.ReplicationController;
using Dotkube.Controllers.Tests.ReplicaSet;
using k8s.Models;

namespace Dotkube.Controllers.Tests.ReplicationController;

public class ReplicationControllerConversionTests
{
    private static V1ReplicationController Rc(Dictionary<string, string>? selector, string resourceVersion = "7") => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Uid = "rc-uid", Generation = 3, ResourceVersion = resourceVersion },
        Spec = new V1ReplicationControllerSpec
        {
            Replicas = 4,
            MinReadySeconds = 5,
            Selector = selector,
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "nginx" }] },
            },
        },
        Status = new V1ReplicationControllerStatus
        {
            Replicas = 2,
            ReadyReplicas = 1,
            Conditions = [new V1ReplicationControllerCondition { Type = "ReplicaFailure", Status = "True", Reason = "FailedCreate", Message = "quota" }],
        },
    };

    [Fact]
    public void The_map_selector_becomes_match_labels_and_the_spec_carries_over()
    {
        var rs = ReplicationControllerConversion.ToReplicaSet(Rc(new() { ["app"] = "web" }));

        Assert.Equal(new Dictionary<string, string> { ["app"] = "web" }, rs.Spec.Selector.MatchLabels);
        Assert.Null(rs.Spec.Selector.MatchExpressions);
        Assert.Equal((4, 5, "rc-uid"), (rs.Spec.Replicas, rs.Spec.MinReadySeconds, rs.Metadata.Uid));
        Assert.Equal("nginx", rs.Spec.Template.Spec.Containers[0].Image);
        Assert.Equal(("ReplicaFailure", "FailedCreate", "quota"), (rs.Status.Conditions[0].Type, rs.Status.Conditions[0].Reason, rs.Status.Conditions[0].Message));
    }

    [Theory]
    [InlineData("a pod with the selector's labels is selected", "web", true)]
    [InlineData("a pod with other labels is not", "api", false)]
    public void The_converted_selector_selects_as_the_map_does(string because, string app, bool selected)
    {
        var rs = ReplicationControllerConversion.ToReplicaSet(Rc(new() { ["app"] = "web" }));
        var pod = Pods.Make("p", labels: new() { ["app"] = app, ["x"] = "y" });

        Assert.True(selected == Selectors.Matches(Selectors.From(rs.Spec.Selector), pod.Metadata), because);
    }

    [Fact]
    public void A_missing_selector_selects_nothing()
    {
        var rs = ReplicationControllerConversion.ToReplicaSet(Rc(null));

        Assert.False(Selectors.Matches(Selectors.From(rs.Spec.Selector), Pods.Make("p").Metadata));
    }

    [Fact]
    public void A_status_written_as_a_replica_set_comes_back_as_the_replication_controllers()
    {
        var rs = ObjectCopy.Of(ReplicationControllerConversion.ToReplicaSet(Rc(new() { ["app"] = "web" })));
        rs.Status = new V1ReplicaSetStatus
        {
            Replicas = 4,
            FullyLabeledReplicas = 4,
            ReadyReplicas = 3,
            AvailableReplicas = 2,
            ObservedGeneration = 3,
        };

        var rc = ReplicationControllerConversion.ToReplicationController(rs);

        Assert.Equal(("v1", "ReplicationController", "7"), (rc.ApiVersion, rc.Kind, rc.Metadata.ResourceVersion));
        Assert.Equal(new Dictionary<string, string> { ["app"] = "web" }, rc.Spec.Selector);
        Assert.Equal((4, 4, 3, 2, 3L), (rc.Status.Replicas, rc.Status.FullyLabeledReplicas, rc.Status.ReadyReplicas, rc.Status.AvailableReplicas, rc.Status.ObservedGeneration));
        Assert.Null(rc.Status.Conditions);
    }

    [Fact]
    public void The_view_converts_each_cached_object_once_and_again_after_it_changes()
    {
        var cache = new ObjectCache<V1ReplicationController>();
        cache.Upsert(Rc(new() { ["app"] = "web" }));
        var view = new ReplicaSetView(cache);

        var first = view.Get("default", "web");
        Assert.Same(first, view.List("default").Single());
        cache.Upsert(Rc(new() { ["app"] = "web" }, resourceVersion: "8"));

        Assert.Equal("8", view.Get("default/web")!.Metadata.ResourceVersion);
        Assert.Null(view.Get("default", "api"));
    }
}
