using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Lifecycle;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Certificates;
using Dotkube.Machinery.Errors;
using Microsoft.Extensions.Logging;

namespace Dotkube.ApiServer.Controllers;

/// <summary>Signs a client certificate for a key someone else holds (the cluster CA).</summary>
public delegate X509Certificate2 ClientCertificateSigner(
    PublicKey subjectPublicKey, string commonName, IReadOnlyList<string> organizations, DateTimeOffset notBefore, DateTimeOffset notAfter);

/// <summary>
/// kube-controller-manager's csrsigning controller for the two client signers: an approved
/// request to <c>kubernetes.io/kube-apiserver-client</c> (any subject, client auth) or
/// <c>kubernetes.io/kube-apiserver-client-kubelet</c> (<c>system:node:NAME</c> in
/// <c>system:nodes</c>) gets a certificate from the cluster CA for min(expirationSeconds,
/// --cluster-signing-duration); a request it cannot honour gets a Failed condition.
/// </summary>
public sealed class CsrSigningController(IObjectStores stores, ClientCertificateSigner sign, TimeSpan maxDuration, TimeProvider clock, ILogger logger)
{
    public const string ClientSigner = "kubernetes.io/kube-apiserver-client";
    public const string KubeletClientSigner = "kubernetes.io/kube-apiserver-client-kubelet";

    // Certificates start a little in the past, for clients whose clock is behind (upstream's backdate).
    private static readonly TimeSpan Backdate = TimeSpan.FromMinutes(5);

    private GenericStore Requests => stores.For(stores.Registry.Find(CertificateSigningRequestResource.GroupName, "v1", "certificatesigningrequests")!);

    public Task RunAsync(CancellationToken ct) => ReconcileLoop.RunAsync("csrsigning-controller", [Requests], ReconcileAllAsync, logger, ct);

    public async Task ReconcileAllAsync(CancellationToken ct)
    {
        var pending = await Requests.ListAsync("", new ListQuery(o =>
            ObjectJson.GetString(o["spec"], "signerName") is ClientSigner or KubeletClientSigner
            && CertificateSigningRequestValidation.IsApproved(o)
            && !CertificateSigningRequestValidation.HasTrue(o, "Failed")
            && string.IsNullOrEmpty(ObjectJson.GetString(o["status"], "certificate"))), ct);
        foreach (var csr in pending.Items)
        {
            var name = ObjectJson.Name(csr);
            var (certificate, failure) = Sign(csr);
            try
            {
                await Requests.UpdateAsync("", name, obj =>
                {
                    var status = obj["status"] as JsonObject ?? [];
                    obj["status"] = status;
                    if (certificate is not null)
                    {
                        status["certificate"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(certificate.ExportCertificatePem() + "\n"));
                    }
                    else
                    {
                        var conditions = status["conditions"] as JsonArray ?? [];
                        status["conditions"] = conditions;
                        var now = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                        conditions.Add(new JsonObject
                        {
                            ["type"] = "Failed",
                            ["status"] = "True",
                            ["reason"] = "SignerValidationFailure",
                            ["message"] = failure,
                            ["lastUpdateTime"] = now,
                            ["lastTransitionTime"] = now,
                        });
                    }
                    ObjectJson.Metadata(obj).Remove("resourceVersion");
                    return obj;
                }, UpdateTarget.Status, WriteOptions.Internal, ct);
            }
            catch (StatusException e) when (e.Reason is "NotFound" or "Conflict")
            {
                continue;
            }
            finally
            {
                certificate?.Dispose();
            }
            if (certificate is not null)
            {
                logger.LogInformation("signed certificate signing request {Name}", name);
            }
            else
            {
                logger.LogInformation("certificate signing request {Name} failed: {Reason}", name, failure);
            }
        }
    }

    private (X509Certificate2? Certificate, string Failure) Sign(JsonObject csr)
    {
        var request = CertificateSigningRequestValidation.ParseRequest(csr, out var error);
        if (request is null)
        {
            return (null, $"invalid certificate request: {error}");
        }
        var spec = (JsonObject)csr["spec"]!;
        var signer = ObjectJson.GetString(spec, "signerName");
        var usages = (spec["usages"] as JsonArray ?? []).Select(u => u?.GetValue<string>() ?? "").ToHashSet();
        var allowed = signer == ClientSigner
            ? new HashSet<string> { "digital signature", "key encipherment", "client auth" }
            : ["digital signature", "key encipherment", "client auth"];
        if (!usages.Contains("client auth") || !usages.IsSubsetOf(allowed))
        {
            return (null, $"invalid usage for client certificate: [{string.Join(" ", usages)}] (must include client auth, and allow only digital signature, key encipherment, client auth)");
        }
        var cn = request.SubjectName.GetSingle("2.5.4.3");
        var orgs = request.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(r => r.GetSingleElementType().Value == "2.5.4.10").Select(r => r.GetSingleElementValue() ?? "").ToList();
        if (cn.Length == 0)
        {
            return (null, "the certificate request's subject has no common name");
        }
        if (signer == KubeletClientSigner && (!cn.StartsWith("system:node:", StringComparison.Ordinal) || orgs is not ["system:nodes"]))
        {
            return (null, "subject must be CN=system:node:<name>, O=system:nodes for the kubelet client signer");
        }
        var now = clock.GetUtcNow();
        var duration = ObjectJson.TryGetLong(spec["expirationSeconds"], out var seconds) && TimeSpan.FromSeconds(seconds) < maxDuration
            ? TimeSpan.FromSeconds(seconds)
            : maxDuration;
        return (sign(request.PublicKey, cn, orgs, now - Backdate, now + duration), "");
    }
}

internal static class DistinguishedNameExtensions
{
    public static string GetSingle(this X500DistinguishedName name, string oid) =>
        name.EnumerateRelativeDistinguishedNames().Where(r => r.GetSingleElementType().Value == oid)
            .Select(r => r.GetSingleElementValue() ?? "").FirstOrDefault() ?? "";
}
