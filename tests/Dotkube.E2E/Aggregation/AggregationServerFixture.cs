using Dotkube.E2E.Harness;

namespace Dotkube.E2E.Aggregation;

/// <summary>
/// A server of the aggregation tests' own: an unavailable APIService degrades every client's
/// discovery, which must not leak into the shared server's tests.
/// </summary>
public sealed class AggregationServerFixture : IAsyncLifetime
{
    private DotkubeServer? server;

    public DotkubeServer Server => server ?? throw new InvalidOperationException("the server is not started");

    public async Task InitializeAsync() =>
        server = await DotkubeServer.StartAsync(new DotkubeServerOptions { ExtraArgs = ["--simulated-nodes", "0"] });

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
