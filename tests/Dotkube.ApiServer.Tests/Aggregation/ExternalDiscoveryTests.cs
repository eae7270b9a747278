using System.Text.Json.Nodes;
using Dotkube.ApiServer.Aggregation;

namespace Dotkube.ApiServer.Tests.Aggregation;

public class ExternalDiscoveryTests
{
    [Fact]
    public void A_backends_resource_list_becomes_aggregated_discovery_with_subresources_folded_in()
    {
        var resources = JsonNode.Parse("""
            [
              {"name":"pods","singularName":"","namespaced":true,"kind":"PodMetrics","verbs":["get","list"]},
              {"name":"nodes","singularName":"node","namespaced":false,"kind":"NodeMetrics","verbs":["get","list"],"shortNames":["nm"]},
              {"name":"nodes/status","singularName":"","namespaced":false,"kind":"NodeMetrics","verbs":["get"]}
            ]
            """)!.AsArray();
        var aggregated = ExternalDiscovery.AggregatedResources("metrics.k8s.io", "v1beta1", resources);
        Assert.Equal(2, aggregated.Count);
        Assert.Equal("""{"resource":"pods","responseKind":{"group":"metrics.k8s.io","version":"v1beta1","kind":"PodMetrics"},"scope":"Namespaced","singularResource":"","verbs":["get","list"]}""",
            aggregated[0]!.ToJsonString());
        Assert.Equal("""{"resource":"nodes","responseKind":{"group":"metrics.k8s.io","version":"v1beta1","kind":"NodeMetrics"},"scope":"Cluster","singularResource":"node","verbs":["get","list"],"shortNames":["nm"],"subresources":[{"subresource":"status","responseKind":{"group":"metrics.k8s.io","version":"v1beta1","kind":"NodeMetrics"},"verbs":["get"]}]}""",
            aggregated[1]!.ToJsonString());
    }

    [Fact]
    public void Groups_list_their_versions_by_priority_with_the_highest_preferred()
    {
        var table = new ApiServiceTable();
        var service = new ServiceReference("ns", "api", 443);
        table.SetApiServices(
        [
            new ApiServiceView("v1alpha1.wardle.example.com", "wardle.example.com", "v1alpha1", 100, 5, service, "", true),
            new ApiServiceView("v1beta1.wardle.example.com", "wardle.example.com", "v1beta1", 100, 15, service, "", true),
            new ApiServiceView("v1beta1.metrics.k8s.io", "metrics.k8s.io", "v1beta1", 200, 100, service, "", true),
            new ApiServiceView("v1.apps", "apps", "v1", 17800, 15, null, "", false),
        ], []);
        var groups = ExternalDiscovery.Groups(table.Discovery()).ToList();
        Assert.Equal(["metrics.k8s.io", "wardle.example.com"], groups.Select(g => g.Key));
        var doc = ExternalDiscovery.GroupDocument(groups[1], includeTypeMeta: true);
        Assert.Equal("""{"kind":"APIGroup","apiVersion":"v1","name":"wardle.example.com","versions":[{"groupVersion":"wardle.example.com/v1beta1","version":"v1beta1"},{"groupVersion":"wardle.example.com/v1alpha1","version":"v1alpha1"}],"preferredVersion":{"groupVersion":"wardle.example.com/v1beta1","version":"v1beta1"}}""",
            doc.ToJsonString());
        Assert.Equal("Stale", ExternalDiscovery.AggregatedGroup(groups[0])["versions"]![0]!["freshness"]!.GetValue<string>());
    }
}
