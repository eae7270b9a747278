using Dotkube.ApiServer.Routing;

namespace Dotkube.ApiServer.Tests.Routing;

public class RequestInfoParserTests
{
    [Theory]
    [InlineData("a core list across namespaces", "GET", "/api/v1/pods", false, "list", "", "v1", "", "pods", "", "")]
    [InlineData("a namespaced list", "GET", "/api/v1/namespaces/ns1/pods", false, "list", "", "v1", "ns1", "pods", "", "")]
    [InlineData("a get of one object", "GET", "/api/v1/namespaces/ns1/pods/web", false, "get", "", "v1", "ns1", "pods", "web", "")]
    [InlineData("a watch by parameter", "GET", "/api/v1/namespaces/ns1/pods", true, "watch", "", "v1", "ns1", "pods", "", "")]
    [InlineData("a watch by the legacy path prefix", "GET", "/api/v1/watch/namespaces/ns1/pods", false, "watch", "", "v1", "ns1", "pods", "", "")]
    [InlineData("a status subresource", "PUT", "/apis/apps/v1/namespaces/ns1/deployments/web/status", false, "update", "apps", "v1", "ns1", "deployments", "web", "status")]
    [InlineData("a namespace itself", "GET", "/api/v1/namespaces/ns1", false, "get", "", "v1", "ns1", "namespaces", "ns1", "")]
    [InlineData("a namespace's finalize subresource", "PUT", "/api/v1/namespaces/ns1/finalize", false, "update", "", "v1", "ns1", "namespaces", "ns1", "finalize")]
    [InlineData("a namespace's status", "GET", "/api/v1/namespaces/ns1/status", false, "get", "", "v1", "ns1", "namespaces", "ns1", "status")]
    [InlineData("a create", "POST", "/apis/apps/v1/namespaces/ns1/deployments", false, "create", "apps", "v1", "ns1", "deployments", "", "")]
    [InlineData("a delete collection", "DELETE", "/api/v1/namespaces/ns1/pods", false, "deletecollection", "", "v1", "ns1", "pods", "", "")]
    [InlineData("a delete", "DELETE", "/api/v1/nodes/n1", false, "delete", "", "v1", "", "nodes", "n1", "")]
    [InlineData("a patch of a cluster-scoped object", "PATCH", "/apis/rbac.authorization.k8s.io/v1/clusterroles/admin", false, "patch", "rbac.authorization.k8s.io", "v1", "", "clusterroles", "admin", "")]
    public void ParsesResourceRequests(string because, string method, string path, bool watch, string verb, string group, string version, string ns, string resource, string name, string sub)
    {
        var info = RequestInfoParser.Parse(method, path, watch);
        Assert.True(info.IsResourceRequest, because);
        Assert.Equal((verb, group, version, ns, resource, name, sub),
            (info.Verb, info.Group, info.Version, info.Namespace, info.Resource, info.Name, info.Subresource));
    }

    [Theory]
    [InlineData("/api")]
    [InlineData("/apis")]
    [InlineData("/apis/apps")]
    [InlineData("/apis/apps/v1")]
    [InlineData("/api/v1")]
    [InlineData("/healthz")]
    [InlineData("/openapi/v2")]
    public void DiscoveryAndOtherPathsAreNotResourceRequests(string path)
    {
        Assert.False(RequestInfoParser.Parse("GET", path, false).IsResourceRequest);
    }
}
