using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authentication.Tokens;

namespace Dotkube.ApiServer.Authentication;

/// <summary>
/// OpenID Connect ID tokens: issued by --oidc-issuer-url (other issuers are left to the next
/// method), signed by a key of the issuer's JWKS (found through its discovery document and
/// fetched again when a token names an unknown key), for --oidc-client-id, unexpired.
/// </summary>
public sealed class OidcAuthenticator(OidcOptions options, HttpClient http, TimeProvider clock) : ITokenAuthenticator
{
    private static readonly TimeSpan RefetchInterval = TimeSpan.FromSeconds(10);
    private readonly SemaphoreSlim fetchLock = new(1, 1);
    private IReadOnlyList<JwtKey> keys = [];
    private DateTimeOffset lastFetch = DateTimeOffset.MinValue;

    public async ValueTask<TokenResult> AuthenticateTokenAsync(string token, IReadOnlyList<string> audiences, CancellationToken ct)
    {
        if (!JsonWebToken.TryParse(token, out var jwt) || jwt!.Issuer != options.IssuerUrl)
        {
            return TokenResult.NotMine;
        }
        if (!options.SigningAlgorithms.Contains(jwt.Algorithm))
        {
            return TokenResult.Reject($"oidc: token signed with {jwt.Algorithm}, not one of the allowed algorithms [{string.Join(" ", options.SigningAlgorithms)}]");
        }
        var current = keys;
        if (!current.Any(k => k.KeyId == jwt.KeyId) || !JwtKey.VerifyAny(jwt, current))
        {
            try
            {
                current = await RefreshAsync(ct);
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or System.Text.Json.JsonException or TaskCanceledException)
            {
                return TokenResult.Reject($"oidc: could not fetch the signing keys of {options.IssuerUrl}: {e.Message}");
            }
        }
        if (!JwtKey.VerifyAny(jwt, current))
        {
            return TokenResult.Reject($"oidc: token signature does not verify with any key of {options.IssuerUrl}");
        }
        var now = clock.GetUtcNow();
        if (jwt.ExpiresAt is not { } exp || now >= exp)
        {
            return TokenResult.Reject($"oidc: token is expired (exp {jwt.ExpiresAt:u}, now {now:u})");
        }
        if (jwt.NotBefore is { } nbf && now < nbf)
        {
            return TokenResult.Reject($"oidc: token is not valid yet (nbf {nbf:u})");
        }
        if (!jwt.Audiences.Contains(options.ClientId))
        {
            return TokenResult.Reject($"oidc: expected audience \"{options.ClientId}\" got [{string.Join(" ", jwt.Audiences)}]");
        }
        foreach (var (claim, value) in options.RequiredClaims)
        {
            if (JsonWebToken.Str(jwt.Payload, claim) != value)
            {
                return TokenResult.Reject($"oidc: required claim {claim} not present or not \"{value}\"");
            }
        }
        var username = JsonWebToken.Str(jwt.Payload, options.UsernameClaim);
        if (string.IsNullOrEmpty(username))
        {
            return TokenResult.Reject($"oidc: claim \"{options.UsernameClaim}\" not present or not a string");
        }
        if (options.UsernameClaim == "email" && jwt.Payload["email_verified"] is { } verified
            && !(verified is JsonValue v && v.TryGetValue<bool>(out var ok) && ok))
        {
            return TokenResult.Reject("oidc: email not verified");
        }
        var groups = new List<string>();
        if (options.GroupsClaim.Length > 0)
        {
            switch (jwt.Payload[options.GroupsClaim])
            {
                case null:
                    break;
                case JsonValue g when g.TryGetValue<string>(out var one):
                    groups.Add(options.GroupsPrefix + one);
                    break;
                case JsonArray many when many.All(x => x is JsonValue xv && xv.TryGetValue<string>(out _)):
                    groups.AddRange(many.Select(x => options.GroupsPrefix + x!.GetValue<string>()));
                    break;
                default:
                    return TokenResult.Reject($"oidc: claim \"{options.GroupsClaim}\" is neither a string nor an array of strings");
            }
        }
        return TokenResult.Accept(new UserInfo(options.EffectiveUsernamePrefix + username, groups), audiences);
    }

    private async Task<IReadOnlyList<JwtKey>> RefreshAsync(CancellationToken ct)
    {
        await fetchLock.WaitAsync(ct);
        try
        {
            if (clock.GetUtcNow() - lastFetch < RefetchInterval && keys.Count > 0)
            {
                return keys;
            }
            var discoveryUrl = options.IssuerUrl.TrimEnd('/') + "/.well-known/openid-configuration";
            var discovery = JsonNode.Parse(await http.GetStringAsync(discoveryUrl, ct)) as JsonObject
                ?? throw new InvalidOperationException($"{discoveryUrl} is not a JSON object");
            if (JsonWebToken.Str(discovery, "issuer") != options.IssuerUrl)
            {
                throw new InvalidOperationException($"{discoveryUrl} names issuer \"{JsonWebToken.Str(discovery, "issuer")}\", not \"{options.IssuerUrl}\"");
            }
            var jwksUri = JsonWebToken.Str(discovery, "jwks_uri") ?? throw new InvalidOperationException($"{discoveryUrl} has no jwks_uri");
            var jwks = JsonNode.Parse(await http.GetStringAsync(jwksUri, ct)) as JsonObject;
            keys = [.. (jwks?["keys"] as JsonArray ?? []).OfType<JsonObject>().Select(FromJwk).OfType<JwtKey>()];
            lastFetch = clock.GetUtcNow();
            return keys;
        }
        finally
        {
            fetchLock.Release();
        }
    }

    /// <summary>An RSA or EC signing key from a JWK; null for keys of other types or uses.</summary>
    public static JwtKey? FromJwk(JsonObject jwk)
    {
        if (JsonWebToken.Str(jwk, "use") is { } use && use != "sig")
        {
            return null;
        }
        var kid = JsonWebToken.Str(jwk, "kid");
        switch (JsonWebToken.Str(jwk, "kty"))
        {
            case "RSA":
                var rsa = RSA.Create();
                rsa.ImportParameters(new RSAParameters
                {
                    Modulus = JsonWebToken.Decode(JsonWebToken.Str(jwk, "n") ?? ""),
                    Exponent = JsonWebToken.Decode(JsonWebToken.Str(jwk, "e") ?? ""),
                });
                return new JwtKey(rsa, kid);
            case "EC":
                var curve = JsonWebToken.Str(jwk, "crv") switch
                {
                    "P-256" => ECCurve.NamedCurves.nistP256,
                    "P-384" => ECCurve.NamedCurves.nistP384,
                    "P-521" => ECCurve.NamedCurves.nistP521,
                    _ => (ECCurve?)null,
                };
                if (curve is null)
                {
                    return null;
                }
                var ec = ECDsa.Create(new ECParameters
                {
                    Curve = curve.Value,
                    Q = new ECPoint
                    {
                        X = JsonWebToken.Decode(JsonWebToken.Str(jwk, "x") ?? ""),
                        Y = JsonWebToken.Decode(JsonWebToken.Str(jwk, "y") ?? ""),
                    },
                });
                return new JwtKey(ec, kid);
            default:
                return null;
        }
    }
}
