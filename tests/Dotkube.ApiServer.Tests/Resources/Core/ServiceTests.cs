using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.Core;
using Dotkube.Machinery.Errors;
using static Dotkube.ApiServer.Tests.Resources.Core.Fixtures;

namespace Dotkube.ApiServer.Tests.Resources.Core;

public class ServiceTests
{
    private readonly InMemoryServiceIPAllocator _ips = new(random: new Random(1));
    private readonly InMemoryNodePortAllocator _ports = new(random: new Random(1));
    private readonly ServiceStrategy _strategy;

    public ServiceTests() => _strategy = new ServiceStrategy(_ips, _ports);

    private static JsonObject Svc(string spec, string name = "web") =>
        Parse($$"""{"apiVersion":"v1","kind":"Service","metadata":{"name":"{{name}}","namespace":"default","creationTimestamp":"2025-01-01T11:00:00Z"},"spec":{{spec}}}""");

    [Fact]
    public void A_new_service_gets_upstream_defaults_and_a_cluster_ip()
    {
        var svc = Svc("""{"selector":{"app":"web"},"ports":[{"port":80}]}""");
        Assert.Empty(CreateErrors(_strategy, svc));
        var spec = svc.Obj("spec")!;
        Assert.Equal("ClusterIP", spec.Str("type"));
        Assert.Equal("None", spec.Str("sessionAffinity"));
        Assert.Equal("SingleStack", spec.Str("ipFamilyPolicy"));
        Assert.Equal(["IPv4"], spec.Arr("ipFamilies").Strings());
        Assert.Equal("Cluster", spec.Str("internalTrafficPolicy"));
        var port = spec.Arr("ports").Objects().Single();
        Assert.Equal("TCP", port.Str("protocol"));
        Assert.Equal(80, port.Int("targetPort"));
        var ip = spec.Str("clusterIP")!;
        Assert.StartsWith("10.", ip);
        Assert.Equal([ip], spec.Arr("clusterIPs").Strings());
        Assert.NotNull(svc.Obj("status").Obj("loadBalancer"));
    }

    [Fact]
    public void A_node_port_service_gets_a_port_in_range_and_the_ports_cell_shows_it()
    {
        var svc = Svc("""{"type":"NodePort","ports":[{"port":80}]}""");
        Assert.Empty(CreateErrors(_strategy, svc));
        var nodePort = svc.Obj("spec").Arr("ports").Objects().Single().Int("nodePort")!.Value;
        Assert.InRange(nodePort, 30000, 32767);
        Assert.Equal($"80:{nodePort}/TCP", Cell(_strategy, svc, "Port(s)")!.ToString());
        Assert.Equal("Cluster", svc.Obj("spec").Str("externalTrafficPolicy"));
    }

    [Fact]
    public void A_taken_cluster_ip_is_refused_with_the_upstream_message()
    {
        Assert.Empty(CreateErrors(_strategy, Svc("""{"clusterIP":"10.96.0.10","ports":[{"port":53}]}""", "a")));
        var e = Assert.Throws<StatusException>(() => CreateErrors(_strategy, Svc("""{"clusterIP":"10.96.0.10","ports":[{"port":53}]}""", "b")));
        Assert.Equal("Service \"b\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.96.0.10\"}: failed to allocate IP 10.96.0.10: provided IP is already allocated", e.Message);
    }

    [Fact]
    public void Changing_the_cluster_ip_is_refused_and_omitting_it_keeps_it()
    {
        var old = Svc("""{"ports":[{"port":80}]}""");
        CreateErrors(_strategy, old);
        var ip = old.Obj("spec").Str("clusterIP");

        var resubmitted = Svc("""{"ports":[{"port":80}]}""");
        _strategy.Default(resubmitted);
        _strategy.PrepareForUpdate(resubmitted, old);
        Assert.Empty(_strategy.ValidateUpdate(resubmitted, old));
        Assert.Equal(ip, resubmitted.Obj("spec").Str("clusterIP"));

        var changed = Svc("""{"clusterIP":"10.96.0.99","clusterIPs":["10.96.0.99"],"ports":[{"port":80}]}""");
        _strategy.Default(changed);
        _strategy.PrepareForUpdate(changed, old);
        Assert.Contains("spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.99\"}: may not change once set", Messages(_strategy.ValidateUpdate(changed, old)));
    }

    public static TheoryData<string, string, string> Invalid => new()
    {
        { "a service without ports", """{"selector":{"app":"x"}}""", "spec.ports: Required value" },
        { "an unknown type", """{"type":"Magic","ports":[{"port":80}]}""",
            "spec.type: Unsupported value: \"Magic\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"" },
        { "two unnamed ports", """{"ports":[{"port":80},{"port":81}]}""", "spec.ports[0].name: Required value" },
        { "a port out of range", """{"ports":[{"port":0}]}""", "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive" },
        { "a bad selector", """{"selector":{"app":"a b"},"ports":[{"port":80}]}""",
            "spec.selector: Invalid value: \"a b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')" },
        { "a node port on a ClusterIP service", """{"ports":[{"port":80,"nodePort":30001}]}""",
            "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void An_invalid_service_is_refused_with_the_upstream_message(string because, string spec, string expected)
    {
        var errors = CreateErrors(_strategy, Svc(spec));
        Assert.True(errors.Contains(expected), $"{because}: got [{string.Join(" | ", errors)}]");
    }

    [Fact]
    public void Service_names_are_dns_1035_labels() =>
        Assert.NotEmpty(_strategy.ValidateName("1web"));

    [Fact]
    public void The_kubernetes_service_address_is_the_first_in_the_range() =>
        Assert.Equal("10.96.0.1", _ips.KubernetesServiceIP);

    [Fact]
    public void External_ip_cells_follow_the_type()
    {
        Assert.Equal("<pending>", ServiceTable.ExternalIP(Svc("""{"type":"LoadBalancer"}"""), wide: false));
        Assert.Equal("<none>", ServiceTable.ExternalIP(Svc("""{"type":"ClusterIP"}"""), wide: false));
        Assert.Equal("example.com", ServiceTable.ExternalIP(Svc("""{"type":"ExternalName","externalName":"example.com"}"""), wide: false));
    }
}
