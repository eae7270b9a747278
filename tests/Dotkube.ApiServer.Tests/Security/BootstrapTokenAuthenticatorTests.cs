using System.Text;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authentication;

namespace Dotkube.ApiServer.Tests.Security;

public class BootstrapTokenAuthenticatorTests
{
    private static JsonObject Secret(string secret = "0123456789abcdef", string? expiration = null, string usage = "true", string extraGroups = "", string type = "bootstrap.kubernetes.io/token")
    {
        var data = new JsonObject
        {
            ["token-id"] = B64("abcdef"),
            ["token-secret"] = B64(secret),
            ["usage-bootstrap-authentication"] = B64(usage),
        };
        if (expiration is not null)
        {
            data["expiration"] = B64(expiration);
        }
        if (extraGroups.Length > 0)
        {
            data["auth-extra-groups"] = B64(extraGroups);
        }
        return new JsonObject { ["metadata"] = new JsonObject { ["name"] = "bootstrap-token-abcdef" }, ["type"] = type, ["data"] = data };
    }

    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    private static BootstrapTokenAuthenticator For(JsonObject? secret) =>
        new((resource, ns, name, _) => Task.FromResult(resource == "secrets" && ns == "kube-system" && name == "bootstrap-token-abcdef" ? secret : null),
            TimeProvider.System, []);

    [Fact]
    public async Task A_matching_token_is_a_bootstrapper()
    {
        var result = await For(Secret(extraGroups: "system:bootstrappers:kubeadm:default-node-token"))
            .AuthenticateTokenAsync("abcdef.0123456789abcdef", [], default);
        Assert.Equal("system:bootstrap:abcdef", result.User!.Name);
        Assert.Equal(["system:bootstrappers", "system:bootstrappers:kubeadm:default-node-token"], result.User.Groups);
    }

    public static TheoryData<string, JsonObject?, string> Refusals => new()
    {
        { "a wrong secret", Secret(secret: "ffffffffffffffff"), "does not match" },
        { "no secret at all", null, "no secret kube-system/bootstrap-token-abcdef" },
        { "an expired token", Secret(expiration: "2020-01-01T00:00:00Z"), "expired" },
        { "a token not meant for authentication", Secret(usage: "false"), "usage-bootstrap-authentication=true" },
        { "an extra group outside system:bootstrappers", Secret(extraGroups: "system:masters"), "auth-extra-groups" },
        { "a secret of another type", Secret(type: "Opaque"), "has type Opaque" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Refused_tokens_say_why(string because, JsonObject? secret, string reason)
    {
        var result = await For(secret).AuthenticateTokenAsync("abcdef.0123456789abcdef", [], default);
        Assert.True(result.User is null, because);
        Assert.Contains(reason, result.Failure);
    }

    [Theory]
    [InlineData("abcdef0123456789abcdef")]
    [InlineData("ABCDEF.0123456789abcdef")]
    [InlineData("abcdef.0123456789abcde")]
    public async Task Other_shapes_are_not_bootstrap_tokens(string token)
    {
        Assert.Same(TokenResult.NotMine, await For(Secret()).AuthenticateTokenAsync(token, [], default));
    }
}
