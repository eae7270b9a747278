using System.Text.Json.Nodes;
using Dotkube.ApiServer.Admission;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Errors;
using Dotkube.Storage;
using Dotkube.Storage.Memory;

namespace Dotkube.ApiServer.Tests.RegistryTests;

/// <summary>
/// RetryGenerateName (GA in 1.32): a create whose generated name is taken tries a new one, eight attempts in all;
/// a name the client chose is never replaced.
/// </summary>
public class GenerateNameRetryTests
{
    private sealed class WidgetStrategy : ResourceStrategy;

    private static readonly ResourceDefinition Widgets = new()
    {
        Group = "example.com",
        Versions = ["v1"],
        Kind = "Widget",
        Plural = "widgets",
        Singular = "widget",
        Namespaced = true,
        StoragePrefix = "/registry/example.com/widgets",
        Strategy = new WidgetStrategy(),
    };

    /// <summary>A store whose first <c>collisions</c> creates find their key taken.</summary>
    private sealed class CollidingStore(int collisions) : IRevisionedStore
    {
        private readonly MemoryStore inner = new();

        public List<string> Attempts { get; } = [];

        public long CurrentRevision => inner.CurrentRevision;

        public long CompactedRevision => inner.CompactedRevision;

        public Task<KeyValue> CreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
        {
            Attempts.Add(key);
            return Attempts.Count <= collisions ? throw new KeyExistsException(key) : inner.CreateAsync(key, value, cancellationToken);
        }

        public Task<KeyValue?> GetAsync(string key, long revision = 0, CancellationToken cancellationToken = default) => inner.GetAsync(key, revision, cancellationToken);

        public Task<ListResult> ListAsync(string prefix, ListOptions options, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, options, cancellationToken);

        public Task<long> CountAsync(string prefix, CancellationToken cancellationToken = default) => inner.CountAsync(prefix, cancellationToken);

        public Task<KeyValue> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, CancellationToken cancellationToken = default) => inner.UpdateAsync(key, value, expectedModRevision, cancellationToken);

        public Task<KeyValue> DeleteAsync(string key, long expectedModRevision = 0, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, expectedModRevision, cancellationToken);

        public IAsyncEnumerable<WatchEvent> WatchAsync(string prefix, long afterRevision, CancellationToken cancellationToken = default) => inner.WatchAsync(prefix, afterRevision, cancellationToken);

        public Task CompactAsync(long revision, CancellationToken cancellationToken = default) => inner.CompactAsync(revision, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    private static JsonObject Widget(JsonObject metadata) => new()
    {
        ["apiVersion"] = "example.com/v1",
        ["kind"] = "Widget",
        ["metadata"] = metadata,
    };

    [Theory]
    [InlineData(0, 1)]
    [InlineData(3, 4)]
    [InlineData(7, 8)]
    public async Task A_taken_generated_name_is_generated_anew(int collisions, int attempts)
    {
        var backing = new CollidingStore(collisions);
        var store = new GenericStore(Widgets, backing, AdmissionChain.Empty, TimeProvider.System);
        var created = await store.CreateAsync("ns1", Widget(new JsonObject { ["generateName"] = "w-" }), WriteOptions.Internal, default);
        Assert.Equal(attempts, backing.Attempts.Count);
        Assert.Equal(attempts, backing.Attempts.Distinct().Count());
        var name = ObjectJson.Name(created);
        Assert.Matches("^w-[a-z0-9]{5}$", name);
        Assert.EndsWith("/" + name, backing.Attempts[^1], StringComparison.Ordinal);
        Assert.NotNull(await store.TryGetAsync("ns1", name, default));
    }

    [Fact]
    public async Task Eight_taken_names_are_AlreadyExists()
    {
        var backing = new CollidingStore(8);
        var store = new GenericStore(Widgets, backing, AdmissionChain.Empty, TimeProvider.System);
        var e = await Assert.ThrowsAsync<StatusException>(() => store.CreateAsync("ns1", Widget(new JsonObject { ["generateName"] = "w-" }), WriteOptions.Internal, default));
        Assert.Equal(409, e.Code);
        Assert.Equal(8, backing.Attempts.Count);
    }

    [Fact]
    public async Task A_chosen_name_is_not_replaced()
    {
        var backing = new CollidingStore(1);
        var store = new GenericStore(Widgets, backing, AdmissionChain.Empty, TimeProvider.System);
        var e = await Assert.ThrowsAsync<StatusException>(() => store.CreateAsync("ns1", Widget(new JsonObject { ["name"] = "mine", ["generateName"] = "w-" }), WriteOptions.Internal, default));
        Assert.Equal(409, e.Code);
        Assert.Single(backing.Attempts);
    }
}
