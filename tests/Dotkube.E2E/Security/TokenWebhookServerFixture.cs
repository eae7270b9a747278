using Dotkube.E2E.Harness;

namespace Dotkube.E2E.Security;

/// <summary>A server (the API alone) that sends bearer tokens to a webhook the test runs, caching its answers for 2 minutes.</summary>
public sealed class TokenWebhookServerFixture : IAsyncLifetime
{
    private readonly string dir = Directory.CreateTempSubdirectory("dotkube-e2e-webhook-").FullName;
    private DotkubeServer? server;

    public DotkubeServer Server => server ?? throw new InvalidOperationException("the server is not started");

    public TestTokenWebhook Webhook { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var kubeconfig = Path.Combine(dir, "webhook.kubeconfig");
        Webhook = new TestTokenWebhook(kubeconfig);
        server = await DotkubeServer.StartAsync(new DotkubeServerOptions
        {
            ExtraArgs =
            [
                "--controllers=", "--scheduler=false", "--simulated-nodes", "0",
                "--authentication-token-webhook-config-file", kubeconfig,
                "--authentication-token-webhook-cache-ttl", "2m",
            ],
        });
    }

    /// <summary>kubectl with only a bearer token.</summary>
    public Task<KubectlResult> KubectlWithToken(string token, params string[] args) =>
        Server.Kubectl(["--kubeconfig=/dev/null", $"--server={Server.Url}", $"--certificate-authority={Path.Combine(Server.DataDir, "pki", "ca.crt")}", $"--token={token}", .. args]);

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
        await Webhook.DisposeAsync();
        Directory.Delete(dir, recursive: true);
    }
}
