using System.Text.Json.Nodes;
using Dotkube.Machinery.Quota;

namespace Dotkube.Machinery.Tests.Quota;

public class QuotaEvaluatorTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static JsonObject Json(string s) => JsonNode.Parse(s)!.AsObject();

    private static string Usage(string group, string resource, string obj) =>
        ResourceList.PrettyPrint(QuotaEvaluator.Usage(group, resource, Json(obj), Now));

    [Theory]
    [InlineData("a pod sums its containers", """{"spec":{"containers":[{"name":"a","resources":{"requests":{"cpu":"250m","memory":"64Mi"},"limits":{"cpu":"500m"}}},{"name":"b","resources":{"requests":{"cpu":"250m"}}}]}}""",
        "count/pods=1,cpu=500m,limits.cpu=500m,memory=64Mi,pods=1,requests.cpu=500m,requests.memory=64Mi")]
    [InlineData("an init container's peak wins over a smaller sum", """{"spec":{"initContainers":[{"name":"i","resources":{"requests":{"cpu":"2"}}}],"containers":[{"name":"a","resources":{"requests":{"cpu":"1"}}}]}}""",
        "count/pods=1,cpu=2,pods=1,requests.cpu=2")]
    [InlineData("overhead is added to requests", """{"spec":{"overhead":{"cpu":"100m"},"containers":[{"name":"a","resources":{"requests":{"cpu":"1"}}}]}}""",
        "count/pods=1,cpu=1100m,pods=1,requests.cpu=1100m")]
    [InlineData("hugepages and extended resources are charged as requests", """{"spec":{"containers":[{"name":"a","resources":{"requests":{"hugepages-2Mi":"4Mi","example.com/gpu":"1"}}}]}}""",
        "count/pods=1,hugepages-2Mi=4Mi,pods=1,requests.example.com/gpu=1,requests.hugepages-2Mi=4Mi")]
    [InlineData("a finished pod only counts as an object", """{"spec":{"containers":[{"name":"a","resources":{"requests":{"cpu":"1"}}}]},"status":{"phase":"Succeeded"}}""",
        "count/pods=1")]
    public void Pods_charge_their_effective_requests_and_limits(string because, string pod, string expected)
    {
        Assert.True(because.Length > 0);
        Assert.Equal(expected, Usage("", "pods", pod));
    }

    [Theory]
    [InlineData("""{"spec":{"type":"ClusterIP","ports":[{"port":80}]}}""", "count/services=1,services=1,services.loadbalancers=0,services.nodeports=0")]
    [InlineData("""{"spec":{"type":"NodePort","ports":[{"port":80},{"port":443}]}}""", "count/services=1,services=1,services.loadbalancers=0,services.nodeports=2")]
    [InlineData("""{"spec":{"type":"LoadBalancer","ports":[{"port":80}]}}""", "count/services=1,services=1,services.loadbalancers=1,services.nodeports=1")]
    [InlineData("""{"spec":{"type":"LoadBalancer","allocateLoadBalancerNodePorts":false,"ports":[{"port":80},{"port":81,"nodePort":30001}]}}""", "count/services=1,services=1,services.loadbalancers=1,services.nodeports=1")]
    public void Services_charge_node_ports_and_load_balancers_by_type(string service, string expected) =>
        Assert.Equal(expected, Usage("", "services", service));

    [Fact]
    public void Claims_charge_storage_overall_and_per_class() =>
        Assert.Equal("count/persistentvolumeclaims=1,fast.storageclass.storage.k8s.io/persistentvolumeclaims=1,fast.storageclass.storage.k8s.io/requests.storage=5Gi,persistentvolumeclaims=1,requests.storage=5Gi",
            Usage("", "persistentvolumeclaims", """{"spec":{"storageClassName":"fast","resources":{"requests":{"storage":"5Gi"}}}}"""));

    [Theory]
    [InlineData("rbac.authorization.k8s.io", "roles", "count/roles.rbac.authorization.k8s.io=1")]
    [InlineData("", "configmaps", "configmaps=1,count/configmaps=1")]
    [InlineData("apps", "deployments", "count/deployments.apps=1")]
    public void Other_objects_charge_their_object_count(string group, string resource, string expected) =>
        Assert.Equal(expected, Usage(group, resource, "{}"));

    [Theory]
    [InlineData("""{"spec":{"scopes":["Terminating"]}}""", """{"spec":{"activeDeadlineSeconds":30}}""", true)]
    [InlineData("""{"spec":{"scopes":["NotTerminating"]}}""", """{"spec":{"activeDeadlineSeconds":30}}""", false)]
    [InlineData("""{"spec":{"scopes":["BestEffort"]}}""", """{"spec":{"containers":[{"name":"a"}]}}""", true)]
    [InlineData("""{"spec":{"scopes":["BestEffort"]}}""", """{"spec":{"containers":[{"name":"a","resources":{"requests":{"cpu":"1"}}}]}}""", false)]
    [InlineData("""{"spec":{"scopeSelector":{"matchExpressions":[{"scopeName":"PriorityClass","operator":"In","values":["high"]}]}}}""", """{"spec":{"priorityClassName":"high"}}""", true)]
    [InlineData("""{"spec":{"scopeSelector":{"matchExpressions":[{"scopeName":"PriorityClass","operator":"In","values":["high"]}]}}}""", """{"spec":{"priorityClassName":"low"}}""", false)]
    [InlineData("""{"spec":{"scopeSelector":{"matchExpressions":[{"scopeName":"PriorityClass","operator":"DoesNotExist"}]}}}""", """{"spec":{}}""", true)]
    public void Scopes_select_pods(string quota, string pod, bool matches) =>
        Assert.Equal(matches, QuotaEvaluator.MatchesScopes(Json(quota), "", "pods", Json(pod)));

    [Fact]
    public void A_scoped_quota_selects_no_other_kind_of_object() =>
        Assert.False(QuotaEvaluator.MatchesScopes(Json("""{"spec":{"scopes":["NotTerminating"]}}"""), "", "services", Json("{}")));

    [Fact]
    public void Containers_missing_a_tracked_compute_resource_are_named_per_resource() =>
        Assert.Equal("must specify limits.cpu for: a,b; requests.memory for: b",
            PodUsage.MissingConstraints(Json("""{"spec":{"containers":[{"name":"a","resources":{"requests":{"memory":"1Mi"}}},{"name":"b"}]}}"""),
                ["limits.cpu", "requests.memory", "pods"]));
}
