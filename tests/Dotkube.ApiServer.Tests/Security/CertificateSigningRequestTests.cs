using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authorization;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dotkube.ApiServer.Tests.Security;

public class CertificateSigningRequestTests
{
    private const string Path = "/apis/certificates.k8s.io/v1/certificatesigningrequests";

    private static string Csr(string name, string subject, long expiration = 3600, string signer = "kubernetes.io/kube-apiserver-client")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = new CertificateRequest(subject, key, HashAlgorithmName.SHA256).CreateSigningRequestPem();
        return new JsonObject
        {
            ["apiVersion"] = "certificates.k8s.io/v1",
            ["kind"] = "CertificateSigningRequest",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject
            {
                ["request"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(pem)),
                ["signerName"] = signer,
                ["expirationSeconds"] = expiration,
                ["usages"] = new JsonArray("digital signature", "client auth"),
            },
        }.ToJsonString();
    }

    private static string Approval(JsonObject csr)
    {
        var status = csr["status"] as JsonObject ?? [];
        csr["status"] = status;
        status["conditions"] = new JsonArray(new JsonObject { ["type"] = "Approved", ["status"] = "True", ["reason"] = "KubectlApprove", ["message"] = "This CSR was approved by kubectl certificate approve." });
        return csr.ToJsonString();
    }

    [Fact]
    public async Task A_request_records_its_requestor_and_its_approval_gets_a_time()
    {
        await using var host = await SecurityTestHost.StartAsync();
        var (code, created) = await host.AdminAsync(HttpMethod.Post, Path, Csr("jean", "CN=jean, O=devs", 600));
        Assert.True(code == 201, created.ToJsonString());
        Assert.Equal("admin", created["spec"]!["username"]!.GetValue<string>());
        Assert.Contains("system:authenticated", created["spec"]!["groups"]!.AsArray().Select(g => g!.GetValue<string>()));

        var (approveCode, approved) = await host.AdminAsync(HttpMethod.Put, Path + "/jean/approval", Approval(created));
        Assert.True(approveCode == 200, approved.ToJsonString());
        Assert.NotNull(approved["status"]!["conditions"]![0]!["lastUpdateTime"]);
    }

    [Fact]
    public async Task The_client_signer_refuses_system_masters()
    {
        await using var host = await SecurityTestHost.StartAsync();
        var (code, status) = await host.AdminAsync(HttpMethod.Post, Path, Csr("evil", "CN=evil, O=system:masters"));
        Assert.Equal(403, code);
        Assert.Equal("certificatesigningrequests.certificates.k8s.io \"evil\" is forbidden: use of kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed",
            status["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("a lifetime under ten minutes", 599, "kubernetes.io/kube-apiserver-client", "spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 600 seconds (10 minutes)")]
    [InlineData("an unqualified signer", 3600, "client", "spec.signerName: Invalid value: \"client\": must be a fully qualified domain and path of the form 'example.com/signer-name'")]
    public async Task Invalid_requests_are_refused(string what, long expiration, string signer, string cause)
    {
        await using var host = await SecurityTestHost.StartAsync();
        var (code, status) = await host.AdminAsync(HttpMethod.Post, Path, Csr("bad", "CN=bad", expiration, signer));
        Assert.True(code == 422, what);
        Assert.Contains(cause, status["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Approving_needs_the_approve_verb_on_the_signer()
    {
        var authorizer = new FixedAuthorizer(AuthorizationDecision.NoOpinion) { OnlyForResource = "signers" };
        await using var host = await SecurityTestHost.StartAsync([authorizer]);
        var (_, created) = await host.AdminAsync(HttpMethod.Post, Path, Csr("jean", "CN=jean"));
        var (code, status) = await host.SendAsync(HttpMethod.Put, Path + "/jean/approval", Approval(created), (SecurityTestHost.AdminHeader, "bob"));
        Assert.Equal(403, code);
        Assert.Equal("certificatesigningrequests.certificates.k8s.io \"jean\" is forbidden: user not permitted to approve requests with signerName \"kubernetes.io/kube-apiserver-client\"",
            status["message"]!.GetValue<string>());
        Assert.Contains(authorizer.Asked, a => a is { Verb: "approve", Resource: "signers", Name: "kubernetes.io/kube-apiserver-client" });
        Assert.Contains(authorizer.Asked, a => a is { Verb: "approve", Resource: "signers", Name: "kubernetes.io/*" });
    }

    [Fact]
    public async Task Writing_the_certificate_needs_the_sign_verb_on_the_signer()
    {
        var authorizer = new FixedAuthorizer(AuthorizationDecision.NoOpinion) { OnlyForResource = "signers" };
        await using var host = await SecurityTestHost.StartAsync([authorizer]);
        var (_, created) = await host.AdminAsync(HttpMethod.Post, Path, Csr("jean", "CN=jean"));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var self = new CertificateRequest("CN=jean", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1));
        created["status"] = new JsonObject { ["certificate"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(self.ExportCertificatePem())) };

        var (code, status) = await host.SendAsync(HttpMethod.Put, Path + "/jean/status", created.ToJsonString(), (SecurityTestHost.AdminHeader, "bob"));

        Assert.Equal(403, code);
        Assert.Equal("certificatesigningrequests.certificates.k8s.io \"jean\" is forbidden: user not permitted to sign requests with signerName \"kubernetes.io/kube-apiserver-client\"",
            status["message"]!.GetValue<string>());
        Assert.Contains(authorizer.Asked, a => a is { Verb: "sign", Resource: "signers" });
    }
}
