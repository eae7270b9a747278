using k8s;

namespace Dotkube.E2E.Harness;

/// <summary>
/// One dotkube server for every test class in the <see cref="SharedServerCollection"/>; started
/// before the first and stopped after the last. Tests share it, so each works in a namespace of
/// its own (<see cref="UniqueNamespace"/>) and changes nothing cluster-wide that others read.
/// </summary>
public sealed class SharedServerFixture : IAsyncLifetime
{
    private DotkubeServer? _server;

    public DotkubeServer Server => _server ?? throw new InvalidOperationException("the shared server is not started");

    /// <summary>A namespace name no other test uses: the prefix and a random suffix.</summary>
    public static string UniqueNamespace(string prefix) =>
        $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    public async Task InitializeAsync()
    {
        _server = await DotkubeServer.StartAsync();
        await WaitForControllerManagerAsync(_server);
    }

    /// <summary>
    /// Waits until the controller manager acts (it takes its Lease a moment after the API serves):
    /// until then, as on Kubernetes, pods in a new namespace are refused for want of the default
    /// service account.
    /// </summary>
    public static async Task WaitForControllerManagerAsync(DotkubeServer server)
    {
        using var client = server.Client();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await client.CoreV1.ReadNamespacedServiceAccountAsync("default", "default");
                return;
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>Test classes marked <c>[Collection(SharedServerCollection.Name)]</c> share one server.</summary>
[CollectionDefinition(Name)]
public sealed class SharedServerCollection : ICollectionFixture<SharedServerFixture>
{
    public const string Name = "shared dotkube server";
}
