using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Dotkube.E2E.Security;

/// <summary>
/// Request-header authentication (an authenticating proxy with its own client CA and allowed
/// names) and OIDC ID tokens (from an issuer the test serves over HTTPS), against a real server:
/// who the caller is, and 401 with a log line saying why.
/// </summary>
public sealed class ProxyAndOidcAuthenticationTests(ProxyAndOidcServerFixture fixture) : IClassFixture<ProxyAndOidcServerFixture>
{
    // kubectl's words for a 401 (its detail in brackets depends on the discovery call that failed first).
    private const string Unauthorized = "error: You must be logged in to the server";

    private static readonly string SelfSubjectReview = """{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}""";

    private async Task<(int Code, JsonNode? Body)> WhoAmIThroughProxyAsync(string proxyName, bool ownCa = true)
    {
        using var cert = fixture.ProxyCertificate(proxyName, ownCa);
        using var http = fixture.Http(cert);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/apis/authentication.k8s.io/v1/selfsubjectreviews")
        {
            Content = new StringContent(SelfSubjectReview, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Remote-User", "jane");
        request.Headers.Add("X-Remote-Group", ["devs", "ops"]);
        request.Headers.Add("X-Remote-Extra-Scopes", "openid");
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null);
    }

    [Fact]
    public async Task The_allowed_proxy_speaks_for_the_user_in_its_headers()
    {
        var (code, body) = await WhoAmIThroughProxyAsync(ProxyAndOidcServerFixture.AllowedProxy);
        Assert.True(code == 201, body?.ToJsonString());
        var user = body!["status"]!["userInfo"]!;
        Assert.Equal("jane", user["username"]!.GetValue<string>());
        Assert.Equal(["devs", "ops", "system:authenticated"], user["groups"]!.AsArray().Select(g => g!.GetValue<string>()));
        Assert.Equal("openid", user["extra"]!["scopes"]![0]!.GetValue<string>());
    }

    [Theory]
    [InlineData("a proxy name not in the allowed list", "other-proxy", true, "request-header authentication: the proxy certificate's subject cn=other-proxy is not in the allowed list")]
    [InlineData("a proxy certificate from another CA", ProxyAndOidcServerFixture.AllowedProxy, false, "request-header authentication:")]
    public async Task A_proxy_it_does_not_trust_is_401_and_the_server_says_why(string what, string proxyName, bool ownCa, string logged)
    {
        var (code, body) = await WhoAmIThroughProxyAsync(proxyName, ownCa);
        Assert.True(code == 401, $"{what}: {body?.ToJsonString()}");
        Assert.Equal("Unauthorized", body!["reason"]!.GetValue<string>());
        Assert.Contains(logged, fixture.Server.Output);
    }

    private static JsonObject Claims(string audience = ProxyAndOidcServerFixture.ClientId, int expiresInSeconds = 600) => new()
    {
        ["sub"] = "2b7c",
        ["aud"] = audience,
        ["email"] = "jane@example.com",
        ["email_verified"] = true,
        ["groups"] = new JsonArray("devs", "ops"),
        ["iat"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(),
        ["exp"] = DateTimeOffset.UtcNow.AddSeconds(expiresInSeconds).ToUnixTimeSeconds(),
    };

    [Fact]
    public async Task An_oidc_id_token_is_its_email_with_prefixed_groups()
    {
        var whoami = await fixture.KubectlWithToken(fixture.Oidc.Token(Claims()), "auth", "whoami", "-o", "json");
        var user = JsonNode.Parse(whoami.EnsureSuccess().Stdout)!["status"]!["userInfo"]!;
        Assert.Equal("jane@example.com", user["username"]!.GetValue<string>());
        Assert.Equal(["oidc:devs", "oidc:ops", "system:authenticated"], user["groups"]!.AsArray().Select(g => g!.GetValue<string>()));
        Assert.True(fixture.Oidc.Requests >= 2, "the server fetched the discovery document and the keys");
    }

    public static TheoryData<string, Func<TestOidcIssuer, string>, string> RefusedTokens => new()
    {
        { "a token for another client", o => o.Token(Claims(audience: "someone-else")), "oidc: expected audience \"dotkube-e2e\" got [someone-else]" },
        { "an expired token", o => o.Token(Claims(expiresInSeconds: -120)), "oidc: token is expired" },
        { "a token signed by another key", o => o.Token(Claims(), RSA.Create(2048)), "oidc: token signature does not verify with any key of" },
    };

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public async Task A_refused_oidc_token_is_401_and_the_server_says_why(string what, Func<TestOidcIssuer, string> token, string logged)
    {
        var result = await fixture.KubectlWithToken(token(fixture.Oidc), "get", "namespaces");
        Assert.True(result.ExitCode == 1, what);
        Assert.Contains(Unauthorized, result.Stderr.Split('\n').Last(l => l.Length > 0));
        Assert.Contains(logged, fixture.Server.Output);
    }
}
