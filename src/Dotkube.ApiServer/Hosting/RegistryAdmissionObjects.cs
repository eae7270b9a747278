using System.Text.Json.Nodes;
using Dotkube.ApiServer.Admission;
using Dotkube.ApiServer.Http;
using Dotkube.ApiServer.Registry;
using Dotkube.Machinery.Errors;

namespace Dotkube.ApiServer.Hosting;

/// <summary>Admission plugins' reads (and namespace creation) straight from the registry's stores.</summary>
internal sealed class RegistryAdmissionObjects(Func<ApiHandler?> handler) : IAdmissionObjects
{
    public async Task<JsonObject?> GetAsync(string group, string plural, string ns, string name, CancellationToken cancellationToken) =>
        StoreFor(group, plural) is { } store ? await store.TryGetAsync(ns, name, cancellationToken) : null;

    public async Task<IReadOnlyList<JsonObject>> ListAsync(string group, string plural, string ns, CancellationToken cancellationToken) =>
        StoreFor(group, plural) is { } store ? (await store.ListAsync(ns, new ListQuery(), cancellationToken)).Items : [];

    public async Task CreateAsync(string group, string plural, string ns, JsonObject obj, CancellationToken cancellationToken)
    {
        if (StoreFor(group, plural) is not { } store)
        {
            throw StatusException.Internal($"{StatusException.Qualified(group, plural)} is not served");
        }
        try
        {
            await store.CreateAsync(ns, obj, WriteOptions.Internal, cancellationToken);
        }
        catch (StatusException e) when (e.Reason == "AlreadyExists")
        {
            // Created meanwhile by someone else: what was wanted.
        }
    }

    private sealed record Index(ApiHandler Handler, long Generation, Dictionary<(string Group, string Plural), ResourceDefinition> Definitions);

    private Index? index;

    /// <summary>The store of a served resource, or null.</summary>
    public GenericStore? StoreFor(string group, string plural)
    {
        if (handler() is not { } h)
        {
            return null;
        }
        // Admission asks on every create; the registry's list is searched again only when it changes.
        var current = Volatile.Read(ref index);
        var generation = h.Registry.Generation;
        if (current is null || current.Handler != h || current.Generation != generation)
        {
            var definitions = new Dictionary<(string, string), ResourceDefinition>();
            foreach (var d in h.Registry.All)
            {
                definitions.TryAdd((d.Group, d.Plural), d);
            }
            current = new Index(h, generation, definitions);
            Volatile.Write(ref index, current);
        }
        return current.Definitions.TryGetValue((group, plural), out var def) ? h.StoreFor(def) : null;
    }
}
