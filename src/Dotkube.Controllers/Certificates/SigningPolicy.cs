namespace Dotkube.Controllers.Certificates;

/// <summary>
/// Upstream's PermissiveSigningPolicy as the in-tree signers configure it: the certificate starts
/// 5 minutes in the past (clock skew); a long-lived one (8 hours or more) also ends 5 minutes
/// early so its total life stays the TTL, while a short one ends a full TTL from now, since 5
/// minutes would be a large share of it. Nothing outlives the signing CA.
/// </summary>
public static class SigningPolicy
{
    public static readonly TimeSpan Backdate = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan Short = TimeSpan.FromHours(8);

    /// <summary>Lower bound on a requested duration: twice the backdate.</summary>
    public static readonly TimeSpan MinimumDuration = TimeSpan.FromMinutes(10);

    /// <summary>The TTL for a request: spec.expirationSeconds when given, capped by the signer's duration, at least 10 minutes.</summary>
    public static TimeSpan Duration(int? expirationSeconds, TimeSpan maximum)
    {
        if (expirationSeconds is not { } seconds)
        {
            return maximum;
        }
        var requested = TimeSpan.FromSeconds(seconds);
        return requested > maximum ? maximum : requested < MinimumDuration ? MinimumDuration : requested;
    }

    /// <summary>The validity window, or the reason it cannot be signed (the CA has expired).</summary>
    public static (DateTimeOffset NotBefore, DateTimeOffset NotAfter, string? Error) Window(DateTimeOffset now, TimeSpan ttl, DateTimeOffset caNotAfter)
    {
        var notBefore = now - Backdate;
        var notAfter = ttl < Short ? now + ttl : notBefore + ttl;
        if (notAfter >= caNotAfter)
        {
            notAfter = caNotAfter;
        }
        if (notBefore >= caNotAfter)
        {
            return (notBefore, notAfter, $"the signer has expired: NotAfter={caNotAfter.UtcDateTime:yyyy-MM-dd HH:mm:ss} +0000 UTC");
        }
        if (now >= caNotAfter)
        {
            return (notBefore, notAfter, $"refusing to sign a certificate that expired in the past: NotAfter={caNotAfter.UtcDateTime:yyyy-MM-dd HH:mm:ss} +0000 UTC");
        }
        return (notBefore, notAfter, null);
    }
}
