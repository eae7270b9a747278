using System.Text;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authentication.Tokens;

namespace Dotkube.ApiServer.Authentication.ServiceAccounts;

/// <summary>
/// Service account JWTs: bound tokens (issuer one of --service-account-issuer, audience checked,
/// expiry checked, the service account and any bound pod/secret/node still there with the same
/// uid) and legacy Secret tokens (issuer kubernetes/serviceaccount, still equal to the token in
/// their Secret). Tokens of any other issuer are left to the next method.
/// </summary>
public sealed class ServiceAccountTokenAuthenticator(ServiceAccountTokenOptions options, CoreObjectGetter get, TimeProvider clock) : ITokenAuthenticator
{
    private const string CredentialIdKey = "authentication.kubernetes.io/credential-id";

    public async ValueTask<TokenResult> AuthenticateTokenAsync(string token, IReadOnlyList<string> audiences, CancellationToken ct)
    {
        if (!JsonWebToken.TryParse(token, out var jwt))
        {
            return TokenResult.NotMine;
        }
        var legacy = jwt!.Issuer == ServiceAccountTokenOptions.LegacyIssuer;
        if (!legacy && !options.Issuers.Contains(jwt.Issuer ?? ""))
        {
            return TokenResult.NotMine;
        }
        if (!JwtKey.VerifyAny(jwt, options.VerificationKeys))
        {
            return TokenResult.Reject($"service account token (issuer {jwt.Issuer}) has an invalid signature: no service account key verifies it");
        }
        return legacy ? await LegacyAsync(jwt, token, audiences, ct) : await BoundAsync(jwt, audiences, ct);
    }

    private async Task<TokenResult> BoundAsync(JsonWebToken jwt, IReadOnlyList<string> audiences, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (jwt.ExpiresAt is not { } exp)
        {
            return TokenResult.Reject("service account token has no expiry (exp)");
        }
        if (now >= exp)
        {
            return TokenResult.Reject($"service account token has expired (exp {exp:u}, now {now:u})");
        }
        if (jwt.NotBefore is { } nbf && now < nbf)
        {
            return TokenResult.Reject($"service account token is not valid yet (nbf {nbf:u})");
        }
        var wanted = audiences.Count > 0 ? audiences : options.ApiAudiences;
        var common = jwt.Audiences.Where(wanted.Contains).ToList();
        if (common.Count == 0)
        {
            return TokenResult.Reject($"service account token audiences [{string.Join(" ", jwt.Audiences)}] are invalid for the target audiences [{string.Join(" ", wanted)}]");
        }
        if (jwt.Payload["kubernetes.io"] is not JsonObject claims)
        {
            return TokenResult.Reject("service account token has no kubernetes.io claim");
        }
        var ns = JsonWebToken.Str(claims, "namespace") ?? "";
        var saName = JsonWebToken.Str(claims["serviceaccount"] as JsonObject, "name") ?? "";
        var saUid = JsonWebToken.Str(claims["serviceaccount"] as JsonObject, "uid") ?? "";
        if (ns.Length == 0 || saName.Length == 0)
        {
            return TokenResult.Reject("service account token names no namespace or service account");
        }
        if (await LiveAsync("serviceaccounts", "service account", ns, saName, saUid, ct) is { } saFailure)
        {
            return TokenResult.Reject(saFailure);
        }
        var extra = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var (kind, resource) in new[] { ("pod", "pods"), ("secret", "secrets"), ("node", "nodes") })
        {
            if (claims[kind] is not JsonObject bound)
            {
                continue;
            }
            var name = JsonWebToken.Str(bound, "name") ?? "";
            var uid = JsonWebToken.Str(bound, "uid") ?? "";
            // A node-bound token only names the node for a pod-bound one; it is checked when it is the binding itself.
            if (kind != "node" || claims["pod"] is null)
            {
                if (await LiveAsync(resource, kind, kind == "node" ? "" : ns, name, uid, ct) is { } failure)
                {
                    return TokenResult.Reject(failure);
                }
            }
            if (kind is "pod" or "node")
            {
                extra[$"authentication.kubernetes.io/{kind}-name"] = [name];
                extra[$"authentication.kubernetes.io/{kind}-uid"] = [uid];
            }
        }
        if (jwt.Id is { Length: > 0 } jti)
        {
            extra[CredentialIdKey] = [$"JTI={jti}"];
        }
        var user = new UserInfo(ServiceAccountNames.Username(ns, saName), [.. ServiceAccountNames.Groups(ns)], saUid, extra.Count > 0 ? extra : null);
        return TokenResult.Accept(user, common);
    }

    private async Task<TokenResult> LegacyAsync(JsonWebToken jwt, string token, IReadOnlyList<string> audiences, CancellationToken ct)
    {
        var ns = JsonWebToken.Str(jwt.Payload, "kubernetes.io/serviceaccount/namespace") ?? "";
        var secretName = JsonWebToken.Str(jwt.Payload, "kubernetes.io/serviceaccount/secret.name") ?? "";
        var saName = JsonWebToken.Str(jwt.Payload, "kubernetes.io/serviceaccount/service-account.name") ?? "";
        var saUid = JsonWebToken.Str(jwt.Payload, "kubernetes.io/serviceaccount/service-account.uid") ?? "";
        if (ns.Length == 0 || secretName.Length == 0 || saName.Length == 0)
        {
            return TokenResult.Reject("legacy service account token lacks its namespace, secret or service account claim");
        }
        var secret = await get("secrets", ns, secretName, ct);
        if (secret is null)
        {
            return TokenResult.Reject($"legacy service account token: secret {ns}/{secretName} not found");
        }
        if (IsDeleting(secret))
        {
            return TokenResult.Reject($"legacy service account token: secret {ns}/{secretName} is being deleted");
        }
        var stored = secret["data"]?["token"] is JsonValue v && v.TryGetValue<string>(out var b64) ? Decode(b64) : "";
        if (stored != token)
        {
            return TokenResult.Reject($"legacy service account token does not match the token in secret {ns}/{secretName}");
        }
        if (await LiveAsync("serviceaccounts", "service account", ns, saName, saUid, ct) is { } failure)
        {
            return TokenResult.Reject("legacy service account token: " + failure);
        }
        // Legacy tokens carry no jti, so no credential id.
        var user = new UserInfo(ServiceAccountNames.Username(ns, saName), [.. ServiceAccountNames.Groups(ns)], saUid);
        return TokenResult.AcceptAudienceAgnostic(user, audiences, options.ApiAudiences);
    }

    /// <summary>Why the object a token names is no longer the one it was issued for, or null when it is.</summary>
    private async Task<string?> LiveAsync(string resource, string what, string ns, string name, string uid, CancellationToken ct)
    {
        var obj = await get(resource, ns, name, ct);
        var full = ns.Length > 0 ? $"{ns}/{name}" : name;
        if (obj is null)
        {
            return $"{what} {full} the token is bound to has been deleted";
        }
        var actualUid = JsonWebToken.Str(obj["metadata"] as JsonObject, "uid") ?? "";
        if (uid.Length > 0 && actualUid != uid)
        {
            return $"{what} {full} UID ({actualUid}) does not match the token's claim ({uid})";
        }
        if (IsDeleting(obj))
        {
            return $"{what} {full} the token is bound to is being deleted";
        }
        return null;
    }

    /// <summary>
    /// Deleted for the token's purposes once the deletion timestamp has passed: a pod in its grace
    /// period keeps a working token until it is up, as upstream.
    /// </summary>
    private bool IsDeleting(JsonObject obj) =>
        JsonWebToken.Str(obj["metadata"] as JsonObject, "deletionTimestamp") is { } ts
        && (!DateTimeOffset.TryParse(ts, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            || at <= clock.GetUtcNow());

    private static string Decode(string b64)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(b64));
        }
        catch (FormatException)
        {
            return "";
        }
    }
}
