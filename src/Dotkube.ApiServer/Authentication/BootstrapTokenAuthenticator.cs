using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dotkube.ApiServer.Authentication.ServiceAccounts;

namespace Dotkube.ApiServer.Authentication;

/// <summary>
/// Bootstrap tokens (--enable-bootstrap-token-auth): <c>ID.SECRET</c> matched against the
/// <c>bootstrap.kubernetes.io/token</c> Secret <c>bootstrap-token-ID</c> in kube-system; the user is
/// <c>system:bootstrap:ID</c> in <c>system:bootstrappers</c> plus the Secret's auth-extra-groups.
/// </summary>
public sealed partial class BootstrapTokenAuthenticator(CoreObjectGetter get, TimeProvider clock, IReadOnlyList<string> apiAudiences) : ITokenAuthenticator
{
    public const string SecretType = "bootstrap.kubernetes.io/token";
    public const string Group = "system:bootstrappers";

    [GeneratedRegex("^([a-z0-9]{6})\\.([a-z0-9]{16})$")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$")]
    private static partial Regex ExtraGroupPattern();

    public async ValueTask<TokenResult> AuthenticateTokenAsync(string token, IReadOnlyList<string> audiences, CancellationToken ct)
    {
        var match = TokenPattern().Match(token);
        if (!match.Success)
        {
            return TokenResult.NotMine;
        }
        var id = match.Groups[1].Value;
        var name = "bootstrap-token-" + id;
        var secret = await get("secrets", "kube-system", name, ct);
        if (secret is null)
        {
            return TokenResult.Reject($"bootstrap token {id}: no secret kube-system/{name}");
        }
        if (secret["metadata"]?["deletionTimestamp"] is not null)
        {
            return TokenResult.Reject($"bootstrap token {id}: secret kube-system/{name} is being deleted");
        }
        if ((string?)secret["type"] != SecretType)
        {
            return TokenResult.Reject($"bootstrap token {id}: secret kube-system/{name} has type {(string?)secret["type"]}, not {SecretType}");
        }
        var data = secret["data"] as JsonObject;
        var secretId = Data(data, "token-id");
        var secretValue = Data(data, "token-secret");
        if (secretId != id)
        {
            return TokenResult.Reject($"bootstrap token {id}: secret kube-system/{name} holds token-id \"{secretId}\"");
        }
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secretValue), Encoding.UTF8.GetBytes(match.Groups[2].Value)))
        {
            return TokenResult.Reject($"bootstrap token {id}: the token secret does not match secret kube-system/{name}");
        }
        var expiration = Data(data, "expiration");
        if (expiration.Length > 0)
        {
            if (!DateTimeOffset.TryParse(expiration, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                return TokenResult.Reject($"bootstrap token {id}: unparseable expiration \"{expiration}\"");
            }
            if (at <= clock.GetUtcNow())
            {
                return TokenResult.Reject($"bootstrap token {id}: expired at {at:u}");
            }
        }
        if (Data(data, "usage-bootstrap-authentication") != "true")
        {
            return TokenResult.Reject($"bootstrap token {id}: secret kube-system/{name} is not marked usage-bootstrap-authentication=true");
        }
        var groups = new List<string> { Group };
        foreach (var g in Data(data, "auth-extra-groups").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!ExtraGroupPattern().IsMatch(g))
            {
                return TokenResult.Reject($"bootstrap token {id}: auth-extra-groups holds \"{g}\", which is not of the form system:bootstrappers:…");
            }
            if (!groups.Contains(g))
            {
                groups.Add(g);
            }
        }
        return TokenResult.AcceptAudienceAgnostic(new UserInfo("system:bootstrap:" + id, groups), audiences, apiAudiences);
    }

    private static string Data(JsonObject? data, string key)
    {
        if (data?[key] is not JsonValue v || !v.TryGetValue<string>(out var b64))
        {
            return "";
        }
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
