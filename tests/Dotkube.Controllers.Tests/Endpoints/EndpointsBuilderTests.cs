using Dotkube.Controllers.Endpoints;
using k8s.Models;
using static Dotkube.Controllers.Tests.Endpoints.ServiceFixtures;

namespace Dotkube.Controllers.Tests.Endpoints;

public class EndpointsBuilderTests
{
    /// <summary>Cases: the service, the pods, and the expected subsets written as "ready ips|not ready ips|ports".</summary>
    public static TheoryData<string, V1Service, V1Pod[], string[]> Cases => new()
    {
        { "a ready pod is listed under addresses with its named port resolved",
            Service(), [Pod("a")], ["10.244.0.5||http:8080/TCP"] },
        { "a pod that is not ready is listed under notReadyAddresses",
            Service(), [Pod("a", ready: false)], ["|10.244.0.5|http:8080/TCP"] },
        { "publishNotReadyAddresses lists a not ready pod as ready",
            Service(publishNotReady: true), [Pod("a", ready: false)], ["10.244.0.5||http:8080/TCP"] },
        { "a pod without an IP is left out",
            Service(), [Pod("a", ip: null)], [] },
        { "a pod that has succeeded is left out",
            Service(), [Pod("a", phase: "Succeeded")], [] },
        { "a terminating pod is left out",
            Service(), [Pod("a", terminating: true)], [] },
        { "a terminating pod stays with publishNotReadyAddresses",
            Service(publishNotReady: true), [Pod("a", terminating: true)], ["10.244.0.5||http:8080/TCP"] },
        { "a numeric targetPort is taken as is",
            Service(ports: Port("p", 80, "9090")), [Pod("a")], ["10.244.0.5||p:9090/TCP"] },
        { "no targetPort means the service port",
            Service(ports: Port("p", 80)), [Pod("a")], ["10.244.0.5||p:80/TCP"] },
        { "a pod without the named port is left out",
            Service(ports: Port("m", 80, "metrics")), [Pod("a")], [] },
        { "a named port only matches the same protocol",
            Service(ports: Port("d", 53, "http", "UDP")), [Pod("a")], [] },
        { "pods whose named port differs get subsets of their own",
            Service(), [Pod("a", ip: "10.244.0.5"), Pod("b", ip: "10.244.0.6", httpPort: 9000)], ["10.244.0.5||http:8080/TCP", "10.244.0.6||http:9000/TCP"] },
        { "ready and not ready pods with the same ports share one subset, addresses in IP order",
            Service(), [Pod("a", ip: "10.244.0.10"), Pod("b", ip: "10.244.0.9"), Pod("c", ip: "10.244.0.7", ready: false)], ["10.244.0.9,10.244.0.10|10.244.0.7|http:8080/TCP"] },
        { "a headless service without ports lists addresses without ports",
            Service(clusterIP: "None", noPorts: true), [Pod("a")], ["10.244.0.5||"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Subsets_list_the_selected_pods(string because, V1Service service, V1Pod[] pods, string[] expected)
    {
        var subsets = EndpointsBuilder.Build(service, pods);
        Assert.True(expected.SequenceEqual(subsets.Select(Describe)), $"{because}: got [{string.Join("; ", subsets.Select(Describe))}]");
    }

    [Fact]
    public void Addresses_carry_the_node_the_pod_and_the_hostname_for_the_subdomain_service()
    {
        var subsets = EndpointsBuilder.Build(Service(clusterIP: "None"), [Pod("web-0", hostname: "web-0", subdomain: "web"), Pod("other", ip: "10.244.0.6", hostname: "other", subdomain: "elsewhere")]);
        var addresses = Assert.Single(subsets).Addresses!;
        Assert.Equal("web-0", addresses[0].Hostname);
        Assert.Null(addresses[1].Hostname);
        Assert.Equal("node1", addresses[0].NodeName);
        Assert.Equal(("Pod", "default", "web-0", "uid-web-0"), (addresses[0].TargetRef.Kind, addresses[0].TargetRef.NamespaceProperty, addresses[0].TargetRef.Name, addresses[0].TargetRef.Uid));
    }

    public static TheoryData<string, int[], int[], int[], int[]> Truncations => new()
    {
        // ready per subset, not ready per subset → kept ready, kept not ready
        { "under capacity nothing is cut", [400], [600], [400], [600] },
        { "not ready addresses are cut first", [900], [300], [900], [100] },
        { "not ready ones are cut in proportion to each subset", [600, 200], [100, 300], [600, 200], [50, 150] },
        { "too many ready ones: ready are cut in proportion and all not ready go", [900, 300], [10, 10], [750, 250], [0, 0] },
    };

    [Theory]
    [MemberData(nameof(Truncations))]
    public void Above_capacity_addresses_are_cut_as_upstream(string because, int[] ready, int[] notReady, int[] keptReady, int[] keptNotReady)
    {
        var next = 0;
        var subsets = ready.Select((r, i) => new V1EndpointSubset
        {
            Addresses = Enumerable.Range(0, r).Select(_ => new V1EndpointAddress { Ip = $"10.0.{next / 250}.{next++ % 250}" }).ToList(),
            NotReadyAddresses = Enumerable.Range(0, notReady[i]).Select(_ => new V1EndpointAddress { Ip = $"10.0.{next / 250}.{next++ % 250}" }).ToList(),
        }).ToList();
        var cut = EndpointsBuilder.Truncate(subsets);
        Assert.Equal(ready.Sum() + notReady.Sum() > EndpointsBuilder.MaxCapacity, cut);
        Assert.True(keptReady.SequenceEqual(subsets.Select(s => s.Addresses?.Count ?? 0)), because);
        Assert.True(keptNotReady.SequenceEqual(subsets.Select(s => s.NotReadyAddresses?.Count ?? 0)), because);
    }

    private static string Describe(V1EndpointSubset s) =>
        $"{string.Join(",", (s.Addresses ?? []).Select(a => a.Ip))}|{string.Join(",", (s.NotReadyAddresses ?? []).Select(a => a.Ip))}|{string.Join(",", (s.Ports ?? []).Select(p => $"{p.Name}:{p.Port}/{p.Protocol}"))}";
}
