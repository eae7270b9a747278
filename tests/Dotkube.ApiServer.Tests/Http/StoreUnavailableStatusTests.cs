using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Authorization;
using Dotkube.ApiServer.Discovery;
using Dotkube.ApiServer.Hosting;
using Dotkube.ApiServer.Http;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources;
using Dotkube.Storage;
using Dotkube.Storage.Memory;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dotkube.ApiServer.Tests.Http;

/// <summary>A datastore that cannot serve (etcd without quorum) answers 503 or 504 Statuses that say so, not 500.</summary>
public sealed class StoreUnavailableStatusTests : IAsyncLifetime
{
    private readonly LoopbackTokenAuthenticator tokens = new();
    private readonly DownStore store = new();
    private LoopbackTransport? transport;

    public async Task InitializeAsync()
    {
        var registry = new ResourceRegistry();
        registry.RegisterAll(BuiltinResources.All);
        var handler = new ApiHandler(registry, store, [tokens], [new AllowEverything()], [],
            new DiscoveryDocuments(registry, () => "127.0.0.1:6443"), null, TimeProvider.System, NullLogger.Instance);
        transport = await LoopbackTransport.StartAsync(handler, tokens, NullLoggerFactory.Instance, default);
    }

    public async Task DisposeAsync()
    {
        if (transport is not null)
        {
            await transport.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(false, 503, "ServiceUnavailable", "the datastore is unavailable: etcd create failed")]
    [InlineData(true, 504, "Timeout", "the datastore did not answer in time; the request may or may not have been applied: etcd create failed")]
    public async Task A_write_the_datastore_cannot_take_is_a_5xx_status_naming_it(bool timedOut, int code, string reason, string message)
    {
        using var client = transport!.CreateClient(new UserInfo("admin", ["system:masters"]));
        store.Failure = new Unavailable("etcd create failed: Unavailable: etcdserver: request timed out", timedOut);

        using var response = await client.PostAsync("/api/v1/namespaces",
            new StringContent("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"n"}}""", Encoding.UTF8, "application/json"));

        Assert.Equal((HttpStatusCode)code, response.StatusCode);
        Assert.False(response.Headers.Contains("Retry-After"));
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(("Status", reason, code), (status["kind"]!.GetValue<string>(), status["reason"]!.GetValue<string>(), status["code"]!.GetValue<int>()));
        Assert.StartsWith(message, status["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_the_datastore_cannot_serve_is_503_too()
    {
        using var client = transport!.CreateClient(new UserInfo("admin", ["system:masters"]));
        store.Failure = new Unavailable("etcd range failed: Unavailable: etcdserver: no leader", timedOut: false);

        using var response = await client.GetAsync("/api/v1/namespaces/default/configmaps/x");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    private sealed class Unavailable(string message, bool timedOut) : StoreUnavailableException(message)
    {
        public override bool TimedOut => timedOut;
    }

    private sealed class AllowEverything : IAuthorizer
    {
        public ValueTask<AuthorizationResult> AuthorizeAsync(AuthorizationAttributes attributes, CancellationToken cancellationToken) =>
            ValueTask.FromResult(AuthorizationResult.Allowed);
    }

    /// <summary>A memory store that throws <see cref="Failure"/> from every call while it is set.</summary>
    private sealed class DownStore : IRevisionedStore
    {
        private readonly MemoryStore inner = new();

        public StoreUnavailableException? Failure { get; set; }

        public long CurrentRevision => inner.CurrentRevision;

        public long CompactedRevision => inner.CompactedRevision;

        private void ThrowIfDown()
        {
            if (Failure is { } e)
            {
                throw e;
            }
        }

        public Task<KeyValue> CreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
        {
            ThrowIfDown();
            return inner.CreateAsync(key, value, cancellationToken);
        }

        public Task<KeyValue?> GetAsync(string key, long revision = 0, CancellationToken cancellationToken = default)
        {
            ThrowIfDown();
            return inner.GetAsync(key, revision, cancellationToken);
        }

        public Task<ListResult> ListAsync(string prefix, ListOptions options, CancellationToken cancellationToken = default)
        {
            ThrowIfDown();
            return inner.ListAsync(prefix, options, cancellationToken);
        }

        public Task<long> CountAsync(string prefix, CancellationToken cancellationToken = default)
        {
            ThrowIfDown();
            return inner.CountAsync(prefix, cancellationToken);
        }

        public Task<KeyValue> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, CancellationToken cancellationToken = default)
        {
            ThrowIfDown();
            return inner.UpdateAsync(key, value, expectedModRevision, cancellationToken);
        }

        public Task<KeyValue> DeleteAsync(string key, long expectedModRevision = 0, CancellationToken cancellationToken = default)
        {
            ThrowIfDown();
            return inner.DeleteAsync(key, expectedModRevision, cancellationToken);
        }

        public async IAsyncEnumerable<WatchEvent> WatchAsync(string prefix, long afterRevision, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            ThrowIfDown();
            await foreach (var e in inner.WatchAsync(prefix, afterRevision, cancellationToken))
            {
                yield return e;
            }
        }

        public Task CompactAsync(long revision, CancellationToken cancellationToken = default) => inner.CompactAsync(revision, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
