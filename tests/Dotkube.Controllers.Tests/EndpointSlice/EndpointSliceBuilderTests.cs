using Dotkube.Controllers.EndpointSlice;
using k8s.Models;
using static Dotkube.Controllers.Tests.Endpoints.ServiceFixtures;

namespace Dotkube.Controllers.Tests.EndpointSlice;

public class EndpointSliceBuilderTests
{
    private static readonly V1Node Node1 = new()
    {
        Metadata = new V1ObjectMeta { Name = "node1", Labels = new Dictionary<string, string> { [EndpointSliceBuilder.ZoneLabel] = "zone-a" } },
    };

    /// <summary>Expected conditions as "ready/serving/terminating", or null when the pod is left out.</summary>
    public static TheoryData<string, V1Service, V1Pod, string?> Conditions => new()
    {
        { "a ready pod is ready and serving", Service(), Pod("a"), "True/True/False" },
        { "a pod that is not ready is neither", Service(), Pod("a", ready: false), "False/False/False" },
        { "a ready pod being deleted serves but is not ready", Service(), Pod("a", terminating: true), "False/True/True" },
        { "publishNotReadyAddresses makes every listed pod ready", Service(publishNotReady: true), Pod("a", ready: false, terminating: true), "True/False/True" },
        { "a pod without an address is left out", Service(), Pod("a", ip: null), null },
        { "a failed pod is left out", Service(), Pod("a", phase: "Failed"), null },
    };

    [Theory]
    [MemberData(nameof(Conditions))]
    public void Endpoint_conditions_follow_the_pod(string because, V1Service service, V1Pod pod, string? expected)
    {
        var desired = EndpointSliceBuilder.Build(service, [pod], _ => Node1);
        var endpoint = desired.Groups.Values.SelectMany(g => g.Endpoints).SingleOrDefault();
        var got = endpoint is null ? null : $"{Text(endpoint.Conditions.Ready)}/{Text(endpoint.Conditions.Serving)}/{Text(endpoint.Conditions.Terminating)}";
        Assert.True(expected == got, $"{because}: got {got ?? "left out"}");
    }

    [Fact]
    public void An_endpoint_has_the_address_node_zone_target_and_hostname()
    {
        var desired = EndpointSliceBuilder.Build(Service(clusterIP: "None"), [Pod("web-0", hostname: "web-0", subdomain: "web")], _ => Node1);
        var group = Assert.Single(desired.Groups.Values);
        var endpoint = Assert.Single(group.Endpoints);
        Assert.Equal(["10.244.0.5"], endpoint.Addresses);
        Assert.Equal(("node1", "zone-a", "web-0"), (endpoint.NodeName, endpoint.Zone, endpoint.Hostname));
        Assert.Equal(("Pod", "web-0", "uid-web-0"), (endpoint.TargetRef.Kind, endpoint.TargetRef.Name, endpoint.TargetRef.Uid));
        Assert.Equal(("http", 8080, "TCP"), (group.Ports[0].Name, group.Ports[0].Port, group.Ports[0].Protocol));
    }

    [Fact]
    public void A_pod_on_an_unknown_node_is_left_out_for_now()
    {
        var desired = EndpointSliceBuilder.Build(Service(), [Pod("a", node: "gone")], _ => null);
        Assert.Equal(0, desired.Count);
        Assert.True(desired.MissingNodes);
    }

    [Fact]
    public void Pods_with_different_resolved_ports_go_to_different_groups()
    {
        var desired = EndpointSliceBuilder.Build(Service(), [Pod("a"), Pod("b", ip: "10.244.0.6", httpPort: 9000)], _ => Node1);
        Assert.Equal(2, desired.Groups.Count);
    }

    private static string Text(bool? b) => b == true ? "True" : "False";
}
