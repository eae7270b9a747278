using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authorization.Bootstrap;
using Dotkube.ApiServer.Resources.Rbac;
using Dotkube.ApiServer.Tests.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dotkube.ApiServer.Tests.Authorization;

/// <summary>The request pipeline with the server's RBAC: default policy in the store, watch-fed cache, admin/edit/view aggregated once.</summary>
public sealed class RbacPipelineTests
{
    private const string Viewer = "system:serviceaccount:ns1:viewer";
    private const string ViewerGroups = "system:serviceaccounts,system:serviceaccounts:ns1";

    private static string RoleBinding(string name, string roleKind, string role, string subjectKind, string subject, string ns = "ns1") =>
        $$"""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"{{name}}","namespace":"{{ns}}"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"{{roleKind}}","name":"{{role}}"},"subjects":[{{Subject(subjectKind, subject, ns)}}]}""";

    private static string Subject(string kind, string name, string ns) => kind == "ServiceAccount"
        ? $$"""{"kind":"ServiceAccount","name":"{{name}}","namespace":"{{ns}}"}"""
        : $$"""{"apiGroup":"rbac.authorization.k8s.io","kind":"{{kind}}","name":"{{name}}"}""";

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 5s");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task AServiceAccountBoundToViewCanReadButNotCreate()
    {
        await using var host = await ApiTestHost.StartWithRbacAsync("ns1");
        var (before, denied) = await host.JsonAsUserAsync(Viewer, ViewerGroups, HttpMethod.Get, "/api/v1/namespaces/ns1/pods");
        Assert.Equal(403, before);
        Assert.Equal("pods is forbidden: User \"system:serviceaccount:ns1:viewer\" cannot list resource \"pods\" in API group \"\" in the namespace \"ns1\"", denied["message"]!.GetValue<string>());
        Assert.Equal("pods", denied["details"]!["kind"]!.GetValue<string>());

        await host.JsonAsync(HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/namespaces/ns1/rolebindings",
            RoleBinding("viewercanview", "ClusterRole", "view", "ServiceAccount", "viewer"));
        await Eventually(async () => (await host.JsonAsUserAsync(Viewer, ViewerGroups, HttpMethod.Get, "/api/v1/namespaces/ns1/pods")).Code == 200);

        var (code, status) = await host.JsonAsUserAsync(Viewer, ViewerGroups, HttpMethod.Post, "/apis/apps/v1/namespaces/ns1/deployments",
            """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}""");
        Assert.Equal(403, code);
        Assert.Equal("deployments.apps is forbidden: User \"system:serviceaccount:ns1:viewer\" cannot create resource \"deployments\" in API group \"apps\" in the namespace \"ns1\"", status["message"]!.GetValue<string>());
        Assert.Equal(403, (await host.JsonAsUserAsync(Viewer, ViewerGroups, HttpMethod.Get, "/api/v1/namespaces/ns1/secrets")).Code);
        Assert.Equal(403, (await host.JsonAsUserAsync(Viewer, ViewerGroups, HttpMethod.Get, "/api/v1/namespaces/default/pods")).Code);
    }

    [Fact]
    public async Task ABindingToAMissingRoleGrantsNothingAndSaysWhy()
    {
        await using var host = await ApiTestHost.StartWithRbacAsync("ns1");
        var (created, _) = await host.JsonAsync(HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/namespaces/ns1/rolebindings",
            RoleBinding("viewercanview", "Role", "view", "ServiceAccount", "viewer"));
        Assert.Equal(201, created);
        await Eventually(async () => (await host.JsonAsUserAsync(Viewer, ViewerGroups, HttpMethod.Get, "/api/v1/namespaces/ns1/pods")).Body["message"]?.GetValue<string>()?.Contains("RBAC") == true);
        var (code, status) = await host.JsonAsUserAsync(Viewer, ViewerGroups, HttpMethod.Get, "/api/v1/namespaces/ns1/pods");
        Assert.Equal(403, code);
        Assert.Equal("pods is forbidden: User \"system:serviceaccount:ns1:viewer\" cannot list resource \"pods\" in API group \"\" in the namespace \"ns1\": RBAC: role.rbac.authorization.k8s.io \"view\" not found",
            status["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task AuthenticatedUsersGetDiscoveryButNotOtherPaths()
    {
        await using var host = await ApiTestHost.StartWithRbacAsync();
        Assert.Equal(200, (await host.JsonAsUserAsync("carol", "", HttpMethod.Get, "/api")).Code);
        var (code, status) = await host.JsonAsUserAsync("carol", "", HttpMethod.Get, "/apis/apps/v1/namespaces/default/deployments");
        Assert.Equal(403, code);
        Assert.Contains("cannot list resource \"deployments\" in API group \"apps\" in the namespace \"default\"", status["message"]!.GetValue<string>());
        var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add("X-User", "carol");
        using var r = await host.Client.SendAsync(request);
        var body = JsonNode.Parse(await r.Content.ReadAsStringAsync())!;
        Assert.Equal((403, "forbidden: User \"carol\" cannot get path \"/metrics\""), ((int)r.StatusCode, body["message"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("list", "pods", "", true)]
    [InlineData("get", "pods", "log", true)]
    [InlineData("create", "pods", "", false)]
    [InlineData("get", "secrets", "", false)]
    public async Task SelfSubjectAccessReviewsAnswerForTheRequester(string verb, string resource, string sub, bool allowed)
    {
        await using var host = await ApiTestHost.StartWithRbacAsync("ns1");
        await host.JsonAsync(HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/namespaces/ns1/rolebindings",
            RoleBinding("v", "ClusterRole", "view", "ServiceAccount", "viewer"));
        var attributes = new JsonObject { ["namespace"] = "ns1", ["verb"] = verb, ["resource"] = resource, ["subresource"] = sub };
        var review = new JsonObject
        {
            ["apiVersion"] = "authorization.k8s.io/v1",
            ["kind"] = "SelfSubjectAccessReview",
            ["spec"] = new JsonObject { ["resourceAttributes"] = attributes },
        }.ToJsonString();
        await Eventually(async () => (await host.JsonAsUserAsync(Viewer, ViewerGroups, HttpMethod.Get, "/api/v1/namespaces/ns1/pods")).Code == 200);
        var (code, answer) = await host.JsonAsUserAsync(Viewer, ViewerGroups, HttpMethod.Post, "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", review);
        Assert.Equal(201, code);
        Assert.Equal(allowed, answer["status"]!["allowed"]!.GetValue<bool>());
        if (allowed)
        {
            Assert.Equal("RBAC: allowed by RoleBinding \"v/ns1\" of ClusterRole \"view\" to ServiceAccount \"viewer/ns1\"", answer["status"]!["reason"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task SubjectAccessReviewsAskAboutSomeoneElse()
    {
        await using var host = await ApiTestHost.StartWithRbacAsync();
        var review = """{"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview","spec":{"user":"system:kube-scheduler","groups":["system:authenticated"],"resourceAttributes":{"verb":"create","resource":"pods","subresource":"binding","namespace":"default"}}}""";
        var (code, answer) = await host.JsonAsync(HttpMethod.Post, "/apis/authorization.k8s.io/v1/subjectaccessreviews", review);
        Assert.Equal(201, code);
        Assert.True(answer["status"]!["allowed"]!.GetValue<bool>());

        var invalid = """{"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview","spec":{"resourceAttributes":{"verb":"get","resource":"pods"}}}""";
        var (bad, status) = await host.JsonAsync(HttpMethod.Post, "/apis/authorization.k8s.io/v1/subjectaccessreviews", invalid);
        Assert.Equal(422, bad);
        Assert.Contains("spec.user: Invalid value: \"\": at least one of user or group must be specified", status["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task SelfSubjectRulesReviewListsTheRequestersRules()
    {
        await using var host = await ApiTestHost.StartWithRbacAsync("ns1");
        await host.JsonAsync(HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/namespaces/ns1/rolebindings",
            RoleBinding("broken", "Role", "nothing-here", "ServiceAccount", "viewer"));
        await Eventually(async () => host.Rbac.Bindings.Any(b => b.Name == "broken"));
        var (code, answer) = await host.JsonAsUserAsync(Viewer, ViewerGroups, HttpMethod.Post, "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews",
            """{"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectRulesReview","spec":{"namespace":"ns1"}}""");
        Assert.Equal(201, code);
        var status = answer["status"]!;
        Assert.Contains(status["resourceRules"]!.AsArray(), r => r!["resources"]!.AsArray().Any(x => x!.GetValue<string>() == "selfsubjectaccessreviews"));
        Assert.Contains(status["nonResourceRules"]!.AsArray(), r => r!["nonResourceURLs"]!.AsArray().Any(x => x!.GetValue<string>() == "/api/*"));
        Assert.True(status["incomplete"]!.GetValue<bool>());
        Assert.Equal("role.rbac.authorization.k8s.io \"nothing-here\" not found", status["evaluationError"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("")]
    [InlineData("?dryRun=All")]
    public async Task NamespaceAdminsCannotGrantWhatTheyDoNotHold(string query)
    {
        await using var host = await ApiTestHost.StartWithRbacAsync("ns1");
        await host.JsonAsync(HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/namespaces/ns1/rolebindings",
            RoleBinding("bob-admin", "ClusterRole", "admin", "User", "bob"));
        await Eventually(async () => (await host.JsonAsUserAsync("bob", "", HttpMethod.Get, "/apis/rbac.authorization.k8s.io/v1/namespaces/ns1/roles")).Code == 200);

        var role = """{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"nodes","namespace":"ns1"},"rules":[{"apiGroups":[""],"resources":["nodes","pods"],"verbs":["get","list"]}]}""";
        var (code, status) = await host.JsonAsUserAsync("bob", "", HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/namespaces/ns1/roles" + query, role);
        Assert.Equal(403, code);
        Assert.Equal("roles.rbac.authorization.k8s.io \"nodes\" is forbidden: user \"bob\" (groups=[\"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[\"\"], Resources:[\"nodes\"], Verbs:[\"get\" \"list\"]}",
            status["message"]!.GetValue<string>());

        var (bindCode, bindStatus) = await host.JsonAsUserAsync("bob", "", HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/namespaces/ns1/rolebindings" + query,
            RoleBinding("escalate", "ClusterRole", "cluster-admin", "User", "bob"));
        Assert.Equal(403, bindCode);
        Assert.StartsWith("rolebindings.rbac.authorization.k8s.io \"escalate\" is forbidden: user \"bob\" (groups=[\"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:\n",
            bindStatus["message"]!.GetValue<string>());

        // What bob holds he may hand on.
        var (ok, _) = await host.JsonAsUserAsync("bob", "", HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/namespaces/ns1/rolebindings" + query,
            RoleBinding("alice-view", "ClusterRole", "view", "User", "alice"));
        Assert.Equal(201, ok);
    }

    [Fact]
    public async Task TheBindVerbLetsAUserBindARoleTheyDoNotHold()
    {
        await using var host = await ApiTestHost.StartWithRbacAsync("ns1");
        await host.JsonAsync(HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/clusterroles",
            """{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"binder"},"rules":[{"apiGroups":["rbac.authorization.k8s.io"],"resources":["rolebindings"],"verbs":["create"]},{"apiGroups":["rbac.authorization.k8s.io"],"resources":["clusterroles"],"verbs":["bind"],"resourceNames":["edit"]}]}""");
        await host.JsonAsync(HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/namespaces/ns1/rolebindings",
            RoleBinding("dave-binder", "ClusterRole", "binder", "User", "dave"));
        await Eventually(async () => host.Rbac.Bindings.Any(b => b.Name == "dave-binder"));
        Assert.Equal(201, (await host.JsonAsUserAsync("dave", "", HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/namespaces/ns1/rolebindings",
            RoleBinding("erin-edit", "ClusterRole", "edit", "User", "erin"))).Code);
        Assert.Equal(403, (await host.JsonAsUserAsync("dave", "", HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/namespaces/ns1/rolebindings",
            RoleBinding("erin-admin", "ClusterRole", "admin", "User", "erin"))).Code);
    }

    [Fact]
    public async Task ReconciliationRestoresDefaultsUnlessAutoupdateIsFalse()
    {
        await using var host = await ApiTestHost.StartWithRbacAsync();
        var store = host.Handler.StoreFor(RbacResources.ClusterRoles);
        async Task Strip(string name, string autoupdate) =>
            await store.UpdateAsync("", name, r =>
            {
                r["rules"] = new JsonArray();
                r["metadata"]!["annotations"]!["rbac.authorization.kubernetes.io/autoupdate"] = autoupdate;
                r["metadata"]!.AsObject().Remove("resourceVersion");
                return r;
            }, Registry.UpdateTarget.Main, Registry.WriteOptions.Internal, CancellationToken.None);
        await Strip("system:basic-user", "true");
        await Strip("system:discovery", "false");
        await new PolicyReconciler(host.Handler.StoreFor, NullLogger.Instance).ReconcileAsync(BootstrapPolicy.All, CancellationToken.None);
        Assert.Equal(2, (await store.GetAsync("", "system:basic-user", CancellationToken.None))["rules"]!.AsArray().Count);
        Assert.Empty((await store.GetAsync("", "system:discovery", CancellationToken.None))["rules"]!.AsArray());
    }
}
