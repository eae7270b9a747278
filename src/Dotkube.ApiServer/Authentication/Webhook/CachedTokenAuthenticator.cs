using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Dotkube.ApiServer.Authentication.Webhook;

/// <summary>
/// Upstream's token cache in front of the webhook (--authentication-token-webhook-cache-ttl):
/// accepted tokens and plainly unauthenticated ones are remembered for the TTL, keyed by a hash
/// of the audiences and the token (never the token itself); refusals with an error are not, so a
/// webhook outage is retried on the next request.
/// </summary>
public sealed class CachedTokenAuthenticator(ITokenAuthenticator inner, TimeSpan ttl, TimeProvider clock) : ITokenAuthenticator
{
    /// <summary>Upstream's cache holds 4096 entries; past that, expired entries go first, then all.</summary>
    public const int Capacity = 4096;

    private readonly ConcurrentDictionary<string, (TokenResult Result, DateTimeOffset Expires)> entries = new();

    public int Count => entries.Count;

    public async ValueTask<TokenResult> AuthenticateTokenAsync(string token, IReadOnlyList<string> audiences, CancellationToken cancellationToken)
    {
        if (ttl <= TimeSpan.Zero)
        {
            return await inner.AuthenticateTokenAsync(token, audiences, cancellationToken);
        }
        var key = Key(token, audiences);
        var now = clock.GetUtcNow();
        if (entries.TryGetValue(key, out var hit) && now < hit.Expires)
        {
            return hit.Result;
        }
        var result = await inner.AuthenticateTokenAsync(token, audiences, cancellationToken);
        if (result.Failure is null)
        {
            if (entries.Count >= Capacity)
            {
                Evict(now);
            }
            entries[key] = (result, now + ttl);
        }
        else
        {
            entries.TryRemove(key, out _);
        }
        return result;
    }

    private void Evict(DateTimeOffset now)
    {
        foreach (var (key, entry) in entries)
        {
            if (entry.Expires <= now)
            {
                entries.TryRemove(key, out _);
            }
        }
        if (entries.Count >= Capacity)
        {
            entries.Clear();
        }
    }

    private static string Key(string token, IReadOnlyList<string> audiences)
    {
        var material = new StringBuilder();
        foreach (var audience in audiences)
        {
            material.Append(audience.Length).Append(':').Append(audience);
        }
        material.Append('|').Append(token);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(material.ToString())));
    }
}
