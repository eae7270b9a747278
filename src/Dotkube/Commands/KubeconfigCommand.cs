using System.CommandLine;
using Dotkube.Machinery.Time;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using Dotkube.Kubeconfig;
using Dotkube.Pki;
using k8s;
using k8s.Models;

namespace Dotkube.Commands;

/// <summary>
/// <c>dotkube kubeconfig --user NAME [--group G]... [--ttl 24h] [-o FILE]</c>: a kubeconfig for a
/// user, with a short-lived client certificate obtained through the API the way a person would
/// (a CertificateSigningRequest to kubernetes.io/kube-apiserver-client, approved, signed), so the
/// certificate's lifetime is the course's answer to certificates that cannot be revoked.
/// </summary>
public static partial class KubeconfigCommand
{
    private const string Signer = "kubernetes.io/kube-apiserver-client";

    public static Command Create()
    {
        var user = new Option<string>("--user") { Description = "User name (the certificate's CN)", Required = true };
        var groups = new Option<string[]>("--group") { Description = "Group (an O of the certificate); repeatable" };
        var ttl = new Option<string>("--ttl") { Description = "Certificate lifetime (Go duration, at least 10m)", DefaultValueFactory = _ => "24h" };
        var output = new Option<string?>("--output", "-o") { Description = "File to write (mode 0600); default: standard output" };
        var dataDir = new Option<string>("--data-dir") { Description = "The server's data directory, for its admin kubeconfig", DefaultValueFactory = _ => "./.dotkube" };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Kubeconfig of a user allowed to create and approve CSRs (default: <data-dir>/kubeconfig)" };
        var command = new Command("kubeconfig", "Write a kubeconfig for a user, with a short-lived certificate issued through a CertificateSigningRequest")
        {
            user, groups, ttl, output, dataDir, kubeconfig,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (!GoDuration.TryParse(parse.GetValue(ttl)!, out var lifetime) || lifetime < TimeSpan.FromMinutes(10))
            {
                await Console.Error.WriteLineAsync($"error: --ttl must be a duration of at least 10m, got \"{parse.GetValue(ttl)}\"");
                return 2;
            }
            var adminConfig = parse.GetValue(kubeconfig) ?? Path.Combine(parse.GetValue(dataDir)!, KubeconfigWriter.FileName);
            try
            {
                var text = await IssueAsync(adminConfig, parse.GetValue(user)!, parse.GetValue(groups) ?? [], lifetime, ct);
                if (parse.GetValue(output) is { } file)
                {
                    AtomicFile.WritePrivate(Path.GetFullPath(file), text);
                }
                else
                {
                    await Console.Out.WriteAsync(text);
                }
                return 0;
            }
            catch (Exception e) when (e is k8s.Autorest.HttpOperationException or HttpRequestException or IOException or InvalidOperationException or k8s.Exceptions.KubeConfigException)
            {
                var detail = e is k8s.Autorest.HttpOperationException h ? h.Response.Content : e.Message;
                await Console.Error.WriteLineAsync($"error: {detail}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>Requests, approves and collects the certificate, and renders the kubeconfig.</summary>
    public static async Task<string> IssueAsync(string adminKubeconfig, string user, IReadOnlyList<string> groups, TimeSpan ttl, CancellationToken ct)
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(adminKubeconfig);
        using var client = new Kubernetes(config);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(user);
        foreach (var g in groups.Reverse())
        {
            subject.AddOrganizationName(g);
        }
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        var csrName = $"dotkube-{Sanitize(user)}-{RandomNumberGenerator.GetString("bcdfghjklmnpqrstvwxz2456789", 5)}";
        await client.CertificatesV1.CreateCertificateSigningRequestAsync(new V1CertificateSigningRequest
        {
            ApiVersion = "certificates.k8s.io/v1",
            Kind = "CertificateSigningRequest",
            Metadata = new V1ObjectMeta { Name = csrName },
            Spec = new V1CertificateSigningRequestSpec
            {
                Request = Encoding.ASCII.GetBytes(request.CreateSigningRequestPem()),
                SignerName = Signer,
                ExpirationSeconds = (int)ttl.TotalSeconds,
                Usages = ["digital signature", "client auth"],
            },
        }, cancellationToken: ct);
        var csr = await client.CertificatesV1.ReadCertificateSigningRequestAsync(csrName, cancellationToken: ct);
        csr.Status ??= new V1CertificateSigningRequestStatus();
        csr.Status.Conditions ??= [];
        csr.Status.Conditions.Add(new V1CertificateSigningRequestCondition
        {
            Type = "Approved",
            Status = "True",
            Reason = "DotkubeKubeconfig",
            Message = "This CSR was approved by dotkube kubeconfig.",
            LastUpdateTime = DateTime.UtcNow,
        });
        await client.CertificatesV1.ReplaceCertificateSigningRequestApprovalAsync(csr, csrName, cancellationToken: ct);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            csr = await client.CertificatesV1.ReadCertificateSigningRequestAsync(csrName, cancellationToken: ct);
            if (csr.Status?.Certificate is { Length: > 0 } pem)
            {
                using var issued = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(pem));
                using var withKey = issued.CopyWithPrivateKey(key);
                var ca = config.SslCaCerts?.Cast<X509Certificate2>().FirstOrDefault()
                    ?? throw new InvalidOperationException($"{adminKubeconfig} names no certificate authority");
                return KubeconfigWriter.Render(config.Host.TrimEnd('/'), ca, user, withKey);
            }
            if (csr.Status?.Conditions?.FirstOrDefault(c => c.Type is "Failed" or "Denied") is { } refused)
            {
                throw new InvalidOperationException($"certificate signing request {csrName} was {refused.Type.ToLowerInvariant()}: {refused.Message}");
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"certificate signing request {csrName} was approved but not signed within 30 s");
            }
            await Task.Delay(200, ct);
        }
    }

    private static string Sanitize(string user)
    {
        var s = NotNameChar().Replace(user.ToLowerInvariant(), "-").Trim('-', '.');
        return s.Length == 0 ? "user" : s.Length > 200 ? s[..200] : s;
    }

    [GeneratedRegex("[^a-z0-9.-]+")]
    private static partial Regex NotNameChar();
}
