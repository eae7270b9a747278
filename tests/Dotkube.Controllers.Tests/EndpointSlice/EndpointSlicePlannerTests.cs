using Dotkube.Controllers.EndpointSlice;
using k8s.Models;
using static Dotkube.Controllers.Tests.Endpoints.ServiceFixtures;

namespace Dotkube.Controllers.Tests.EndpointSlice;

public class EndpointSlicePlannerTests
{
    private static readonly V1Node Node1 = new() { Metadata = new V1ObjectMeta { Name = "node1" } };

    private static V1Pod[] Pods(int count, int from = 0) =>
        Enumerable.Range(from, count).Select(i => Pod($"p{i:D4}", ip: $"10.244.{i / 250}.{(i % 250) + 2}")).ToArray();

    private static DesiredEndpoints Desired(V1Service service, params V1Pod[] pods) => EndpointSliceBuilder.Build(service, pods, _ => Node1);

    /// <summary>Turns the planned creations into existing slices, as the server would after writing them.</summary>
    private static List<V1EndpointSlice> Written(SlicePlan plan)
    {
        var n = 0;
        foreach (var slice in plan.ToCreate)
        {
            slice.Metadata.Name = slice.Metadata.GenerateName + n++;
            slice.Metadata.ResourceVersion = "1";
        }
        return [.. plan.ToCreate];
    }

    public static TheoryData<string, int, int[]> Sizes => new()
    {
        { "one pod makes one slice", 1, [1] },
        { "a hundred pods fit in one slice", 100, [100] },
        { "250 pods make slices of 100, 100 and 50", 250, [100, 100, 50] },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void New_slices_hold_at_most_a_hundred_endpoints(string because, int pods, int[] expected)
    {
        var plan = EndpointSlicePlanner.Plan(Service(), Desired(Service(), Pods(pods)), [], null);
        Assert.True(expected.SequenceEqual(plan.ToCreate.Select(s => s.Endpoints.Count)), because);
        Assert.Empty(plan.ToUpdate);
        Assert.Empty(plan.ToDelete);
    }

    [Fact]
    public void New_slices_are_labelled_owned_and_named_after_the_service()
    {
        var slice = Assert.Single(EndpointSlicePlanner.Plan(Service(clusterIP: "None"), Desired(Service(), Pods(1)), [], new DateTime(2026, 1, 1, 0, 0, 9, DateTimeKind.Utc)).ToCreate);
        Assert.Equal("web-", slice.Metadata.GenerateName);
        Assert.Equal("IPv4", slice.AddressType);
        Assert.Equal("web", slice.Metadata.Labels["kubernetes.io/service-name"]);
        Assert.Equal("endpointslice-controller.k8s.io", slice.Metadata.Labels["endpointslice.kubernetes.io/managed-by"]);
        Assert.Equal("", slice.Metadata.Labels["service.kubernetes.io/headless"]);
        Assert.Equal("2026-01-01T00:00:09Z", slice.Metadata.Annotations["endpoints.kubernetes.io/last-change-trigger-time"]);
        var owner = Assert.Single(slice.Metadata.OwnerReferences);
        Assert.Equal(("Service", "web", "svc-uid", true), (owner.Kind, owner.Name, owner.Uid, owner.Controller == true));
    }

    [Fact]
    public void Nothing_changed_means_no_writes()
    {
        var existing = Written(EndpointSlicePlanner.Plan(Service(), Desired(Service(), Pods(150)), [], null));
        Assert.True(EndpointSlicePlanner.Plan(Service(), Desired(Service(), Pods(150)), existing, null).IsEmpty);
    }

    [Fact]
    public void A_pod_that_goes_changes_only_its_own_slice()
    {
        var existing = Written(EndpointSlicePlanner.Plan(Service(), Desired(Service(), Pods(150)), [], null));
        var plan = EndpointSlicePlanner.Plan(Service(), Desired(Service(), Pods(149, from: 1)), existing, null);
        var update = Assert.Single(plan.ToUpdate);
        Assert.Equal(existing[0].Metadata.Name, update.Metadata.Name);
        Assert.Equal(99, update.Endpoints.Count);
        Assert.Empty(plan.ToCreate);
    }

    [Fact]
    public void A_pod_that_turns_unready_is_updated_in_place()
    {
        var existing = Written(EndpointSlicePlanner.Plan(Service(), Desired(Service(), Pod("a")), [], null));
        var plan = EndpointSlicePlanner.Plan(Service(), Desired(Service(), Pod("a", ready: false)), existing, null);
        var endpoint = Assert.Single(Assert.Single(plan.ToUpdate).Endpoints);
        Assert.False(endpoint.Conditions.Ready);
    }

    [Fact]
    public void New_pods_fill_slices_with_room_before_new_slices_are_made()
    {
        var existing = Written(EndpointSlicePlanner.Plan(Service(), Desired(Service(), Pods(150)), [], null));
        var plan = EndpointSlicePlanner.Plan(Service(), Desired(Service(), Pods(230)), existing, null);
        Assert.Equal(100, Assert.Single(plan.ToUpdate).Endpoints.Count);
        Assert.Equal(30, Assert.Single(plan.ToCreate).Endpoints.Count);
    }

    [Fact]
    public void No_endpoints_leave_one_empty_placeholder_slice()
    {
        var existing = Written(EndpointSlicePlanner.Plan(Service(), Desired(Service(), Pods(150)), [], null));
        var plan = EndpointSlicePlanner.Plan(Service(), Desired(Service()), existing, null);
        Assert.Equal(2, plan.ToDelete.Count);
        var placeholder = Assert.Single(plan.ToCreate);
        Assert.Empty(placeholder.Endpoints);
        Assert.Null(placeholder.Ports);
        Assert.True(EndpointSlicePlanner.Plan(Service(), Desired(Service()), Written(plan), null).IsEmpty);
    }

    [Fact]
    public void Slices_of_a_port_set_no_longer_wanted_are_deleted()
    {
        var existing = Written(EndpointSlicePlanner.Plan(Service(), Desired(Service(), Pods(3)), [], null));
        var moved = Pods(3).Select(p => Pod(p.Metadata.Name, ip: p.Status.PodIP, httpPort: 9000)).ToArray();
        var plan = EndpointSlicePlanner.Plan(Service(), Desired(Service(), moved), existing, null);
        Assert.Equal(existing[0].Metadata.Name, Assert.Single(plan.ToDelete).Metadata.Name);
        Assert.Equal(9000, Assert.Single(Assert.Single(plan.ToCreate).Ports).Port);
    }
}
