using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authentication.Tokens;

namespace Dotkube.ApiServer.Authentication.ServiceAccounts;

/// <summary>An object a bound token is tied to: the token dies with it.</summary>
/// <param name="Kind">Pod, Secret or Node.</param>
public sealed record BoundObject(string Kind, string Name, string Uid);

/// <summary>Signs service account JWTs: bound tokens (TokenRequest) and legacy Secret-based ones.</summary>
public sealed class ServiceAccountTokenIssuer(ServiceAccountTokenOptions options, TimeProvider clock)
{
    /// <summary>The expiration the projected token volume asks for; extended tokens warn after it.</summary>
    public const long ProjectedVolumeExpirationSeconds = 3607;

    private static readonly TimeSpan ExtendedExpiration = TimeSpan.FromDays(365);

    public ServiceAccountTokenOptions Options => options;

    /// <summary>A bound token (TokenRequest) and its expiry.</summary>
    public (string Token, DateTimeOffset ExpiresAt) IssueBound(
        string ns, string serviceAccount, string serviceAccountUid, IReadOnlyList<string> audiences,
        long expirationSeconds, BoundObject? bound, BoundObject? node)
    {
        var now = clock.GetUtcNow();
        var nowSeconds = now.ToUnixTimeSeconds();
        var lifetime = TimeSpan.FromSeconds(expirationSeconds);
        long? warnAfter = null;
        if (options.ExtendExpiration && bound?.Kind == "Pod" && expirationSeconds == ProjectedVolumeExpirationSeconds)
        {
            warnAfter = nowSeconds + expirationSeconds;
            lifetime = ExtendedExpiration;
        }
        var expires = DateTimeOffset.FromUnixTimeSeconds(nowSeconds) + lifetime;
        var k8s = new JsonObject
        {
            ["namespace"] = ns,
            ["serviceaccount"] = new JsonObject { ["name"] = serviceAccount, ["uid"] = serviceAccountUid },
        };
        if (bound is not null && bound.Kind != "Node")
        {
            k8s[bound.Kind.ToLowerInvariant()] = new JsonObject { ["name"] = bound.Name, ["uid"] = bound.Uid };
        }
        if (node is not null)
        {
            k8s["node"] = new JsonObject { ["name"] = node.Name, ["uid"] = node.Uid };
        }
        if (warnAfter is not null)
        {
            k8s["warnafter"] = warnAfter.Value;
        }
        var payload = new JsonObject
        {
            ["aud"] = new JsonArray([.. audiences.Select(a => (JsonNode)JsonValue.Create(a))]),
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["iat"] = nowSeconds,
            ["iss"] = options.Issuers[0],
            ["jti"] = Guid.NewGuid().ToString(),
            ["kubernetes.io"] = k8s,
            ["nbf"] = nowSeconds,
            ["sub"] = ServiceAccountNames.Username(ns, serviceAccount),
        };
        return (JsonWebToken.Create(payload, options.SigningKey), expires);
    }

    /// <summary>A legacy, non-expiring token for a <c>kubernetes.io/service-account-token</c> Secret.</summary>
    public string IssueLegacy(string ns, string serviceAccount, string serviceAccountUid, string secretName) =>
        JsonWebToken.Create(new JsonObject
        {
            ["iss"] = ServiceAccountTokenOptions.LegacyIssuer,
            ["kubernetes.io/serviceaccount/namespace"] = ns,
            ["kubernetes.io/serviceaccount/secret.name"] = secretName,
            ["kubernetes.io/serviceaccount/service-account.name"] = serviceAccount,
            ["kubernetes.io/serviceaccount/service-account.uid"] = serviceAccountUid,
            ["sub"] = ServiceAccountNames.Username(ns, serviceAccount),
        }, options.SigningKey);
}
