namespace Dotkube.E2E.Harness;

/// <summary>
/// A dotkube server running the API alone — no controllers, scheduler or nodes — for tests of the
/// registry's own semantics (status and main resource, generation, conflicts) that a controller
/// writing the same objects would race with. Upstream tests these against a bare kube-apiserver.
/// </summary>
public sealed class ApiOnlyServerFixture : IAsyncLifetime
{
    private DotkubeServer? _server;

    public DotkubeServer Server => _server ?? throw new InvalidOperationException("the API-only server is not started");

    public async Task InitializeAsync() => _server = await DotkubeServer.StartAsync(new DotkubeServerOptions
    {
        ExtraArgs = ["--controllers=", "--scheduler=false", "--simulated-nodes", "0"],
    });

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>Test classes marked <c>[Collection(ApiOnlyServerCollection.Name)]</c> share one API-only server.</summary>
[CollectionDefinition(Name)]
public sealed class ApiOnlyServerCollection : ICollectionFixture<ApiOnlyServerFixture>
{
    public const string Name = "API-only dotkube server";
}
