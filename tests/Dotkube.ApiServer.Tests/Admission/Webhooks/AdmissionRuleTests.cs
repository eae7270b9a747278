using System.Text.Json.Nodes;
using Dotkube.ApiServer.Admission.Webhooks;

namespace Dotkube.ApiServer.Tests.Admission.Webhooks;

public class AdmissionRuleTests
{
    private static AdmissionRule Rule(string resources, string scope = "*", string operations = "CREATE", string groups = "", string versions = "v1") =>
        AdmissionRule.FromJson(new JsonObject
        {
            ["operations"] = new JsonArray([.. operations.Split(',').Select(o => (JsonNode)JsonValue.Create(o))]),
            ["apiGroups"] = new JsonArray([.. groups.Split(',').Select(g => (JsonNode)JsonValue.Create(g))]),
            ["apiVersions"] = new JsonArray([.. versions.Split(',').Select(v => (JsonNode)JsonValue.Create(v))]),
            ["resources"] = new JsonArray([.. resources.Split(',').Select(r => (JsonNode)JsonValue.Create(r))]),
            ["scope"] = scope,
        });

    [Theory]
    [InlineData("pods", "pods", "", true)]
    [InlineData("pods", "pods", "status", false)]
    [InlineData("*", "pods", "", true)]
    [InlineData("*", "pods", "status", false)]
    [InlineData("*/*", "pods", "", true)]
    [InlineData("*/*", "deployments", "scale", true)]
    [InlineData("pods/*", "pods", "", true)]
    [InlineData("pods/*", "pods", "eviction", true)]
    [InlineData("pods/*", "services", "", false)]
    [InlineData("*/scale", "deployments", "scale", true)]
    [InlineData("*/scale", "deployments", "", false)]
    [InlineData("pods/status", "pods", "status", true)]
    [InlineData("pods/status", "pods", "binding", false)]
    public void Resources_match_as_upstreams_patterns_say(string pattern, string resource, string subresource, bool matches) =>
        Assert.Equal(matches, Rule(pattern).Matches("CREATE", "", "v1", resource, subresource, namespaced: true));

    [Theory]
    [InlineData("*", true, true)]
    [InlineData("*", false, true)]
    [InlineData("Namespaced", true, true)]
    [InlineData("Namespaced", false, false)]
    [InlineData("Cluster", false, true)]
    [InlineData("Cluster", true, false)]
    public void Scope_limits_a_rule_to_namespaced_or_cluster_scoped_resources(string scope, bool namespaced, bool matches) =>
        Assert.Equal(matches, Rule("*", scope).Matches("CREATE", "", "v1", "things", "", namespaced));

    [Theory]
    [InlineData("CREATE", "UPDATE", false)]
    [InlineData("CREATE,UPDATE", "UPDATE", true)]
    [InlineData("*", "DELETE", true)]
    public void Operations_are_listed_or_starred(string operations, string operation, bool matches) =>
        Assert.Equal(matches, Rule("pods", operations: operations).Matches(operation, "", "v1", "pods", "", true));

    [Theory]
    [InlineData("apps", "v1", "apps", "v1", true)]
    [InlineData("apps", "v1", "batch", "v1", false)]
    [InlineData("*", "*", "batch", "v2", true)]
    [InlineData("apps", "v1beta1", "apps", "v1", false)]
    public void Groups_and_versions_are_listed_or_starred(string groups, string versions, string group, string version, bool matches) =>
        Assert.Equal(matches, Rule("deployments", groups: groups, versions: versions).Matches("CREATE", group, version, "deployments", "", true));
}
