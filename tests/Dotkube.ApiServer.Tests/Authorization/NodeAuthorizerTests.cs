using System.Text.Json.Nodes;
using Dotkube.ApiServer.Admission;
using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Authorization;
using Dotkube.ApiServer.Authorization.Node;
using Dotkube.ApiServer.Resources;
using Dotkube.Machinery.Errors;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dotkube.ApiServer.Tests.Authorization;

public sealed class NodeAuthorizerTests
{
    private static readonly UserInfo NodeA = new("system:node:a", ["system:nodes", "system:authenticated"]);

    private static NodeGraph Graph()
    {
        var graph = new NodeGraph(_ => null, NullLogger.Instance);
        graph.ApplyPod(JsonNode.Parse("""
            {"metadata":{"name":"web","namespace":"ns1"},"spec":{"nodeName":"a","serviceAccountName":"builder",
              "imagePullSecrets":[{"name":"pull"}],
              "volumes":[{"name":"s","secret":{"secretName":"tls"}},{"name":"d","persistentVolumeClaim":{"claimName":"data"}},
                         {"name":"p","projected":{"sources":[{"configMap":{"name":"proj"}}]}}],
              "containers":[{"name":"c","env":[{"name":"X","valueFrom":{"configMapKeyRef":{"name":"settings","key":"x"}}}],"envFrom":[{"secretRef":{"name":"env"}}]}]}}
            """)!.AsObject(), deleted: false);
        graph.ApplyPod(JsonNode.Parse("""{"metadata":{"name":"other","namespace":"ns1"},"spec":{"nodeName":"b","volumes":[{"name":"s","secret":{"secretName":"b-only"}}]}}""")!.AsObject(), deleted: false);
        graph.ApplyClaim(JsonNode.Parse("""{"metadata":{"name":"data","namespace":"ns1"},"spec":{"volumeName":"pv-1"}}""")!.AsObject(), deleted: false);
        return graph;
    }

    private static AuthorizationAttributes Request(UserInfo user, string verb, string group, string resource, string ns, string name, string sub = "") =>
        new(user, verb, true, "", group, "v1", resource, sub, ns, name);

    [Theory]
    [InlineData("get", "", "secrets", "ns1", "tls", "", true)]
    [InlineData("get", "", "secrets", "ns1", "pull", "", true)]
    [InlineData("get", "", "secrets", "ns1", "env", "", true)]
    [InlineData("get", "", "configmaps", "ns1", "settings", "", true)]
    [InlineData("get", "", "configmaps", "ns1", "proj", "", true)]
    [InlineData("get", "", "persistentvolumeclaims", "ns1", "data", "", true)]
    [InlineData("get", "", "persistentvolumes", "", "pv-1", "", true)]
    [InlineData("create", "", "serviceaccounts", "ns1", "builder", "token", true)]
    [InlineData("get", "", "pods", "ns1", "web", "", true)]
    [InlineData("get", "", "secrets", "ns1", "b-only", "", false)]
    [InlineData("list", "", "secrets", "ns1", "", "", false)]
    [InlineData("get", "", "pods", "ns1", "other", "", false)]
    [InlineData("get", "", "persistentvolumes", "", "pv-2", "", false)]
    [InlineData("update", "coordination.k8s.io", "leases", "kube-node-lease", "a", "", true)]
    [InlineData("update", "coordination.k8s.io", "leases", "kube-node-lease", "b", "", false)]
    [InlineData("patch", "", "nodes", "", "a", "status", true)]
    [InlineData("list", "", "services", "", "", "", true)]
    [InlineData("delete", "apps", "deployments", "ns1", "web", "", false)]
    public async Task ANodeReachesItsPodsAndWhatTheyUse(string verb, string group, string resource, string ns, string name, string sub, bool allowed)
    {
        var authorizer = new NodeAuthorizer(Graph());
        var result = await authorizer.AuthorizeAsync(Request(NodeA, verb, group, resource, ns, name, sub), default);
        Assert.Equal(allowed ? AuthorizationDecision.Allow : AuthorizationDecision.NoOpinion, result.Decision);
    }

    [Fact]
    public async Task OtherUsersGetNoOpinionAndUnrelatedObjectsSayWhy()
    {
        var authorizer = new NodeAuthorizer(Graph());
        var notANode = new UserInfo("system:node:a", ["system:authenticated"]);
        Assert.Equal(AuthorizationResult.NoOpinion, await authorizer.AuthorizeAsync(Request(notANode, "get", "", "secrets", "ns1", "tls"), default));
        var denied = await authorizer.AuthorizeAsync(Request(NodeA, "get", "", "secrets", "ns1", "b-only"), default);
        Assert.Equal("no relationship found between node 'a' and this object", denied.Reason);
    }

    private static AdmissionAttributes Write(string plural, string op, string name, JsonObject? obj, JsonObject? old = null, string sub = "") =>
        new(BuiltinResources.All.Single(d => d.Group == "" && d.Plural == plural), op, plural == "nodes" ? "" : "ns1", name, sub, obj, old, false, NodeA);

    [Fact]
    public async Task NodeRestrictionKeepsANodeToItsOwnObjects()
    {
        var plugin = new NodeRestriction();
        await plugin.ValidateAsync(Write("nodes", "UPDATE", "a", new JsonObject()), default);
        var other = await Assert.ThrowsAsync<StatusException>(() => plugin.ValidateAsync(Write("nodes", "UPDATE", "b", new JsonObject()), default).AsTask());
        Assert.Equal("nodes \"b\" is forbidden: node \"a\" is not allowed to modify node \"b\"", other.Message);

        var plain = JsonNode.Parse("""{"metadata":{"name":"p"},"spec":{"nodeName":"a"}}""")!.AsObject();
        var notMirror = await Assert.ThrowsAsync<StatusException>(() => plugin.ValidateAsync(Write("pods", "CREATE", "p", plain), default).AsTask());
        Assert.Equal("pods \"p\" is forbidden: pod does not have \"kubernetes.io/config.mirror\" annotation, node \"a\" can only create mirror pods", notMirror.Message);
        var mirror = JsonNode.Parse("""{"metadata":{"name":"p","annotations":{"kubernetes.io/config.mirror":"x"}},"spec":{"nodeName":"a"}}""")!.AsObject();
        await plugin.ValidateAsync(Write("pods", "CREATE", "p", mirror), default);

        var elsewhere = JsonNode.Parse("""{"metadata":{"name":"q"},"spec":{"nodeName":"b"}}""")!.AsObject();
        await Assert.ThrowsAsync<StatusException>(() => plugin.ValidateAsync(Write("pods", "DELETE", "q", null, elsewhere), default).AsTask());
        await Assert.ThrowsAsync<StatusException>(() => plugin.ValidateAsync(Write("pods", "UPDATE", "q", elsewhere, elsewhere, "status"), default).AsTask());
        await plugin.ValidateAsync(Write("pods", "UPDATE", "p", plain, plain, "status"), default);
    }
}
