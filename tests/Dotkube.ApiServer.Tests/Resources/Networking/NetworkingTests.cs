using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.Networking;
using static Dotkube.ApiServer.Tests.Resources.GroupCommon.Fixtures;

namespace Dotkube.ApiServer.Tests.Resources.Networking;

public class NetworkingTests
{
    [Theory]
    [InlineData("""{"podSelector":{}}""", """["Ingress"]""")]
    [InlineData("""{"podSelector":{},"egress":[{}]}""", """["Ingress","Egress"]""")]
    [InlineData("""{"podSelector":{},"policyTypes":["Egress"]}""", """["Egress"]""")]
    public void Policy_types_default_from_the_rules(string spec, string expected)
    {
        var (obj, errors) = Create(new NetworkPolicyStrategy(), Json($$"""{"metadata":{"name":"np","namespace":"default"},"spec":{{spec}} }"""));

        Assert.Empty(errors);
        Assert.Equal(expected, obj.Obj("spec")!["policyTypes"]!.ToJsonString());
    }

    [Theory]
    [InlineData("""{"ingress":[{"ports":[{"port":80}]}]}""", null)]
    [InlineData("""{"ingress":[{"ports":[{"protocol":"ICMP","port":80}]}]}""", "spec.ingress[0].ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"TCP\", \"UDP\", \"SCTP\"")]
    [InlineData("""{"ingress":[{"ports":[{"port":8080,"endPort":80}]}]}""", "spec.ingress[0].ports[0].endPort: Invalid value: 8080: must be greater than or equal to `port`")]
    [InlineData("""{"ingress":[{"from":[{}]}]}""", "spec.ingress[0].from[0]: Required value: must specify a peer")]
    [InlineData("""{"egress":[{"to":[{"ipBlock":{"cidr":"10.0.0.0/8","except":["192.168.0.0/16"]}}]}]}""", "spec.egress[0].to[0].ipBlock.except[0]: Invalid value: \"192.168.0.0/16\": must be a strict subset of `cidr`")]
    [InlineData("""{"egress":[{"to":[{"ipBlock":{"cidr":"10.0.0.0/33"}}]}]}""", "spec.egress[0].to[0].ipBlock.cidr: Invalid value: \"10.0.0.0/33\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)")]
    public void Network_policy_rules_are_checked(string spec, string? expected)
    {
        var obj = Json("""{"metadata":{"name":"np"},"spec":{"podSelector":{}}}""");
        foreach (var (key, value) in Json(spec))
        {
            obj["spec"]![key] = value!.DeepClone();
        }
        var (_, errors) = Create(new NetworkPolicyStrategy(), obj);

        Assert.Equal(expected is null ? [] : [expected], errors);
    }

    [Fact]
    public void An_ingress_needs_a_backend_or_rules()
    {
        var (_, errors) = Create(new IngressStrategy(), Json("""{"metadata":{"name":"ing"},"spec":{}}"""));

        Assert.Equal(["spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified"], errors);
    }

    [Theory]
    [InlineData("""{"path":"/","backend":{"service":{"name":"web","port":{"number":80}}}}""", "spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified")]
    [InlineData("""{"path":"api","pathType":"Prefix","backend":{"service":{"name":"web","port":{"number":80}}}}""", "spec.rules[0].http.paths[0].path: Invalid value: \"api\": must be an absolute path")]
    [InlineData("""{"path":"/","pathType":"Regex","backend":{"service":{"name":"web","port":{"number":80}}}}""", "spec.rules[0].http.paths[0].pathType: Unsupported value: \"Regex\": supported values: \"Exact\", \"ImplementationSpecific\", \"Prefix\"")]
    [InlineData("""{"path":"/","pathType":"Prefix","backend":{"service":{"name":"web"}}}""", "spec.rules[0].http.paths[0].backend: Required value: port name or number is required")]
    public void Ingress_paths_are_checked(string path, string expected)
    {
        var (_, errors) = Create(new IngressStrategy(), Json($$"""{"metadata":{"name":"ing"},"spec":{"rules":[{"host":"a.example.com","http":{"paths":[{{path}}]} }]} }"""));

        Assert.Equal([expected], errors);
    }

    [Fact]
    public void The_ingress_table_matches_kubectl()
    {
        var obj = Json("""{"metadata":{"name":"ing","creationTimestamp":"2024-05-01T11:00:00Z"},"spec":{"ingressClassName":"nginx","tls":[{"hosts":["a.example.com"]}],"rules":[{"host":"a.example.com"},{"host":"b.example.com"},{},{"host":"c.example.com"},{"host":"d.example.com"}]},"status":{"loadBalancer":{"ingress":[{"ip":"10.0.0.9"},{"hostname":"lb.example.com"},{"ip":"10.0.0.2"}]}}}""");

        Assert.Equal(["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"], Headers(new IngressStrategy()));
        Assert.Equal(["ing", "nginx", "a.example.com,b.example.com,c.example.com + 2 more...", "10.0.0.2,10.0.0.9,lb.example.com", "80, 443", "60m"], Row(new IngressStrategy(), obj));
    }

    [Fact]
    public void An_ingress_class_needs_a_domain_prefixed_controller_that_never_changes()
    {
        var strategy = new IngressClassStrategy();
        Assert.Equal(["spec.controller: Invalid value: \"nginx\": must be a domain-prefixed path (such as \"acme.io/foo\")"],
            Create(strategy, Json("""{"metadata":{"name":"c"},"spec":{"controller":"nginx"}}""")).Errors);

        var (old, errors) = Create(strategy, Json("""{"metadata":{"name":"c","creationTimestamp":"2024-05-01T11:00:00Z"},"spec":{"controller":"k8s.io/ingress-nginx","parameters":{"apiGroup":"k8s.example.com","kind":"Params","name":"p"}}}"""));
        Assert.Empty(errors);
        Assert.Equal("Cluster", old.Obj("spec").Obj("parameters").Str("scope"));
        Assert.Equal(["c", "k8s.io/ingress-nginx", "Params.k8s.example.com/p", "60m"], Row(strategy, old));
        var changed = (JsonObject)old.DeepClone();
        changed["spec"]!["controller"] = "example.com/other";
        Assert.Equal(["spec.controller: Invalid value: \"example.com/other\": field is immutable"], Update(strategy, changed, old));
    }
}
