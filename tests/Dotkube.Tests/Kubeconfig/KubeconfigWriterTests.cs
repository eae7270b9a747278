using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Dotkube.Kubeconfig;
using Dotkube.Pki;
using Dotkube.Tests.Pki;
using k8s;

namespace Dotkube.Tests.Kubeconfig;

public sealed class KubeconfigWriterTests(PkiFixture fixture) : IClassFixture<PkiFixture>, IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ClusterPki _pki = fixture.Pki;

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("127.0.0.1", 6443, "https://127.0.0.1:6443")]
    [InlineData("0.0.0.0", 6443, "https://127.0.0.1:6443")]
    [InlineData("::", 7000, "https://127.0.0.1:7000")]
    [InlineData("[::]", 7000, "https://127.0.0.1:7000")]
    [InlineData("::1", 6443, "https://[::1]:6443")]
    [InlineData("192.0.2.7", 443, "https://192.0.2.7:443")]
    [InlineData("api.example.test", 6443, "https://api.example.test:6443")]
    public void The_server_URL_reaches_the_bind_address(string bindAddress, int port, string expected)
    {
        Assert.Equal(expected, KubeconfigWriter.ServerUrl(bindAddress, port));
    }

    [Fact]
    public void The_kubeconfig_is_written_for_its_owner_only()
    {
        var path = KubeconfigWriter.Write(_dir.Path, _pki, "127.0.0.1", 6443);

        Assert.Equal(_dir.Combine("kubeconfig"), path);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void The_Kubernetes_client_reads_the_server_CA_and_admin_credentials()
    {
        var path = KubeconfigWriter.Write(_dir.Path, _pki, "0.0.0.0", 6443);

        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(path);

        Assert.Equal("https://127.0.0.1:6443", config.Host.TrimEnd('/'));
        Assert.False(config.SkipTlsVerify);
        Assert.Equal("dotkube", config.CurrentContext);
        Assert.Equal(_pki.CaCertificate.Thumbprint, Assert.Single(config.SslCaCerts).Thumbprint);
        var certPem = System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(config.ClientCertificateData));
        var keyPem = System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(config.ClientCertificateKeyData));
        using var clientCert = X509Certificate2.CreateFromPem(certPem, keyPem);
        Assert.Equal(_pki.AdminCertificate.Thumbprint, clientCert.Thumbprint);
    }

    [Fact]
    public void Kubectl_reads_one_cluster_one_user_and_the_current_context()
    {
        var path = KubeconfigWriter.Write(_dir.Path, _pki, "::1", 6443);

        var view = RunKubectl("config", "view", "--raw", "-o", "json", "--kubeconfig", path);

        using var json = JsonDocument.Parse(view);
        var root = json.RootElement;
        Assert.Equal("dotkube", root.GetProperty("current-context").GetString());
        var cluster = Assert.Single(root.GetProperty("clusters").EnumerateArray());
        Assert.Equal("https://[::1]:6443", cluster.GetProperty("cluster").GetProperty("server").GetString());
        var caPem = System.Text.Encoding.ASCII.GetString(
            Convert.FromBase64String(cluster.GetProperty("cluster").GetProperty("certificate-authority-data").GetString()!));
        Assert.Equal(_pki.CaCertificate.Thumbprint, X509Certificate2.CreateFromPem(caPem).Thumbprint);
        var user = Assert.Single(root.GetProperty("users").EnumerateArray());
        Assert.Equal("dotkube-admin", user.GetProperty("name").GetString());
        Assert.True(user.GetProperty("user").TryGetProperty("client-key-data", out _));
        var context = Assert.Single(root.GetProperty("contexts").EnumerateArray()).GetProperty("context");
        Assert.Equal(("dotkube", "dotkube-admin"), (context.GetProperty("cluster").GetString(), context.GetProperty("user").GetString()));
    }

    [Theory]
    [InlineData("system:node:worker-1")]
    [InlineData("jane: the admin")]
    [InlineData("#not-a-comment")]
    public void User_names_YAML_could_misread_survive_the_round_trip(string userName)
    {
        using var cert = _pki.IssueClientCertificate("x", [], TimeSpan.FromHours(1));
        var path = _dir.Combine("odd-kubeconfig");
        File.WriteAllText(path, KubeconfigWriter.Render("https://127.0.0.1:6443", _pki.CaCertificate, userName, cert));

        var view = RunKubectl("config", "view", "-o", "jsonpath={.users[0].name}", "--kubeconfig", path);

        Assert.Equal(userName, view);
    }

    internal static string RunKubectl(params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/kubectl", args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "kubectl did not finish within 30 s");
        Assert.True(process.ExitCode == 0, $"kubectl {string.Join(' ', args)} exited {process.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }
}
