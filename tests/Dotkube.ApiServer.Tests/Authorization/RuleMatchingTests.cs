using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Authorization;
using Dotkube.ApiServer.Authorization.Rbac;

namespace Dotkube.ApiServer.Tests.Authorization;

public sealed class RuleMatchingTests
{
    private static readonly UserInfo User = new("alice", ["system:authenticated"]);

    private static PolicyRule Rule(string verbs, string groups, string resources, string names = "") =>
        PolicyRule.Resource(verbs.Split(','), groups.Split(','), resources.Split(','), names.Length == 0 ? [] : names.Split(','));

    private static AuthorizationAttributes Request(string verb, string group, string resource, string sub = "", string name = "", string ns = "default") =>
        new(User, verb, true, "", group, "v1", resource, sub, ns, name);

    public static TheoryData<string, PolicyRule, AuthorizationAttributes, bool> ResourceCases() => new()
    {
        { "an exact verb, group and resource allow", Rule("get", "", "pods"), Request("get", "", "pods"), true },
        { "another verb is not allowed", Rule("get", "", "pods"), Request("delete", "", "pods"), false },
        { "a star verb allows any verb", Rule("*", "", "pods"), Request("deletecollection", "", "pods"), true },
        { "the group must match", Rule("get", "apps", "deployments"), Request("get", "extensions", "deployments"), false },
        { "a star group matches any group", Rule("get", "*", "deployments"), Request("get", "apps", "deployments"), true },
        { "the core group is the empty string", Rule("get", "", "pods"), Request("get", "apps", "pods"), false },
        { "a star resource matches any resource", Rule("list", "", "*"), Request("list", "", "secrets"), true },
        { "a star resource matches subresources too", Rule("get", "", "*"), Request("get", "", "pods", "log"), true },
        { "a resource does not grant its subresources", Rule("get", "", "pods"), Request("get", "", "pods", "log", "web"), false },
        { "pods/log grants the log subresource", Rule("get", "", "pods/log"), Request("get", "", "pods", "log", "web"), true },
        { "pods/log does not grant pods", Rule("get", "", "pods/log"), Request("get", "", "pods", "", "web"), false },
        { "star/scale grants any resource's scale", Rule("get", "*", "*/scale"), Request("get", "apps", "deployments", "scale", "web"), true },
        { "star/scale does not grant status", Rule("get", "*", "*/scale"), Request("get", "apps", "deployments", "status", "web"), false },
        { "a subresource path authorizes by its first segment", Rule("create", "", "pods/proxy"), Request("create", "", "pods", "proxy/some/path", "web"), true },
        { "resourceNames allow the named object", Rule("get", "", "configmaps", "a,b"), Request("get", "", "configmaps", "", "b"), true },
        { "resourceNames refuse other names", Rule("get", "", "configmaps", "a,b"), Request("get", "", "configmaps", "", "c"), false },
        { "resourceNames refuse requests without a name", Rule("list", "", "configmaps", "a"), Request("list", "", "configmaps"), false },
        { "special verbs match like any other", Rule("impersonate", "", "serviceaccounts"), Request("impersonate", "", "serviceaccounts", "", "sa"), true },
        { "a non-resource rule never allows resources", PolicyRule.NonResource(["get"], ["*"]), Request("get", "", "pods"), false },
    };

    [Theory]
    [MemberData(nameof(ResourceCases))]
    public void ResourceRulesMatchAsUpstream(string name, PolicyRule rule, AuthorizationAttributes request, bool allowed)
    {
        Assert.True(RuleMatching.Allows(rule, request) == allowed, name);
    }

    [Theory]
    [InlineData("*", "/anything/at/all", true)]
    [InlineData("/healthz", "/healthz", true)]
    [InlineData("/healthz", "/healthz/etcd", false)]
    [InlineData("/healthz/*", "/healthz/etcd", true)]
    [InlineData("/healthz/*", "/healthz", false)]
    [InlineData("/apis/*", "/apis/apps/v1", true)]
    [InlineData("/api*", "/apis", true)]
    [InlineData("/version", "/version/", false)]
    public void NonResourceUrlsMatchExactlyOrByTrailingStarPrefix(string ruleUrl, string path, bool allowed)
    {
        var rule = PolicyRule.NonResource(["get"], [ruleUrl]);
        Assert.Equal(allowed, RuleMatching.Allows(rule, new AuthorizationAttributes(User, "get", false, path)));
    }

    [Fact]
    public void NonResourceVerbsAreLowerCaseHttpMethods()
    {
        var rule = PolicyRule.NonResource(["get"], ["/metrics"]);
        Assert.False(RuleMatching.Allows(rule, new AuthorizationAttributes(User, "post", false, "/metrics")));
    }

    public static TheoryData<string, PolicyRule, PolicyRule, bool> CoverageCases() => new()
    {
        { "a star rule covers everything", Rule("*", "*", "*"), Rule("get,delete", "apps", "deployments,replicasets"), true },
        { "missing one verb is not covered", Rule("get,list", "", "pods"), Rule("get,list,watch", "", "pods"), false },
        { "an unnamed rule covers named ones", Rule("get", "", "secrets"), Rule("get", "", "secrets", "a"), true },
        { "a named rule does not cover an unnamed one", Rule("get", "", "secrets", "a"), Rule("get", "", "secrets"), false },
        { "star/scale covers a concrete scale", Rule("get", "apps", "*/scale"), Rule("get", "apps", "deployments/scale"), true },
        { "url prefixes cover longer urls", PolicyRule.NonResource(["get"], ["/apis/*"]), PolicyRule.NonResource(["get"], ["/apis/apps"]), true },
    };

    [Theory]
    [MemberData(nameof(CoverageCases))]
    public void CoverageBreaksRulesDownAsUpstream(string name, PolicyRule owner, PolicyRule servant, bool covered)
    {
        Assert.True((RuleCoverage.Missing([owner], [servant]).Count == 0) == covered, name);
    }

    [Fact]
    public void CompactStringIsGoFormatted()
    {
        var rule = Rule("create,delete", "", "pods");
        Assert.Equal("{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"create\" \"delete\"]}", rule.CompactString());
    }

    [Fact]
    public void MissingSimpleRulesAreCompactedPerResource()
    {
        var missing = RuleCoverage.Missing([Rule("get", "", "pods")], [Rule("get,list,watch", "", "pods,services")]);
        var compact = RuleCoverage.Compact(missing).Select(r => r.CompactString()).ToList();
        Assert.Equal(
        [
            "{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"list\" \"watch\"]}",
            "{APIGroups:[\"\"], Resources:[\"services\"], Verbs:[\"get\" \"list\" \"watch\"]}",
        ], compact);
    }
}
