using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Dotkube.Controllers.Certificates;
using k8s.Models;

namespace Dotkube.Controllers.Tests.Certificates;

public sealed class CsrSignerTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly ECDsa caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 ca;

    public CsrSignerTests()
    {
        var request = new CertificateRequest("CN=test-ca", caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        ca = request.CreateSelfSigned(Now.AddYears(-1), Now.AddYears(1));
    }

    public void Dispose()
    {
        ca.Dispose();
        caKey.Dispose();
    }

    private CsrSigner Signer(TimeSpan? duration = null) =>
        new(new CsrSigningOptions { Duration = duration ?? TimeSpan.FromHours(8760), Authority = SigningAuthority.From(ca) });

    private static V1CertificateSigningRequest Csr(string subject, string signer = CsrSigner.ClientSigner, string[]? usages = null, int? expiration = 3600, params string[] conditions)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new V1CertificateSigningRequest
        {
            Metadata = new V1ObjectMeta { Name = "jean" },
            Spec = new V1CertificateSigningRequestSpec
            {
                Request = Encoding.ASCII.GetBytes(new CertificateRequest(subject, key, HashAlgorithmName.SHA256).CreateSigningRequestPem()),
                SignerName = signer,
                ExpirationSeconds = expiration,
                Usages = usages ?? ["digital signature", "client auth"],
            },
            Status = new V1CertificateSigningRequestStatus
            {
                Conditions = [.. conditions.Select(c => new V1CertificateSigningRequestCondition { Type = c, Status = "True" })],
            },
        };
    }

    [Fact]
    public void An_approved_client_request_gets_a_certificate_for_its_subject_and_requested_life()
    {
        var (pem, failure) = Signer().Sign(Csr("CN=jean, O=devs, O=ops"), Now);
        Assert.Null(failure);
        using var cert = X509Certificate2.CreateFromPem(pem);
        Assert.Equal("CN=jean, O=devs, O=ops", cert.Subject.Replace("O=ops, O=devs", "O=devs, O=ops"), ignoreCase: false);
        Assert.Equal(Now.AddMinutes(-5).UtcDateTime, cert.NotBefore.ToUniversalTime());
        Assert.Equal(Now.AddHours(1).UtcDateTime, cert.NotAfter.ToUniversalTime());
    }

    [Theory]
    [InlineData("server auth is not a client usage", new[] { "server auth", "client auth" }, "invalid usage for client certificate: server auth")]
    [InlineData("client auth is required", new[] { "digital signature" }, "missing required usage for client certificate: client auth")]
    [InlineData("key encipherment is allowed", new[] { "key encipherment", "client auth" }, null)]
    public void Client_usages_are_checked_as_upstream(string what, string[] usages, string? expected)
    {
        var (_, failure) = Signer().Sign(Csr("CN=jean", usages: usages), Now);
        Assert.True(expected == failure, $"{what}: {failure}");
    }

    [Theory]
    [InlineData("a node's identity", "CN=system:node:n1, O=system:nodes", null)]
    [InlineData("not in system:nodes", "CN=system:node:n1, O=devs", KubeletCsrRules.NotSystemNodes)]
    [InlineData("not a node name", "CN=jean, O=system:nodes", KubeletCsrRules.NotNodeName)]
    public void The_kubelet_client_signer_signs_only_node_identities(string what, string subject, string? expected)
    {
        var (_, failure) = Signer().Sign(Csr(subject, CsrSigner.KubeletClientSigner), Now);
        Assert.True(expected == failure, $"{what}: {failure}");
    }

    [Theory]
    [InlineData("approved and untouched", CsrSigner.ClientSigner, new[] { "Approved" }, true)]
    [InlineData("pending", CsrSigner.ClientSigner, new string[0], false)]
    [InlineData("approved and denied", CsrSigner.ClientSigner, new[] { "Approved", "Denied" }, false)]
    [InlineData("approved but failed", CsrSigner.ClientSigner, new[] { "Approved", "Failed" }, false)]
    [InlineData("another signer's", "example.com/signer", new[] { "Approved" }, false)]
    [InlineData("the kubelet client signer's", CsrSigner.KubeletClientSigner, new[] { "Approved" }, true)]
    public void Only_approved_unsigned_requests_for_its_signers_are_signed(string what, string signer, string[] conditions, bool expected) =>
        Assert.True(expected == CsrSigner.IsPending(Csr("CN=jean", signer, conditions: conditions)), what);

    [Fact]
    public void An_issued_request_is_not_signed_again()
    {
        var csr = Csr("CN=jean", conditions: "Approved");
        csr.Status.Certificate = [1];
        Assert.False(CsrSigner.IsPending(csr));
    }
}
