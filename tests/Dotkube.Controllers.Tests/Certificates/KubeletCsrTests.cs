using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Dotkube.Controllers.Certificates;
using k8s.Models;

namespace Dotkube.Controllers.Tests.Certificates;

/// <summary>Upstream's kubelet client/serving request rules, the serving signer, and what csrapproving recognizes.</summary>
public sealed class KubeletCsrTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] EcServing = ["digital signature", "server auth"];
    private static readonly string[] EcClient = ["digital signature", "client auth"];
    private readonly ECDsa caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 ca;

    public KubeletCsrTests()
    {
        var request = new CertificateRequest("CN=test-ca", caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        ca = request.CreateSelfSigned(Now.AddYears(-1), Now.AddYears(1));
    }

    public void Dispose()
    {
        ca.Dispose();
        caKey.Dispose();
    }

    /// <summary>A PEM request; <paramref name="sans"/> items are "dns:x", "ip:x", "email:x" or "uri:x".</summary>
    private static byte[] Request(string subject, string[] sans, bool rsa = false)
    {
        using AsymmetricAlgorithm key = rsa ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = key is RSA r
            ? new CertificateRequest(subject, r, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest(subject, (ECDsa)key, HashAlgorithmName.SHA256);
        if (sans.Length > 0)
        {
            var builder = new SubjectAlternativeNameBuilder();
            foreach (var san in sans)
            {
                var (kind, value) = (san[..san.IndexOf(':')], san[(san.IndexOf(':') + 1)..]);
                switch (kind)
                {
                    case "dns": builder.AddDnsName(value); break;
                    case "ip": builder.AddIpAddress(IPAddress.Parse(value)); break;
                    case "email": builder.AddEmailAddress(value); break;
                    default: builder.AddUri(new Uri(value)); break;
                }
            }
            request.CertificateExtensions.Add(builder.Build());
        }
        return Encoding.ASCII.GetBytes(request.CreateSigningRequestPem());
    }

    private static ParsedCsr Parsed(string subject, params string[] sans) => ParsedCsr.Parse(Request(subject, sans)).Csr!;

    private static V1CertificateSigningRequest Csr(string signer, byte[] request, string[] usages, string username = "system:bootstrap:abcdef") => new()
    {
        Metadata = new V1ObjectMeta { Name = "node-csr" },
        Spec = new V1CertificateSigningRequestSpec
        {
            Request = request,
            SignerName = signer,
            Usages = usages,
            Username = username,
            Groups = ["system:bootstrappers", "system:authenticated"],
        },
        Status = new V1CertificateSigningRequestStatus { Conditions = [new V1CertificateSigningRequestCondition { Type = "Approved", Status = "True" }] },
    };

    public static TheoryData<string, string, string[], string[], string?> ServingCases => new()
    {
        { "a DNS name", "CN=system:node:n1, O=system:nodes", ["dns:n1.example"], EcServing, null },
        { "an IP address", "CN=system:node:n1, O=system:nodes", ["ip:10.0.0.7"], EcServing, null },
        { "key encipherment too (RSA keys)", "CN=system:node:n1, O=system:nodes", ["dns:n1"], ["digital signature", "key encipherment", "server auth"], null },
        { "no names", "CN=system:node:n1, O=system:nodes", [], EcServing, "DNS or IP subjectAltName is required" },
        { "an email name", "CN=system:node:n1, O=system:nodes", ["dns:n1", "email:a@b.c"], EcServing, "Email subjectAltNames are not allowed" },
        { "a URI name", "CN=system:node:n1, O=system:nodes", ["ip:10.0.0.7", "uri:spiffe://x/y"], EcServing, "URI subjectAltNames are not allowed" },
        { "another organization", "CN=system:node:n1, O=devs", ["dns:n1"], EcServing, "subject organization is not system:nodes" },
        { "two organizations", "CN=system:node:n1, O=system:nodes, O=devs", ["dns:n1"], EcServing, "subject organization is not system:nodes" },
        { "a user's name", "CN=jean, O=system:nodes", ["dns:n1"], EcServing, "subject common name does not begin with system:node:" },
        { "client auth added", "CN=system:node:n1, O=system:nodes", ["dns:n1"], ["digital signature", "server auth", "client auth"], "usages did not match [digital signature key encipherment server auth]" },
        { "server auth missing", "CN=system:node:n1, O=system:nodes", ["dns:n1"], ["digital signature"], "usages did not match [digital signature key encipherment server auth]" },
    };

    [Theory]
    [MemberData(nameof(ServingCases))]
    public void Kubelet_serving_requests_follow_upstreams_rules(string what, string subject, string[] sans, string[] usages, string? expected)
    {
        Assert.True(expected == KubeletCsrRules.ValidateServing(Parsed(subject, sans), usages), what);
        var (pem, failure) = new CsrSigner(new CsrSigningOptions { Authority = SigningAuthority.From(ca) })
            .Sign(Csr(CsrSigner.KubeletServingSigner, Request(subject, sans), usages), Now);
        Assert.True(expected == failure, $"{what}: {failure}");
        Assert.Equal(expected is null, pem is not null);
    }

    public static TheoryData<string, string, string[], string[], string?> ClientCases => new()
    {
        { "a node's identity", "CN=system:node:n1, O=system:nodes", [], EcClient, null },
        { "key encipherment too", "CN=system:node:n1, O=system:nodes", [], ["key encipherment", "digital signature", "client auth"], null },
        { "a DNS name", "CN=system:node:n1, O=system:nodes", ["dns:n1"], EcClient, "DNS subjectAltNames are not allowed" },
        { "an email name", "CN=system:node:n1, O=system:nodes", ["email:a@b.c"], EcClient, "Email subjectAltNames are not allowed" },
        { "an IP address", "CN=system:node:n1, O=system:nodes", ["ip:10.0.0.7"], EcClient, "IP subjectAltNames are not allowed" },
        { "a URI name", "CN=system:node:n1, O=system:nodes", ["uri:spiffe://x/y"], EcClient, "URI subjectAltNames are not allowed" },
        { "another organization", "CN=system:node:n1, O=devs", [], EcClient, "subject organization is not system:nodes" },
        { "a bootstrap identity", "CN=system:bootstrap:abcdef, O=system:nodes", [], EcClient, "subject common name does not begin with system:node:" },
        { "client auth only", "CN=system:node:n1, O=system:nodes", [], ["client auth"], "usages did not match [client auth digital signature key encipherment]" },
        { "server auth added", "CN=system:node:n1, O=system:nodes", [], ["digital signature", "client auth", "server auth"], "usages did not match [client auth digital signature key encipherment]" },
    };

    [Theory]
    [MemberData(nameof(ClientCases))]
    public void Kubelet_client_requests_follow_upstreams_rules(string what, string subject, string[] sans, string[] usages, string? expected) =>
        Assert.True(expected == KubeletCsrRules.ValidateClient(Parsed(subject, sans), usages), what);

    [Fact]
    public void A_serving_certificate_carries_the_requested_names_and_server_auth_only()
    {
        var (pem, failure) = new CsrSigner(new CsrSigningOptions { Authority = SigningAuthority.From(ca) })
            .Sign(Csr(CsrSigner.KubeletServingSigner, Request("CN=system:node:n1, O=system:nodes", ["dns:n1.example", "ip:10.0.0.7"], rsa: true), ["digital signature", "key encipherment", "server auth"]), Now);
        Assert.Null(failure);
        using var cert = X509Certificate2.CreateFromPem(pem);
        var san = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["n1.example"], san.EnumerateDnsNames());
        Assert.Equal([IPAddress.Parse("10.0.0.7")], san.EnumerateIPAddresses());
        var eku = cert.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.Equal(["1.3.6.1.5.5.7.3.1"], eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, cert.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
        Assert.False(cert.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.Equal(ca.SubjectName.Name, cert.IssuerName.Name);
    }

    [Fact]
    public void A_signer_with_its_own_CA_signs_with_it_and_the_others_with_the_default()
    {
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = new CertificateRequest("CN=serving-ca", otherKey, HashAlgorithmName.SHA256).CreateSelfSigned(Now.AddYears(-1), Now.AddYears(1));
        var signer = new CsrSigner(new CsrSigningOptions
        {
            Authority = SigningAuthority.From(ca),
            SignerAuthorities = new Dictionary<string, SigningAuthority> { [CsrSigner.KubeletServingSigner] = SigningAuthority.From(other) },
        });
        var (serving, _) = signer.Sign(Csr(CsrSigner.KubeletServingSigner, Request("CN=system:node:n1, O=system:nodes", ["dns:n1"]), EcServing), Now);
        var (client, _) = signer.Sign(Csr(CsrSigner.KubeletClientSigner, Request("CN=system:node:n1, O=system:nodes", []), EcClient), Now);
        using var servingCert = X509Certificate2.CreateFromPem(serving);
        using var clientCert = X509Certificate2.CreateFromPem(client);
        Assert.Equal("CN=serving-ca", servingCert.Issuer);
        Assert.Equal("CN=test-ca", clientCert.Issuer);
    }

    [Theory]
    [InlineData("a bootstrap token's new node", CsrSigner.KubeletClientSigner, "system:bootstrap:abcdef", new[] { "digital signature", "client auth" }, "nodeclient")]
    [InlineData("a node renewing its own certificate", CsrSigner.KubeletClientSigner, "system:node:n1", new[] { "digital signature", "client auth" }, "selfnodeclient,nodeclient")]
    [InlineData("a serving request", CsrSigner.KubeletServingSigner, "system:node:n1", new[] { "digital signature", "client auth" }, "")]
    [InlineData("a request that is not a kubelet's", CsrSigner.KubeletClientSigner, "system:node:n1", new[] { "client auth" }, "")]
    public void The_approver_recognizes_kubelet_client_requests_only(string what, string signer, string username, string[] usages, string expected)
    {
        var csr = Csr(signer, Request("CN=system:node:n1, O=system:nodes", []), usages, username);
        var parsed = ParsedCsr.Parse(csr.Spec.Request).Csr!;
        var recognized = CsrApprover.Recognizers.Where(r => r.Recognize(csr, parsed)).Select(r => r.Subresource);
        Assert.True(expected == string.Join(',', recognized), what);
    }

    [Fact]
    public void The_review_asks_whether_the_requester_may_create_the_subresource()
    {
        var csr = Csr(CsrSigner.KubeletClientSigner, Request("CN=system:node:n1, O=system:nodes", []), EcClient);
        csr.Spec.Uid = "u-1";
        csr.Spec.Extra = new Dictionary<string, IList<string>> { ["k"] = ["v"] };
        var review = CsrApprover.Review(csr, "nodeclient");
        Assert.Equal("system:bootstrap:abcdef", review.Spec.User);
        Assert.Equal("u-1", review.Spec.Uid);
        Assert.Equal(["system:bootstrappers", "system:authenticated"], review.Spec.Groups);
        Assert.Equal(["v"], review.Spec.Extra["k"]);
        var attributes = review.Spec.ResourceAttributes;
        Assert.Equal(("certificates.k8s.io", "certificatesigningrequests", "create", "nodeclient"), (attributes.Group, attributes.Resource, attributes.Verb, attributes.Subresource));
    }

    [Theory]
    [InlineData("pending", new string[0], false, true)]
    [InlineData("approved", new[] { "Approved" }, false, false)]
    [InlineData("denied", new[] { "Denied" }, false, false)]
    [InlineData("issued", new string[0], true, false)]
    public void Only_undecided_requests_are_considered(string what, string[] conditions, bool issued, bool expected)
    {
        var csr = Csr(CsrSigner.KubeletClientSigner, [], EcClient);
        csr.Status = new V1CertificateSigningRequestStatus
        {
            Conditions = [.. conditions.Select(c => new V1CertificateSigningRequestCondition { Type = c, Status = "True" })],
            Certificate = issued ? [1] : null,
        };
        Assert.True(expected == CsrApprover.IsUndecided(csr), what);
    }
}
