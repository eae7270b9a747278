using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Dotkube.ApiServer.Authentication.Tokens;

/// <summary>
/// An RSA or ECDSA key that signs or verifies JWTs: RS256 for RSA, ES256/ES384/ES512 by curve
/// size for ECDSA. The key id is what kube-apiserver uses, the unpadded base64url SHA-256 of the
/// public key's DER SubjectPublicKeyInfo, so tokens name the key that verifies them.
/// </summary>
public sealed class JwtKey
{
    private readonly RSA? rsa;
    private readonly ECDsa? ecdsa;

    public JwtKey(AsymmetricAlgorithm key, string? keyId = null)
    {
        rsa = key as RSA;
        ecdsa = key as ECDsa;
        if (rsa is null && ecdsa is null)
        {
            throw new ArgumentException($"service account and OIDC keys must be RSA or ECDSA, not {key.GetType().Name}", nameof(key));
        }
        Algorithm = rsa is not null ? "RS256" : ecdsa!.KeySize switch
        {
            256 => "ES256",
            384 => "ES384",
            521 => "ES512",
            var n => throw new ArgumentException($"unsupported ECDSA key size {n}", nameof(key)),
        };
        KeyId = keyId ?? JsonWebToken.Encode(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
    }

    public string Algorithm { get; }

    public string KeyId { get; }

    private HashAlgorithmName Hash => Algorithm switch
    {
        "ES384" => HashAlgorithmName.SHA384,
        "ES512" => HashAlgorithmName.SHA512,
        _ => HashAlgorithmName.SHA256,
    };

    public byte[] Sign(byte[] input) => rsa is not null
        ? rsa.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
        : ecdsa!.SignData(input, Hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <summary>True when <paramref name="jwt"/> carries this key's algorithm and a valid signature by it.</summary>
    public bool Verify(JsonWebToken jwt)
    {
        if (jwt.Algorithm != Algorithm)
        {
            return false;
        }
        try
        {
            return rsa is not null
                ? rsa.VerifyData(jwt.SigningInput, jwt.Signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                : ecdsa!.VerifyData(jwt.SigningInput, jwt.Signature, Hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            // A malformed signature is a bad signature.
            return false;
        }
    }

    /// <summary>Whether any of <paramref name="keys"/> verifies the token, trying the one its kid names first.</summary>
    public static bool VerifyAny(JsonWebToken jwt, IReadOnlyList<JwtKey> keys) =>
        keys.OrderBy(k => k.KeyId == jwt.KeyId ? 0 : 1).Any(k => k.Verify(jwt));

    /// <summary>Loads every public or private key in a PEM file (PKCS#1, PKCS#8, SPKI, EC), as --service-account-key-file allows.</summary>
    public static IReadOnlyList<JwtKey> LoadPem(string path)
    {
        var text = File.ReadAllText(path);
        var keys = new List<JwtKey>();
        foreach (var block in PemBlocks(text))
        {
            if (block.Contains("CERTIFICATE", StringComparison.Ordinal))
            {
                using var cert = X509Certificate2.CreateFromPem(block);
                keys.Add(new JwtKey((AsymmetricAlgorithm?)cert.GetRSAPublicKey() ?? cert.GetECDsaPublicKey()
                    ?? throw new InvalidOperationException($"{path}: a certificate without an RSA or ECDSA key")));
                continue;
            }
            keys.Add(new JwtKey(ImportKey(block, path)));
        }
        if (keys.Count == 0)
        {
            throw new InvalidOperationException($"{path}: no PEM-encoded key found");
        }
        return keys;
    }

    /// <summary>The private key of a PEM file (--service-account-signing-key-file).</summary>
    public static JwtKey LoadPrivatePem(string path)
    {
        var block = PemBlocks(File.ReadAllText(path)).FirstOrDefault(b => b.Contains("PRIVATE KEY", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{path}: no PEM-encoded private key found");
        return new JwtKey(ImportKey(block, path));
    }

    private static AsymmetricAlgorithm ImportKey(string pem, string path)
    {
        if (pem.Contains("EC PRIVATE KEY", StringComparison.Ordinal))
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            return ec;
        }
        var r = RSA.Create();
        try
        {
            r.ImportFromPem(pem);
            return r;
        }
        catch (ArgumentException)
        {
            r.Dispose();
        }
        catch (CryptographicException)
        {
            r.Dispose();
        }
        var e = ECDsa.Create();
        try
        {
            e.ImportFromPem(pem);
            return e;
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            e.Dispose();
            throw new InvalidOperationException($"{path}: the PEM block is neither an RSA nor an ECDSA key: {ex.Message}", ex);
        }
    }

    private static IEnumerable<string> PemBlocks(string text)
    {
        var start = 0;
        while ((start = text.IndexOf("-----BEGIN ", start, StringComparison.Ordinal)) >= 0)
        {
            var endMarker = text.IndexOf("-----END ", start, StringComparison.Ordinal);
            if (endMarker < 0)
            {
                yield break;
            }
            var end = text.IndexOf("-----", endMarker + 9, StringComparison.Ordinal);
            if (end < 0)
            {
                yield break;
            }
            yield return text[start..(end + 5)];
            start = end + 5;
        }
    }
}
