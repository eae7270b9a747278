using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Dotkube.E2E.Harness;

namespace Dotkube.E2E.Security;

/// <summary>
/// Kubelet TLS bootstrap through real kubectl: a bootstrap token's client CSR approved by
/// csrapproving and signed by csrsigning; a kubelet-serving CSR approved by hand and issued.
/// </summary>
public sealed class KubeletCertificateTests(SecurityServerFixture fixture) : IClassFixture<SecurityServerFixture>
{
    private static string CsrJson(string name, string signer, string pem, params string[] usages) => new JsonObject
    {
        ["apiVersion"] = "certificates.k8s.io/v1",
        ["kind"] = "CertificateSigningRequest",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["request"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(pem)),
            ["signerName"] = signer,
            ["usages"] = new JsonArray([.. usages.Select(u => JsonValue.Create(u))]),
        },
    }.ToJsonString();

    private static string Request(ECDsa key, string subject, Action<SubjectAlternativeNameBuilder>? sans = null)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        if (sans is not null)
        {
            var builder = new SubjectAlternativeNameBuilder();
            sans(builder);
            request.CertificateExtensions.Add(builder.Build());
        }
        return request.CreateSigningRequestPem();
    }

    /// <summary>The CONDITION column of <c>kubectl get csr</c>, once it is <paramref name="expected"/> (or the last seen after ~10 s).</summary>
    private async Task<string> ConditionAsync(string name, string expected)
    {
        var condition = "";
        for (var i = 0; i < 100; i++)
        {
            var row = (await fixture.Server.Kubectl("get", "csr", name, "--no-headers")).EnsureSuccess().Stdout;
            condition = row.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Last();
            if (condition == expected)
            {
                break;
            }
            await Task.Delay(100);
        }
        return condition;
    }

    [Fact]
    public async Task A_bootstrap_tokens_kubelet_client_request_is_auto_approved_and_issued()
    {
        var id = Guid.NewGuid().ToString("N")[..6];
        var group = $"system:bootstrappers:e2e-{id}";
        var node = $"e2e-node-{id}";
        var secret = $$$"""
            {"apiVersion":"v1","kind":"Secret","metadata":{"name":"bootstrap-token-{{{id}}}","namespace":"kube-system"},
             "type":"bootstrap.kubernetes.io/token",
             "stringData":{"token-id":"{{{id}}}","token-secret":"0123456789abcdef","usage-bootstrap-authentication":"true","auth-extra-groups":"{{{group}}}"}}
            """;
        (await fixture.Server.Kubectl(["apply", "-f", "-"], secret)).EnsureSuccess();
        // What kubeadm sets up: bootstrappers may create CSRs, and their node client CSRs are approved.
        (await fixture.Server.Kubectl("create", "clusterrolebinding", $"e2e-bootstrap-{id}", "--clusterrole=system:node-bootstrapper", $"--group={group}")).EnsureSuccess();
        (await fixture.Server.Kubectl("create", "clusterrolebinding", $"e2e-autoapprove-{id}", "--clusterrole=system:certificates.k8s.io:certificatesigningrequests:nodeclient", $"--group={group}")).EnsureSuccess();
        try
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var csr = CsrJson($"node-csr-{id}", "kubernetes.io/kube-apiserver-client-kubelet",
                Request(key, $"CN=system:node:{node}, O=system:nodes"), "digital signature", "client auth");
            (await fixture.KubectlWithToken($"{id}.0123456789abcdef", ["create", "-f", "-"], csr)).EnsureSuccess();

            var state = await ConditionAsync($"node-csr-{id}", "Approved,Issued");
            Assert.True(state == "Approved,Issued", $"{state}; csrapproving logged: {string.Join('\n', fixture.Server.Output.Split('\n').Where(l => l.Contains("csrapproving", StringComparison.Ordinal)))}");
            var approved = JsonNode.Parse((await fixture.Server.Kubectl("get", "csr", $"node-csr-{id}", "-o", "json")).EnsureSuccess().Stdout)!;
            Assert.Equal($"system:bootstrap:{id}", approved["spec"]!["username"]!.GetValue<string>());
            var condition = approved["status"]!["conditions"]![0]!;
            Assert.Equal(("Approved", "AutoApproved", "Auto approving kubelet client certificate after SubjectAccessReview."),
                (condition["type"]!.GetValue<string>(), condition["reason"]!.GetValue<string>(), condition["message"]!.GetValue<string>()));

            // The issued certificate is the node's identity.
            var dir = Directory.CreateTempSubdirectory("dotkube-e2e-kubelet-").FullName;
            try
            {
                var certFile = Path.Combine(dir, "kubelet.crt");
                var keyFile = Path.Combine(dir, "kubelet.key");
                await File.WriteAllTextAsync(certFile, Encoding.ASCII.GetString(Convert.FromBase64String(approved["status"]!["certificate"]!.GetValue<string>())));
                await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem());
                var whoami = (await fixture.Server.Kubectl("--kubeconfig=/dev/null", $"--server={fixture.Server.Url}",
                    $"--certificate-authority={Path.Combine(fixture.Server.DataDir, "pki", "ca.crt")}",
                    $"--client-certificate={certFile}", $"--client-key={keyFile}", "auth", "whoami", "-o", "json")).EnsureSuccess();
                var user = JsonNode.Parse(whoami.Stdout)!["status"]!["userInfo"]!;
                Assert.Equal($"system:node:{node}", user["username"]!.GetValue<string>());
                Assert.Equal(["system:nodes", "system:authenticated"], user["groups"]!.AsArray().Select(g => g!.GetValue<string>()));
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        finally
        {
            await fixture.Server.Kubectl("delete", "clusterrolebinding", $"e2e-bootstrap-{id}", $"e2e-autoapprove-{id}");
        }
    }

    [Fact]
    public async Task A_client_request_without_the_nodeclient_permission_stays_pending()
    {
        var name = "user-node-csr-" + Guid.NewGuid().ToString("N")[..6];
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        // The admin is a system:master and may do anything, but only its SubjectAccessReview counts:
        // a request from a user who lacks nodeclient stays for someone to approve.
        var token = SecurityServerFixture.StaticToken;
        (await fixture.Server.Kubectl("create", "clusterrolebinding", name, "--clusterrole=system:node-bootstrapper", "--user=alice")).EnsureSuccess();
        try
        {
            var csr = CsrJson(name, "kubernetes.io/kube-apiserver-client-kubelet", Request(key, "CN=system:node:n1, O=system:nodes"), "digital signature", "client auth");
            (await fixture.KubectlWithToken(token, ["create", "-f", "-"], csr)).EnsureSuccess();
            await Task.Delay(1500);
            Assert.Equal("Pending", await ConditionAsync(name, "Pending"));
        }
        finally
        {
            await fixture.Server.Kubectl("delete", "clusterrolebinding", name);
            await fixture.Server.Kubectl("delete", "csr", name);
        }
    }

    [Fact]
    public async Task A_kubelet_serving_request_approved_by_hand_is_issued_with_its_names()
    {
        var name = "serving-csr-" + Guid.NewGuid().ToString("N")[..6];
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = Request(key, "CN=system:node:n1, O=system:nodes", b =>
        {
            b.AddDnsName("n1.example.internal");
            b.AddIpAddress(IPAddress.Parse("10.1.2.3"));
        });
        (await fixture.Server.Kubectl(["create", "-f", "-"], CsrJson(name, "kubernetes.io/kubelet-serving", pem, "digital signature", "server auth"))).EnsureSuccess();
        Assert.Equal("Pending", await ConditionAsync(name, "Pending"));

        (await fixture.Server.Kubectl("certificate", "approve", name)).EnsureSuccess();

        Assert.Equal("Approved,Issued", await ConditionAsync(name, "Approved,Issued"));
        var issued = (await fixture.Server.Kubectl("get", "csr", name, "-o", "jsonpath={.status.certificate}")).EnsureSuccess().Stdout;
        using var cert = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(Convert.FromBase64String(issued)));
        var san = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["n1.example.internal"], san.EnumerateDnsNames());
        Assert.Equal([IPAddress.Parse("10.1.2.3")], san.EnumerateIPAddresses());
        Assert.Equal(["1.3.6.1.5.5.7.3.1"], cert.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value));
        Assert.Equal("CN=dotkube-ca", cert.Issuer);
        await fixture.Server.Kubectl("delete", "csr", name);
    }

    [Fact]
    public async Task A_kubelet_serving_request_without_names_fails_once_approved()
    {
        var name = "serving-nosan-" + Guid.NewGuid().ToString("N")[..6];
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        (await fixture.Server.Kubectl(["create", "-f", "-"], CsrJson(name, "kubernetes.io/kubelet-serving", Request(key, "CN=system:node:n1, O=system:nodes"), "digital signature", "server auth"))).EnsureSuccess();
        (await fixture.Server.Kubectl("certificate", "approve", name)).EnsureSuccess();

        Assert.Equal("Approved,Failed", await ConditionAsync(name, "Approved,Failed"));
        var message = (await fixture.Server.Kubectl("get", "csr", name, "-o", "jsonpath={.status.conditions[?(@.type==\"Failed\")].message}")).EnsureSuccess().Stdout;
        Assert.Equal("DNS or IP subjectAltName is required", message);
        await fixture.Server.Kubectl("delete", "csr", name);
    }

    [Fact]
    public async Task The_legacy_unknown_signer_is_refused_by_the_v1_API()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var result = await fixture.Server.Kubectl(["create", "-f", "-"], CsrJson("legacy-csr", "kubernetes.io/legacy-unknown", Request(key, "CN=jean"), "client auth"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("The CertificateSigningRequest \"legacy-csr\" is invalid: spec.signerName: Invalid value: \"kubernetes.io/legacy-unknown\": the legacy signerName is not allowed via this API version", result.Stderr);
    }
}
