using Dotkube.E2E.Harness;

namespace Dotkube.E2E.Security;

/// <summary>
/// A server of its own for the authentication tests: a static token file and a token Secret per
/// service account (--legacy-service-account-token-secrets), as the course's flows expect, and
/// bootstrap tokens.
/// </summary>
public sealed class SecurityServerFixture : IAsyncLifetime
{
    public const string StaticToken = "31ada4fd-adec-460c-809a-9e56ceb75269";

    private readonly string _tokenDir = Directory.CreateTempSubdirectory("dotkube-e2e-tokens-").FullName;
    private DotkubeServer? _server;

    public DotkubeServer Server => _server ?? throw new InvalidOperationException("the server is not started");

    public async Task InitializeAsync()
    {
        var tokenFile = Path.Combine(_tokenDir, "tokens.csv");
        await File.WriteAllTextAsync(tokenFile, $"{StaticToken},alice,1001,\"ops,auditors\"\n");
        _server = await DotkubeServer.StartAsync(new DotkubeServerOptions
        {
            ExtraArgs = ["--token-auth-file", tokenFile, "--legacy-service-account-token-secrets", "--enable-bootstrap-token-auth"],
        });
    }

    /// <summary>kubectl with only a bearer token: no kubeconfig, the cluster CA, the server's URL.</summary>
    public Task<KubectlResult> KubectlWithToken(string token, params string[] args) => KubectlWithToken(token, args, null);

    /// <summary>The same with <paramref name="stdin"/> piped in (e.g. <c>create -f -</c>).</summary>
    public Task<KubectlResult> KubectlWithToken(string token, string[] args, string? stdin) =>
        Server.Kubectl(["--kubeconfig=/dev/null", $"--server={Server.Url}", $"--certificate-authority={Path.Combine(Server.DataDir, "pki", "ca.crt")}", $"--token={token}", .. args], stdin);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        Directory.Delete(_tokenDir, recursive: true);
    }
}
