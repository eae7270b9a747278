using Dotkube.ApiServer.Admission;
using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Lifecycle;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.Core;
using Dotkube.Storage.Memory;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dotkube.ApiServer.Tests.LifecycleTests;

/// <summary>
/// A garbage collector over an in-memory store with ConfigMaps and Secrets (namespaced, core) and
/// Gadgets (cluster-scoped, example.com), driven step by step or by its own watches.
/// </summary>
internal sealed class GarbageCollectorFixture : IObjectStores, IAsyncDisposable
{
    public static readonly ResourceDefinition ConfigMapsDef = ConfigMaps.Definition;
    public static readonly ResourceDefinition SecretsDef = Secrets.Definition;

    public static readonly ResourceDefinition Gadgets = new()
    {
        Group = "example.com",
        Versions = ["v1"],
        Kind = "Gadget",
        Plural = "gadgets",
        Singular = "gadget",
        Namespaced = false,
        StoragePrefix = "/registry/example.com/gadgets",
        Strategy = new PassThroughStrategy(),
    };

    private readonly ConcurrentDictionary<ResourceDefinition, GenericStore> generic = new();

    public GarbageCollectorFixture(GarbageCollectorOptions? options = null)
    {
        Registry.RegisterAll([ConfigMapsDef, SecretsDef, Gadgets]);
        Collector = new GarbageCollector(this, NullLogger.Instance, options);
    }

    public MemoryStore Store { get; } = new();

    public ResourceRegistry Registry { get; } = new();

    public GarbageCollector Collector { get; }

    public GenericStore For(ResourceDefinition definition) =>
        generic.GetOrAdd(definition, d => new GenericStore(d, Store, AdmissionChain.Empty, TimeProvider.System));

    public async Task<JsonObject> CreateAsync(ResourceDefinition def, string ns, string name, params JsonObject[] owners)
    {
        var meta = new JsonObject { ["name"] = name };
        if (owners.Length > 0)
        {
            meta["ownerReferences"] = new JsonArray([.. owners]);
        }
        var obj = new JsonObject
        {
            ["apiVersion"] = def.StorageApiVersion,
            ["kind"] = def.Kind,
            ["metadata"] = meta,
        };
        return await For(def).CreateAsync(ns, obj, WriteOptions.Internal, default);
    }

    /// <summary>An owner reference to <paramref name="owner"/>, as a controller would write it.</summary>
    public static JsonObject Ref(JsonObject owner, bool block = false, bool controller = false) => new()
    {
        ["apiVersion"] = owner["apiVersion"]!.GetValue<string>(),
        ["kind"] = owner["kind"]!.GetValue<string>(),
        ["name"] = ObjectJson.Name(owner),
        ["uid"] = ObjectJson.Uid(owner),
        ["blockOwnerDeletion"] = block,
        ["controller"] = controller,
    };

    public static JsonObject Ref(string apiVersion, string kind, string name, string uid) => new()
    {
        ["apiVersion"] = apiVersion,
        ["kind"] = kind,
        ["name"] = name,
        ["uid"] = uid,
    };

    public Task<DeleteResult> DeleteAsync(ResourceDefinition def, string ns, string name, string? propagationPolicy = null) =>
        For(def).DeleteAsync(ns, name, new DeleteRequest(PropagationPolicy: propagationPolicy), WriteOptions.Internal, default);

    public Task<JsonObject?> GetAsync(ResourceDefinition def, string ns, string name) => For(def).TryGetAsync(ns, name, default);

    /// <summary>One step: relist everything into the graph, then work the queue dry.</summary>
    public async Task StepAsync()
    {
        await Collector.SyncAsync(default);
        await Collector.DrainAsync(default);
    }

    /// <summary>Steps until a step writes nothing (at most 20 steps).</summary>
    public async Task SettleAsync()
    {
        for (var i = 0; i < 20; i++)
        {
            var before = Store.CurrentRevision;
            await StepAsync();
            if (Store.CurrentRevision == before)
            {
                return;
            }
        }
        throw new InvalidOperationException("the garbage collector did not settle in 20 steps");
    }

    /// <summary>Polls until <paramref name="condition"/> holds, for the watch-driven tests.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(20);
        }
        Assert.Fail($"timed out waiting until {what}");
    }

    public static IReadOnlyList<string> OwnerUids(JsonObject obj) =>
        OwnerReference.Of(obj).Select(r => r.Uid).ToList();

    public ValueTask DisposeAsync() => Store.DisposeAsync();
}
