using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Authorization;

namespace Dotkube.ApiServer.Tests.Security;

public class AuthenticationPipelineTests
{
    private static List<string> Groups(JsonObject review) =>
        [.. review["status"]!["userInfo"]!["groups"]!.AsArray().Select(g => g!.GetValue<string>())];

    private static string Username(JsonObject review) => review["status"]!["userInfo"]!["username"]!.GetValue<string>();

    [Fact]
    public async Task An_authenticated_user_is_also_in_system_authenticated()
    {
        await using var host = await SecurityTestHost.StartAsync();
        var (code, review) = await host.WhoAmIAsync((SecurityTestHost.AdminHeader, "jane;devs"));
        Assert.Equal(201, code);
        Assert.Equal("SelfSubjectReview", review["kind"]!.GetValue<string>());
        Assert.Equal("jane", Username(review));
        Assert.Equal(["devs", "system:authenticated"], Groups(review));
    }

    [Fact]
    public async Task Without_an_authorizer_anonymous_requests_are_refused_outside_the_public_paths()
    {
        await using var host = await SecurityTestHost.StartAsync();
        var (code, status) = await host.SendAsync(HttpMethod.Get, "/api/v1/namespaces");
        Assert.Equal(401, code);
        Assert.Equal(("Unauthorized", "Unauthorized"), (status["reason"]!.GetValue<string>(), status["message"]!.GetValue<string>()));
        Assert.Contains(host.Log.Lines, l => l.Contains("401 Unauthorized", StringComparison.Ordinal) && l.Contains("no credentials", StringComparison.Ordinal));
        using var health = await host.Client.GetAsync("/healthz");
        Assert.Equal(200, (int)health.StatusCode);
    }

    [Fact]
    public async Task With_an_authorizer_a_request_without_credentials_is_system_anonymous()
    {
        await using var host = await SecurityTestHost.StartAsync([new FixedAuthorizer(AuthorizationDecision.Allow)]);
        var (code, review) = await host.WhoAmIAsync();
        Assert.Equal(201, code);
        Assert.Equal("system:anonymous", Username(review));
        Assert.Equal(["system:unauthenticated"], Groups(review));
    }

    [Fact]
    public async Task Anonymous_auth_false_refuses_even_the_health_paths()
    {
        await using var host = await SecurityTestHost.StartAsync([new FixedAuthorizer(AuthorizationDecision.Allow)], anonymousAuth: false);
        using var health = await host.Client.GetAsync("/healthz");
        Assert.Equal(401, (int)health.StatusCode);
        Assert.Contains(host.Log.Lines, l => l.Contains("--anonymous-auth=false", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("a token nobody issued", "not-a-token", "no token authenticator recognizes it")]
    [InlineData("a JWT of an unknown issuer", "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJvdGhlciJ9.c2ln", "no token authenticator recognizes it")]
    public async Task A_bearer_token_no_method_accepts_is_401_with_a_log_line(string because, string token, string logged)
    {
        await using var host = await SecurityTestHost.StartAsync([new FixedAuthorizer(AuthorizationDecision.Allow)]);
        var (code, status) = await host.SendAsync(HttpMethod.Get, "/api/v1/namespaces", null, ("Authorization", "Bearer " + token));
        Assert.True(code == 401, because);
        Assert.Equal("Unauthorized", status["message"]!.GetValue<string>());
        Assert.Contains(host.Log.Lines, l => l.Contains(logged, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_static_token_authenticates_its_user()
    {
        await using var host = await SecurityTestHost.StartAsync(staticTokens: new Dictionary<string, UserInfo>
        {
            ["s3cret"] = new("alice", ["ops"], "42"),
        });
        var (code, review) = await host.WhoAmIAsync(("Authorization", "Bearer s3cret"));
        Assert.Equal(201, code);
        Assert.Equal("alice", Username(review));
        Assert.Equal("42", review["status"]!["userInfo"]!["uid"]!.GetValue<string>());
        Assert.Equal(["ops", "system:authenticated"], Groups(review));
    }

    [Fact]
    public async Task Impersonating_a_user_and_groups_changes_who_the_request_is()
    {
        await using var host = await SecurityTestHost.StartAsync();
        var (code, review) = await host.WhoAmIAsync((SecurityTestHost.AdminHeader, "admin;system:masters"),
            ("Impersonate-User", "jane"), ("Impersonate-Group", "devs"), ("Impersonate-Extra-Scopes", "view"));
        Assert.Equal(201, code);
        Assert.Equal("jane", Username(review));
        Assert.Equal(["devs", "system:authenticated"], Groups(review));
        Assert.Equal("view", review["status"]!["userInfo"]!["extra"]!["scopes"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Impersonating_a_service_account_gives_its_groups()
    {
        await using var host = await SecurityTestHost.StartAsync();
        var (_, review) = await host.WhoAmIAsync((SecurityTestHost.AdminHeader, "admin;system:masters"),
            ("Impersonate-User", "system:serviceaccount:default:viewer"));
        Assert.Equal("system:serviceaccount:default:viewer", Username(review));
        Assert.Equal(["system:serviceaccounts", "system:serviceaccounts:default", "system:authenticated"], Groups(review));
    }

    [Theory]
    [InlineData("a user", "Impersonate-User", "jane", "users \"jane\" is forbidden: User \"bob\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope")]
    [InlineData("a service account", "Impersonate-User", "system:serviceaccount:ns1:sa", "serviceaccounts \"sa\" is forbidden: User \"bob\" cannot impersonate resource \"serviceaccounts\" in API group \"\" in the namespace \"ns1\"")]
    public async Task Impersonation_the_authorizer_refuses_is_403_in_upstream_words(string what, string header, string value, string message)
    {
        var authorizer = new FixedAuthorizer(AuthorizationDecision.NoOpinion);
        await using var host = await SecurityTestHost.StartAsync([authorizer]);
        var (code, status) = await host.WhoAmIAsync((SecurityTestHost.AdminHeader, "bob"), (header, value));
        Assert.True(code == 403, what);
        Assert.Equal(("Forbidden", message), (status["reason"]!.GetValue<string>(), status["message"]!.GetValue<string>()));
        Assert.Equal("impersonate", Assert.Single(authorizer.Asked).Verb);
    }

    [Fact]
    public async Task Impersonating_groups_without_a_user_is_an_error()
    {
        await using var host = await SecurityTestHost.StartAsync();
        var (code, _) = await host.WhoAmIAsync((SecurityTestHost.AdminHeader, "admin"), ("Impersonate-Group", "devs"));
        Assert.Equal(500, code);
    }
}
