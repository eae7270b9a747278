using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Dotkube.Controllers.Certificates;
using Dotkube.Pki;

namespace Dotkube.Commands;

/// <summary>
/// kube-controller-manager's CSR signing CA flags: --cluster-signing-cert-file/--cluster-signing-key-file
/// for every signer, or one pair per signer (--cluster-signing-kubelet-serving-cert-file, ...);
/// without any, the cluster CA signs.
/// </summary>
public sealed class CsrSigningFlags
{
    private static readonly (string Flag, string Signer)[] PerSigner =
    [
        ("kubelet-serving", CsrSigner.KubeletServingSigner),
        ("kubelet-client", CsrSigner.KubeletClientSigner),
        ("kube-apiserver-client", CsrSigner.ClientSigner),
        ("legacy-unknown", CsrSigner.LegacyUnknownSigner),
    ];

    private readonly Option<string?> certFile = new("--cluster-signing-cert-file") { Description = "PEM CA certificate every CSR signer signs with (default: the cluster CA)" };
    private readonly Option<string?> keyFile = new("--cluster-signing-key-file") { Description = "PEM private key of --cluster-signing-cert-file" };
    private readonly (Option<string?> Cert, Option<string?> Key, string Signer)[] perSigner = [.. PerSigner.Select(p => (
        new Option<string?>($"--cluster-signing-{p.Flag}-cert-file") { Description = $"PEM CA certificate of the {p.Signer} signer" },
        new Option<string?>($"--cluster-signing-{p.Flag}-key-file") { Description = $"PEM private key of the {p.Signer} signer" },
        p.Signer))];

    public void AddTo(Command command)
    {
        command.Options.Add(certFile);
        command.Options.Add(keyFile);
        foreach (var (cert, key, _) in perSigner)
        {
            command.Options.Add(cert);
            command.Options.Add(key);
        }
    }

    /// <summary>The files given, or the first flag error (upstream's rules: pairs complete, global and per-signer not mixed).</summary>
    public (CsrSigningFiles? Files, string? Error) Read(ParseResult parse)
    {
        var global = (parse.GetValue(certFile), parse.GetValue(keyFile));
        if ((global.Item1 is null) != (global.Item2 is null))
        {
            return (null, "cannot specify --cluster-signing-cert-file without --cluster-signing-key-file, or the reverse");
        }
        var signers = new Dictionary<string, (string Cert, string Key)>();
        foreach (var (cert, key, signer) in perSigner)
        {
            var (c, k) = (parse.GetValue(cert), parse.GetValue(key));
            if ((c is null) != (k is null))
            {
                return (null, $"{cert.Name} and {key.Name} must be specified together");
            }
            if (c is not null)
            {
                signers[signer] = (c, k!);
            }
        }
        if (global.Item1 is not null && signers.Count > 0)
        {
            return (null, "cannot specify --cluster-signing-{cert,key}-file and other --cluster-signing-*-file flags at the same time");
        }
        return (new CsrSigningFiles(global.Item1 is null ? null : (global.Item1, global.Item2!), signers), null);
    }
}

/// <summary>The signing CA files from the flags.</summary>
public sealed record CsrSigningFiles((string Cert, string Key)? Global, IReadOnlyDictionary<string, (string Cert, string Key)> Signers)
{
    public static readonly CsrSigningFiles None = new(null, new Dictionary<string, (string, string)>());

    /// <summary>The csrsigning options: the global files or the cluster CA for every signer, per-signer files where given.</summary>
    public CsrSigningOptions Build(ClusterPki pki, TimeSpan duration) => new()
    {
        Authority = Global is { } g ? Load(g) : SigningAuthority.From(pki.CaCertificateWithKey),
        SignerAuthorities = Signers.ToDictionary(kv => kv.Key, kv => Load(kv.Value)),
        Duration = duration,
    };

    private static SigningAuthority Load((string Cert, string Key) files)
    {
        try
        {
            return SigningAuthority.From(X509Certificate2.CreateFromPemFile(files.Cert, files.Key));
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException($"error reading CSR signing CA {files.Cert}/{files.Key}: {e.Message}", e);
        }
    }
}
