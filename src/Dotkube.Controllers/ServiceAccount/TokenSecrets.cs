using System.Security.Cryptography;
using System.Text;
using k8s.Models;

namespace Dotkube.Controllers.ServiceAccount;

/// <summary>What a <c>kubernetes.io/service-account-token</c> Secret must hold, and whose it is.</summary>
public static class TokenSecrets
{
    public const string SecretType = "kubernetes.io/service-account-token";
    public const string NameAnnotation = "kubernetes.io/service-account.name";
    public const string UidAnnotation = "kubernetes.io/service-account.uid";
    public const string TokenKey = "token";
    public const string CaKey = "ca.crt";
    public const string NamespaceKey = "namespace";

    // Upstream's name suffix alphabet (utilrand.String): no vowels, no confusable digits.
    private const string SuffixAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static bool IsTokenSecret(V1Secret secret) => secret.Type == SecretType;

    public static string AccountName(V1Secret secret) => Annotation(secret, NameAnnotation);

    /// <summary>Whether the secret is a token of this very account: its name, and its uid when the secret records one.</summary>
    public static bool IsTokenFor(V1Secret secret, V1ServiceAccount sa) =>
        IsTokenSecret(secret)
        && secret.Metadata.NamespaceProperty == sa.Metadata.NamespaceProperty
        && AccountName(secret) == sa.Metadata.Name
        && Annotation(secret, UidAnnotation) is var uid && (uid.Length == 0 || uid == sa.Metadata.Uid);

    /// <summary>Upstream's generateTokenIfNeeded test: a CA that differs from the bundle, or no namespace, or no token.</summary>
    public static bool NeedsPopulating(V1Secret secret, string? rootCaPem)
    {
        var data = secret.Data;
        return (!string.IsNullOrEmpty(rootCaPem) && !BytesEqual(data, CaKey, rootCaPem))
            || data is null || !data.TryGetValue(NamespaceKey, out var ns) || ns.Length == 0
            || !data.TryGetValue(TokenKey, out var token) || token.Length == 0;
    }

    /// <summary>Fills in ca.crt, namespace and (if missing) a token, and records the account's name and uid.</summary>
    public static void Populate(V1Secret secret, V1ServiceAccount sa, string? rootCaPem, LegacyTokenGenerator generate)
    {
        var ns = sa.Metadata.NamespaceProperty ?? "";
        secret.Data ??= new Dictionary<string, byte[]>();
        if (!string.IsNullOrEmpty(rootCaPem))
        {
            secret.Data[CaKey] = Encoding.UTF8.GetBytes(rootCaPem);
        }
        secret.Data[NamespaceKey] = Encoding.UTF8.GetBytes(ns);
        if (!secret.Data.TryGetValue(TokenKey, out var token) || token.Length == 0)
        {
            secret.Data[TokenKey] = Encoding.UTF8.GetBytes(generate(ns, sa.Metadata.Name, sa.Metadata.Uid ?? "", secret.Metadata.Name));
        }
        secret.Metadata.Annotations ??= new Dictionary<string, string>();
        secret.Metadata.Annotations[NameAnnotation] = sa.Metadata.Name;
        secret.Metadata.Annotations[UidAnnotation] = sa.Metadata.Uid ?? "";
    }

    /// <summary>A new token Secret for the account, named <c>NAME-token-xxxxx</c> as before Kubernetes 1.24.</summary>
    public static V1Secret New(V1ServiceAccount sa, string? rootCaPem, LegacyTokenGenerator generate)
    {
        var prefix = sa.Metadata.Name.Length > 240 ? sa.Metadata.Name[..240] : sa.Metadata.Name;
        var secret = new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Type = SecretType,
            Metadata = new V1ObjectMeta
            {
                Name = $"{prefix}-token-{RandomNumberGenerator.GetString(SuffixAlphabet, 5)}",
                NamespaceProperty = sa.Metadata.NamespaceProperty,
            },
        };
        Populate(secret, sa, rootCaPem, generate);
        return secret;
    }

    private static string Annotation(V1Secret secret, string key) =>
        secret.Metadata.Annotations?.TryGetValue(key, out var v) == true ? v : "";

    private static bool BytesEqual(IDictionary<string, byte[]>? data, string key, string text) =>
        data is not null && data.TryGetValue(key, out var bytes) && bytes.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(text));
}
