using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Authentication.Tokens;

namespace Dotkube.ApiServer.Tests.Security;

/// <summary>OIDC ID tokens against an issuer served by a fake HTTP handler (discovery document and JWKS).</summary>
public class OidcAuthenticatorTests
{
    private const string Issuer = "https://issuer.example.com";
    private static readonly RSA IssuerKey = RSA.Create(2048);
    private static readonly JwtKey Signer = new(IssuerKey, "k1");

    private sealed class IssuerHandler : HttpMessageHandler
    {
        public int Fetches { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Fetches++;
            var p = IssuerKey.ExportParameters(false);
            var body = request.RequestUri!.AbsolutePath switch
            {
                "/.well-known/openid-configuration" => new JsonObject { ["issuer"] = Issuer, ["jwks_uri"] = Issuer + "/keys" },
                "/keys" => new JsonObject
                {
                    ["keys"] = new JsonArray(new JsonObject
                    {
                        ["kty"] = "RSA",
                        ["kid"] = "k1",
                        ["use"] = "sig",
                        ["n"] = JsonWebToken.Encode(p.Modulus),
                        ["e"] = JsonWebToken.Encode(p.Exponent),
                    }),
                },
                _ => null,
            };
            return Task.FromResult(body is null
                ? new HttpResponseMessage(HttpStatusCode.NotFound)
                : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") });
        }
    }

    private static OidcAuthenticator Authenticator(OidcOptions? options = null) =>
        new(options ?? new OidcOptions { IssuerUrl = Issuer, ClientId = "kubernetes", GroupsClaim = "groups", GroupsPrefix = "oidc:" },
            new HttpClient(new IssuerHandler()), TimeProvider.System);

    private static string Token(Action<JsonObject>? change = null, JwtKey? key = null)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["aud"] = "kubernetes",
            ["sub"] = "jane",
            ["email"] = "jane@example.com",
            ["groups"] = new JsonArray("devs", "ops"),
            ["iat"] = now,
            ["exp"] = now + 600,
        };
        change?.Invoke(claims);
        return JsonWebToken.Create(claims, key ?? Signer);
    }

    [Fact]
    public async Task A_valid_id_token_is_the_prefixed_subject_with_prefixed_groups()
    {
        var result = await Authenticator().AuthenticateTokenAsync(Token(), [], default);
        Assert.Null(result.Failure);
        Assert.Equal(Issuer + "#jane", result.User!.Name);
        Assert.Equal(["oidc:devs", "oidc:ops"], result.User.Groups);
    }

    [Fact]
    public async Task The_email_claim_has_no_default_prefix()
    {
        var auth = Authenticator(new OidcOptions { IssuerUrl = Issuer, ClientId = "kubernetes", UsernameClaim = "email" });
        Assert.Equal("jane@example.com", (await auth.AuthenticateTokenAsync(Token(), [], default)).User?.Name);
        var unverified = await auth.AuthenticateTokenAsync(Token(c => c["email_verified"] = false), [], default);
        Assert.Equal("oidc: email not verified", unverified.Failure);
    }

    public static TheoryData<string, Func<string>, string> Refusals => new()
    {
        { "a token for another client", () => Token(c => c["aud"] = "other"), "expected audience \"kubernetes\"" },
        { "an expired token", () => Token(c => c["exp"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds()), "expired" },
        { "a token signed by another key", () => Token(key: new JwtKey(RSA.Create(2048), "k1")), "signature does not verify" },
        { "a token without the user claim", () => Token(c => c.Remove("sub")), "claim \"sub\" not present" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Refused_tokens_say_why(string because, Func<string> token, string reason)
    {
        var result = await Authenticator().AuthenticateTokenAsync(token(), [], default);
        Assert.True(result.User is null, because);
        Assert.Contains(reason, result.Failure);
    }

    [Fact]
    public async Task Tokens_of_other_issuers_are_not_this_methods()
    {
        Assert.Same(TokenResult.NotMine, await Authenticator().AuthenticateTokenAsync(Token(c => c["iss"] = "https://elsewhere"), [], default));
    }
}
