using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Dotkube.E2E.Harness;

namespace Dotkube.E2E.Security;

/// <summary>
/// Each authentication method through real kubectl 1.32: who the server says the caller is
/// (<c>kubectl auth whoami</c>), and 401 with a log line for credentials it refuses.
/// </summary>
public sealed class AuthenticationMethodTests(SecurityServerFixture fixture) : IClassFixture<SecurityServerFixture>
{
    private const string Unauthorized = "error: You must be logged in to the server (Unauthorized)";

    private static JsonNode UserInfo(KubectlResult whoami) => JsonNode.Parse(whoami.EnsureSuccess().Stdout)!["status"]!["userInfo"]!;

    private static List<string> Groups(JsonNode user) => [.. user["groups"]!.AsArray().Select(g => g!.GetValue<string>())];

    private async Task<string> NamespaceAsync(string prefix)
    {
        var ns = SharedServerFixture.UniqueNamespace(prefix);
        (await fixture.Server.Kubectl("create", "namespace", ns)).EnsureSuccess();
        return ns;
    }

    private static string CsrJson(string name, string pem, long? expirationSeconds)
    {
        var spec = new JsonObject
        {
            ["request"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(pem)),
            ["signerName"] = "kubernetes.io/kube-apiserver-client",
            ["usages"] = new JsonArray("client auth"),
        };
        if (expirationSeconds is { } seconds)
        {
            spec["expirationSeconds"] = seconds;
        }
        return new JsonObject
        {
            ["apiVersion"] = "certificates.k8s.io/v1",
            ["kind"] = "CertificateSigningRequest",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = spec,
        }.ToJsonString();
    }

    [Fact]
    public async Task The_admin_certificate_is_a_system_master()
    {
        var user = UserInfo(await fixture.Server.Kubectl("auth", "whoami", "-o", "json"));
        Assert.Equal("dotkube-admin", user["username"]!.GetValue<string>());
        Assert.Equal(["system:masters", "system:authenticated"], Groups(user));
    }

    [Fact]
    public async Task A_token_from_kubectl_create_token_is_the_service_account()
    {
        var ns = await NamespaceAsync("sa-token");
        (await fixture.Server.Kubectl("create", "serviceaccount", "viewer", "-n", ns)).EnsureSuccess();
        var token = (await fixture.Server.Kubectl("create", "token", "viewer", "-n", ns, "--duration", "15m")).EnsureSuccess().Stdout.Trim();

        var user = UserInfo(await fixture.KubectlWithToken(token, "auth", "whoami", "-o", "json"));

        Assert.Equal($"system:serviceaccount:{ns}:viewer", user["username"]!.GetValue<string>());
        Assert.Equal(["system:serviceaccounts", $"system:serviceaccounts:{ns}", "system:authenticated"], Groups(user));
    }

    [Fact]
    public async Task A_token_bound_to_a_pod_stops_working_once_the_pod_is_deleted()
    {
        var ns = await NamespaceAsync("bound");
        (await fixture.Server.Kubectl("run", "p", "--image=nginx", "-n", ns)).EnsureSuccess();
        var token = (await fixture.Server.Kubectl("create", "token", "default", "-n", ns, "--bound-object-kind", "Pod", "--bound-object-name", "p")).EnsureSuccess().Stdout.Trim();
        var user = UserInfo(await fixture.KubectlWithToken(token, "auth", "whoami", "-o", "json"));
        Assert.Equal("p", user["extra"]!["authentication.kubernetes.io/pod-name"]![0]!.GetValue<string>());

        (await fixture.Server.Kubectl("delete", "pod", "p", "-n", ns, "--grace-period=0", "--force")).EnsureSuccess();

        var refused = await fixture.KubectlWithToken(token, "auth", "whoami");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains(Unauthorized, refused.Stderr);
        Assert.Contains($"pod {ns}/p the token is bound to has been deleted", fixture.Server.Output);
    }

    [Fact]
    public async Task The_default_service_account_lists_a_legacy_token_secret_that_works()
    {
        var ns = await NamespaceAsync("legacy");
        string? secretName = null;
        for (var i = 0; i < 50 && secretName is null; i++)
        {
            var sa = await fixture.Server.Kubectl("get", "sa", "default", "-n", ns, "-o", "json");
            secretName = sa.Succeeded ? JsonNode.Parse(sa.Stdout)!["secrets"]?[0]?["name"]?.GetValue<string>() : null;
            await Task.Delay(secretName is null ? 100 : 0);
        }
        Assert.NotNull(secretName);
        var data = (await fixture.Server.Kubectl("get", "secret", secretName!, "-n", ns, "-o", "jsonpath={.data.token}")).EnsureSuccess().Stdout;
        var token = Encoding.UTF8.GetString(Convert.FromBase64String(data));

        var user = UserInfo(await fixture.KubectlWithToken(token, "auth", "whoami", "-o", "json"));

        Assert.Equal($"system:serviceaccount:{ns}:default", user["username"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_static_token_is_its_user_from_the_token_file()
    {
        var user = UserInfo(await fixture.KubectlWithToken(SecurityServerFixture.StaticToken, "auth", "whoami", "-o", "json"));
        Assert.Equal(("alice", "1001"), (user["username"]!.GetValue<string>(), user["uid"]!.GetValue<string>()));
        Assert.Equal(["ops", "auditors", "system:authenticated"], Groups(user));
    }

    [Theory]
    [InlineData("an unknown token", "not-a-real-token", "no token authenticator recognizes it")]
    [InlineData("a tampered service account token", "eyJhbGciOiJSUzI1NiIsImtpZCI6IngifQ.eyJpc3MiOiJodHRwczovL2t1YmVybmV0ZXMuZGVmYXVsdC5zdmMuY2x1c3Rlci5sb2NhbCJ9.AAAA", "invalid signature")]
    public async Task A_refused_token_is_401_and_the_server_says_why(string what, string token, string logged)
    {
        var result = await fixture.KubectlWithToken(token, "get", "namespaces");
        Assert.True(result.ExitCode == 1, what);
        Assert.Contains(Unauthorized, result.Stderr);
        Assert.Contains(logged, fixture.Server.Output);
    }

    [Fact]
    public async Task As_and_as_group_impersonate()
    {
        var user = UserInfo(await fixture.Server.Kubectl("auth", "whoami", "--as", "jane", "--as-group", "devs", "-o", "json"));
        Assert.Equal("jane", user["username"]!.GetValue<string>());
        Assert.Equal(["devs", "system:authenticated"], Groups(user));

        var sa = UserInfo(await fixture.Server.Kubectl("auth", "whoami", "--as", "system:serviceaccount:default:viewer", "-o", "json"));
        Assert.Equal(["system:serviceaccounts", "system:serviceaccounts:default", "system:authenticated"], Groups(sa));
    }

    [Fact]
    public async Task An_approved_csr_gives_a_certificate_that_authenticates()
    {
        var dir = Directory.CreateTempSubdirectory("dotkube-e2e-csr-").FullName;
        try
        {
            using var key = System.Security.Cryptography.RSA.Create(2048);
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
                "CN=jean, O=devs", key, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
            var name = "jean-" + Guid.NewGuid().ToString("N")[..6];
            var csr = CsrJson(name, request.CreateSigningRequestPem(), 86400);
            (await fixture.Server.Kubectl(["apply", "-f", "-"], csr)).EnsureSuccess();
            Assert.Contains("Pending", (await fixture.Server.Kubectl("get", "csr", name)).EnsureSuccess().Stdout);
            Assert.Equal($"certificatesigningrequest.certificates.k8s.io/{name} approved\n",
                (await fixture.Server.Kubectl("certificate", "approve", name)).EnsureSuccess().Stdout);

            string certificate = "";
            for (var i = 0; i < 50 && certificate.Length == 0; i++)
            {
                certificate = (await fixture.Server.Kubectl("get", "csr", name, "-o", "jsonpath={.status.certificate}")).EnsureSuccess().Stdout;
                await Task.Delay(certificate.Length == 0 ? 100 : 0);
            }
            Assert.Contains("Approved,Issued", (await fixture.Server.Kubectl("get", "csr", name)).Stdout);
            var certFile = Path.Combine(dir, "jean.crt");
            var keyFile = Path.Combine(dir, "jean.key");
            await File.WriteAllBytesAsync(certFile, Convert.FromBase64String(certificate));
            await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem());

            var user = UserInfo(await fixture.Server.Kubectl("--kubeconfig=/dev/null", $"--server={fixture.Server.Url}",
                $"--certificate-authority={Path.Combine(fixture.Server.DataDir, "pki", "ca.crt")}",
                $"--client-certificate={certFile}", $"--client-key={keyFile}", "auth", "whoami", "-o", "json"));
            Assert.Equal("jean", user["username"]!.GetValue<string>());
            Assert.Equal(["devs", "system:authenticated"], Groups(user));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_csr_for_system_masters_is_refused()
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=evil, O=system:masters", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        var csr = CsrJson("evil", request.CreateSigningRequestPem(), null);
        var result = await fixture.Server.Kubectl(["create", "-f", "-"], csr);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("use of kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed", result.Stderr);
    }

    [Fact]
    public async Task Dotkube_kubeconfig_writes_a_working_short_lived_user_kubeconfig()
    {
        var file = Path.Combine(Path.GetTempPath(), $"dotkube-e2e-{Guid.NewGuid():N}.kubeconfig");
        try
        {
            var binary = DotkubeBinary.Locate();
            var start = new ProcessStartInfo(binary.FileName) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in binary.PrefixArgs.Concat(["kubeconfig", "--data-dir", fixture.Server.DataDir, "--user", "jean.doe", "--group", "devs", "--ttl", "10m", "-o", file]))
            {
                start.ArgumentList.Add(a);
            }
            using var process = Process.Start(start)!;
            var stderr = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, stderr);

            var user = UserInfo(await fixture.Server.Kubectl("--kubeconfig", file, "auth", "whoami", "-o", "json"));
            Assert.Equal("jean.doe", user["username"]!.GetValue<string>());
            Assert.Equal(["devs", "system:authenticated"], Groups(user));
            var csrs = (await fixture.Server.Kubectl("get", "csr")).EnsureSuccess().Stdout;
            Assert.Contains("10m", csrs);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("0123456789abcdef", true)]
    [InlineData("ffffffffffffffff", false)]
    public async Task A_bootstrap_token_is_a_bootstrapper_only_with_the_right_secret(string secret, bool accepted)
    {
        var id = Guid.NewGuid().ToString("N")[..6];
        var manifest = $$$"""
            {"apiVersion":"v1","kind":"Secret","metadata":{"name":"bootstrap-token-{{{id}}}","namespace":"kube-system"},
             "type":"bootstrap.kubernetes.io/token",
             "stringData":{"token-id":"{{{id}}}","token-secret":"0123456789abcdef","usage-bootstrap-authentication":"true",
                           "auth-extra-groups":"system:bootstrappers:kubeadm:default-node-token"}}
            """;
        (await fixture.Server.Kubectl(["apply", "-f", "-"], manifest)).EnsureSuccess();

        var result = await fixture.KubectlWithToken($"{id}.{secret}", "auth", "whoami", "-o", "json");

        if (accepted)
        {
            var user = UserInfo(result);
            Assert.Equal($"system:bootstrap:{id}", user["username"]!.GetValue<string>());
            Assert.Equal(["system:bootstrappers", "system:bootstrappers:kubeadm:default-node-token", "system:authenticated"], Groups(user));
        }
        else
        {
            Assert.Contains(Unauthorized, result.Stderr);
            Assert.Contains($"bootstrap token {id}: the token secret does not match", fixture.Server.Output);
        }
    }
}
