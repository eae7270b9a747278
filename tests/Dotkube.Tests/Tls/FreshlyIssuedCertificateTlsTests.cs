namespace Dotkube.Tests.Tls;

/// <summary>The first start serves certificates issued in memory moments ago; kubectl must accept them too.</summary>
public sealed class FreshlyIssuedCertificateTlsTests
{
    [Fact]
    public async Task Kubectl_verifies_a_serving_certificate_issued_moments_ago()
    {
        var server = new WhoAmIServer(reloadPki: false);
        await server.InitializeAsync();
        try
        {
            var (exitCode, stdout, stderr) = await KubeconfigOverTlsTests.Run(
                "/usr/bin/kubectl", "--kubeconfig", server.Kubeconfig, "get", "--raw", "/whoami");

            Assert.True(exitCode == 0, stderr);
            Assert.Contains("dotkube-admin", stdout);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
