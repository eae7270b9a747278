using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Dotkube.Kubeconfig;
using Dotkube.Pki;
using k8s;

namespace Dotkube.Tests.Tls;

/// <summary>
/// The written kubeconfig against a real TLS endpoint: kubectl and the .NET client must verify
/// the server with the cluster CA and authenticate with the admin certificate.
/// </summary>
public sealed class KubeconfigOverTlsTests(WhoAmIServer server) : IClassFixture<WhoAmIServer>
{
    [Fact]
    public async Task Kubectl_verifies_the_server_and_authenticates_as_the_admin()
    {
        var (exitCode, stdout, stderr) = await Kubectl("--kubeconfig", server.Kubeconfig, "get", "--raw", "/whoami");

        Assert.True(exitCode == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("dotkube-admin", json.RootElement.GetProperty("user").GetString());
        Assert.Equal("system:masters", json.RootElement.GetProperty("groups")[0].GetString());
    }

    [Fact]
    public async Task Kubectl_refuses_a_server_whose_certificate_another_CA_signed()
    {
        using var otherDir = new TempDirectory();
        using var other = ClusterPki.LoadOrCreate(otherDir.Combine("pki"), new PkiOptions());
        var kubeconfig = otherDir.Combine("kubeconfig");
        File.WriteAllText(kubeconfig, KubeconfigWriter.Render(
            $"https://127.0.0.1:{server.Port}", other.CaCertificate, "dotkube-admin", server.Pki.AdminCertificate));

        var (exitCode, _, stderr) = await Kubectl("--kubeconfig", kubeconfig, "get", "--raw", "/whoami");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("certificate signed by unknown authority", stderr);
    }

    [Fact]
    public async Task Kubectl_with_a_client_certificate_from_another_CA_is_unauthorized()
    {
        using var otherDir = new TempDirectory();
        using var other = ClusterPki.LoadOrCreate(otherDir.Combine("pki"), new PkiOptions());
        var kubeconfig = otherDir.Combine("kubeconfig");
        File.WriteAllText(kubeconfig, KubeconfigWriter.Render(
            $"https://127.0.0.1:{server.Port}", server.Pki.CaCertificate, "dotkube-admin", other.AdminCertificate));

        var (exitCode, _, stderr) = await Kubectl("--kubeconfig", kubeconfig, "get", "--raw", "/whoami");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Unauthorized", stderr);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("[::1]")]
    public async Task Kubectl_verifies_the_server_under_its_other_local_names(string host)
    {
        var (exitCode, stdout, stderr) = await Kubectl(
            "--kubeconfig", server.Kubeconfig, "--server", $"https://{host}:{server.Port}", "get", "--raw", "/whoami");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("dotkube-admin", stdout);
    }

    [Fact]
    public async Task The_Kubernetes_client_from_the_kubeconfig_is_authenticated_as_the_admin()
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(server.Kubeconfig);
        using var client = new Kubernetes(config);

        var namespaces = await client.CoreV1.ListNamespaceAsync();

        Assert.Equal("dotkube-admin", Assert.Single(namespaces.Items).Metadata.Name);
    }

    [Fact]
    public async Task A_request_without_a_client_certificate_is_unauthorized()
    {
        using var http = TrustingClient(clientCertificate: null);

        var response = await http.GetAsync($"https://127.0.0.1:{server.Port}/whoami");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_request_with_the_admin_certificate_is_answered()
    {
        using var http = TrustingClient(server.Pki.AdminCertificate);

        var response = await http.GetAsync($"https://127.0.0.1:{server.Port}/whoami");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("dotkube-admin", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Curl_without_a_client_certificate_gets_401_after_verifying_the_server()
    {
        var caFile = Path.Combine(server.DataDir, "curl-ca.crt");
        await File.WriteAllTextAsync(caFile, server.Pki.CaCertificate.ExportCertificatePem());

        var (exitCode, stdout, stderr) = await Run(
            "/usr/bin/curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", caFile, $"https://127.0.0.1:{server.Port}/whoami");

        Assert.True(exitCode == 0, stderr);
        Assert.Equal("401", stdout);
    }

    // Trusts only the cluster CA, as kubectl does with certificate-authority-data.
    private HttpClient TrustingClient(X509Certificate2? clientCertificate)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            CustomTrustStore = { server.Pki.CaCertificate },
        };
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    private static Task<(int ExitCode, string Stdout, string Stderr)> Kubectl(params string[] args) => Run("/usr/bin/kubectl", args);

    internal static async Task<(int ExitCode, string Stdout, string Stderr)> Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
