using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Authentication.ServiceAccounts;
using Dotkube.ApiServer.Authentication.Tokens;

namespace Dotkube.ApiServer.Tests.Security;

/// <summary>The service account JWT method on its own, over a dictionary of core objects.</summary>
public class ServiceAccountTokenAuthenticatorTests
{
    private static readonly JwtKey Key = new(RSA.Create(2048));
    private static readonly JwtKey OtherKey = new(ECDsa.Create(ECCurve.NamedCurves.nistP256));
    private static readonly ServiceAccountTokenOptions Options = new() { SigningKey = Key, VerificationKeys = [Key] };
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static Dictionary<string, JsonObject> Objects() => new()
    {
        ["serviceaccounts/ns1/viewer"] = Obj("sa-uid"),
        ["pods/ns1/p"] = Obj("pod-uid"),
    };

    private static JsonObject Obj(string uid, bool deleting = false)
    {
        var meta = new JsonObject { ["uid"] = uid };
        if (deleting)
        {
            meta["deletionTimestamp"] = "2025-12-31T00:00:00Z";
        }
        return new JsonObject { ["metadata"] = meta };
    }

    private static ServiceAccountTokenAuthenticator Authenticator(Dictionary<string, JsonObject> objects, TimeSpan? later = null) =>
        new(Options, (resource, ns, name, _) => Task.FromResult(objects.TryGetValue($"{resource}/{ns}/{name}", out var o) ? (JsonObject?)o.DeepClone() : null),
            new FixedClock(Now + (later ?? TimeSpan.Zero)));

    private static string Bound(BoundObject? pod = null, IReadOnlyList<string>? audiences = null, string saUid = "sa-uid") =>
        new ServiceAccountTokenIssuer(Options, new FixedClock(Now)).IssueBound("ns1", "viewer", saUid,
            audiences ?? [ServiceAccountTokenOptions.DefaultIssuer], 3600, pod, null).Token;

    [Fact]
    public async Task A_bound_token_is_the_service_account_with_its_pod()
    {
        var result = await Authenticator(Objects()).AuthenticateTokenAsync(Bound(new BoundObject("Pod", "p", "pod-uid")), [], default);

        Assert.Null(result.Failure);
        Assert.Equal("system:serviceaccount:ns1:viewer", result.User!.Name);
        Assert.Equal(["system:serviceaccounts", "system:serviceaccounts:ns1"], result.User.Groups);
        Assert.Equal("sa-uid", result.User.Uid);
        Assert.Equal(["p"], result.User.Extra!["authentication.kubernetes.io/pod-name"]);
        Assert.Equal([ServiceAccountTokenOptions.DefaultIssuer], result.Audiences);
    }

    public static TheoryData<string, Func<string>, Action<Dictionary<string, JsonObject>>, TimeSpan, string> Refusals => new()
    {
        { "a token for another audience", () => Bound(audiences: ["vault"]), _ => { }, TimeSpan.Zero, "are invalid for the target audiences" },
        { "an expired token", () => Bound(), _ => { }, TimeSpan.FromHours(2), "has expired" },
        { "a token signed by another key", () => Resign(Bound(), OtherKey), _ => { }, TimeSpan.Zero, "invalid signature" },
        { "a tampered payload", () => Tamper(Bound()), _ => { }, TimeSpan.Zero, "invalid signature" },
        { "a deleted service account", () => Bound(), o => o.Remove("serviceaccounts/ns1/viewer"), TimeSpan.Zero, "has been deleted" },
        { "a recreated service account", () => Bound(), o => o["serviceaccounts/ns1/viewer"] = Obj("new-uid"), TimeSpan.Zero, "does not match the token's claim" },
        { "a deleted pod", () => Bound(new BoundObject("Pod", "p", "pod-uid")), o => o.Remove("pods/ns1/p"), TimeSpan.Zero, "pod ns1/p the token is bound to has been deleted" },
        { "a pod past its deletion", () => Bound(new BoundObject("Pod", "p", "pod-uid")), o => o["pods/ns1/p"] = Obj("pod-uid", deleting: true), TimeSpan.Zero, "is being deleted" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Refused_tokens_say_why(string because, Func<string> token, Action<Dictionary<string, JsonObject>> change, TimeSpan later, string reason)
    {
        var objects = Objects();
        change(objects);

        var result = await Authenticator(objects, later).AuthenticateTokenAsync(token(), [], default);

        Assert.True(result.User is null, because);
        Assert.Contains(reason, result.Failure);
    }

    [Fact]
    public async Task Tokens_of_other_issuers_are_left_to_other_methods()
    {
        var foreign = JsonWebToken.Create(new JsonObject { ["iss"] = "https://accounts.example.com", ["sub"] = "x" }, Key);
        var result = await Authenticator(Objects()).AuthenticateTokenAsync(foreign, [], default);
        Assert.Same(TokenResult.NotMine, result);
    }

    [Fact]
    public async Task A_legacy_token_is_valid_while_its_secret_holds_it()
    {
        var objects = Objects();
        var token = new ServiceAccountTokenIssuer(Options, new FixedClock(Now)).IssueLegacy("ns1", "viewer", "sa-uid", "viewer-token-abcde");
        objects["secrets/ns1/viewer-token-abcde"] = new JsonObject
        {
            ["metadata"] = new JsonObject { ["uid"] = "s-uid" },
            ["data"] = new JsonObject { ["token"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(token)) },
        };
        var auth = Authenticator(objects);
        Assert.Equal("system:serviceaccount:ns1:viewer", (await auth.AuthenticateTokenAsync(token, [], default)).User?.Name);

        objects["secrets/ns1/viewer-token-abcde"]["data"]!["token"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("something else"));
        Assert.Contains("does not match the token in secret", (await auth.AuthenticateTokenAsync(token, [], default)).Failure);

        objects.Remove("secrets/ns1/viewer-token-abcde");
        Assert.Contains("not found", (await auth.AuthenticateTokenAsync(token, [], default)).Failure);
    }

    private static string Resign(string token, JwtKey key)
    {
        JsonWebToken.TryParse(token, out var jwt);
        return JsonWebToken.Create(jwt!.Payload, key);
    }

    private static string Tamper(string token)
    {
        var parts = token.Split('.');
        var payload = JsonNode.Parse(JsonWebToken.Decode(parts[1]))!;
        payload["sub"] = "system:serviceaccount:kube-system:admin";
        return parts[0] + "." + JsonWebToken.Encode(Encoding.UTF8.GetBytes(payload.ToJsonString())) + "." + parts[2];
    }
}
