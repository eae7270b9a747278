using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Dotkube.ApiServer.Http;
using Dotkube.ApiServer.Registry;
using Dotkube.Machinery.Errors;
using Microsoft.Extensions.Logging;

namespace Dotkube.ApiServer.CustomResources;

/// <summary>
/// Serves what CustomResourceDefinitions define, as upstream's naming, establishing and
/// finalizing controllers together: on every CRD change it checks the names against the other
/// CRDs of the group (NamesAccepted), registers the resource (served in discovery and OpenAPI
/// at once, then Established), keeps status.acceptedNames and status.storedVersions, and on
/// deletion deletes every custom resource before releasing the CRD's cleanup finalizer and
/// unregistering the resource. Keyed by CRD name, watch-driven, retried after failures.
/// It runs in the API server's process and writes through the generic store as system:apiserver.
/// </summary>
public sealed class CrdController(ApiHandler api, ILogger logger, TimeProvider clock)
{
    public const string Group = "apiextensions.k8s.io";

    private readonly Channel<string> queue = Channel.CreateUnbounded<string>();
    private readonly ConcurrentDictionary<string, (string Group, string Plural)> served = new(StringComparer.Ordinal);

    private GenericStore Crds => api.StoreFor(api.Registry.Find(Group, "v1", "customresourcedefinitions")
        ?? throw new InvalidOperationException("customresourcedefinitions are not registered"));

    /// <summary>Serves every stored CRD, then keeps following changes until <paramref name="ct"/> ends.</summary>
    public async Task<Task> StartAsync(CancellationToken ct)
    {
        var page = await Crds.ListAsync("", new ListQuery(), ct);
        foreach (var crd in page.Items)
        {
            await ReconcileAsync(ObjectJson.Name(crd), ct);
        }
        return Task.WhenAll(WatchAsync(page.ResourceVersion, ct), WorkAsync(ct));
    }

    private async Task WatchAsync(long after, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await foreach (var e in Crds.WatchAsync("", after, ct))
                {
                    after = e.Revision;
                    queue.Writer.TryWrite(ObjectJson.Name(e.Object));
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is StatusException or Storage.StorageException)
            {
                // Compacted or failed: start again from a fresh list.
                logger.LogWarning(e, "crd controller: watch ended; relisting");
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
                var page = await Crds.ListAsync("", new ListQuery(), ct);
                foreach (var crd in page.Items)
                {
                    queue.Writer.TryWrite(ObjectJson.Name(crd));
                }
                foreach (var name in served.Keys)
                {
                    queue.Writer.TryWrite(name);
                }
                after = page.ResourceVersion;
            }
        }
    }

    private async Task WorkAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var name in queue.Reader.ReadAllAsync(ct))
            {
                bool done;
                try
                {
                    done = await ReconcileAsync(name, ct);
                }
                catch (Exception e) when (e is StatusException or Storage.StorageException)
                {
                    logger.LogWarning(e, "crd controller: {Name} failed; retrying", name);
                    done = false;
                }
                if (!done)
                {
                    _ = RequeueLaterAsync(name, ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task RequeueLaterAsync(string name, CancellationToken ct)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
            queue.Writer.TryWrite(name);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <returns>true when the CRD needs nothing more for now.</returns>
    public async Task<bool> ReconcileAsync(string name, CancellationToken ct)
    {
        var crd = await Crds.TryGetAsync("", name, ct);
        if (crd is null)
        {
            Unserve(name);
            return true;
        }
        var view = CrdView.Of(crd);
        if (ObjectJson.IsDeleting(crd))
        {
            return await FinalizeAsync(crd, view, ct);
        }
        var others = (await Crds.ListAsync("", new ListQuery(), ct)).Items
            .Where(o => ObjectJson.Name(o) != name && CrdView.Of(o).Group == view.Group)
            .ToList();
        var conflict = NameConflict(view, others);
        var now = ObjectJson.Timestamp(clock.GetUtcNow());
        var accepted = conflict is null;
        if (accepted && view.Versions.Count > 0)
        {
            Serve(view);
        }
        await Crds.UpdateAsync("", name, current =>
        {
            if (ObjectJson.Uid(current) != view.Uid)
            {
                return current;
            }
            var status = current["status"] as JsonObject ?? [];
            current["status"] = status;
            if (accepted)
            {
                status["acceptedNames"] = AcceptedNames(view);
                CrdConditions.Set(status, "NamesAccepted", "True", "NoConflicts", "no conflicts found", now);
                CrdConditions.Set(status, "Established", "True", "InitialNamesAccepted", "the initial names have been accepted", now);
                var stored = status["storedVersions"] as JsonArray ?? [];
                if (view.StorageVersion is { } storage && !stored.Any(v => v?.GetValue<string>() == storage.Name))
                {
                    stored.Add(storage.Name);
                }
                status["storedVersions"] = stored;
            }
            else
            {
                status["acceptedNames"] ??= new JsonObject { ["plural"] = "", ["kind"] = "" };
                CrdConditions.Set(status, "NamesAccepted", "False", conflict!.Value.Reason, conflict.Value.Message, now);
                if (!CrdConditions.IsTrue(current, "Established"))
                {
                    CrdConditions.Set(status, "Established", "False", "NotAccepted", "not all names are accepted", now);
                }
            }
            ObjectJson.Metadata(current).Remove("resourceVersion");
            return current;
        }, UpdateTarget.Status, WriteOptions.Internal, ct);
        return true;
    }

    private static JsonObject AcceptedNames(CrdView view)
    {
        var names = new JsonObject
        {
            ["plural"] = view.Plural,
            ["singular"] = view.Singular,
        };
        if (view.ShortNames.Count > 0)
        {
            names["shortNames"] = new JsonArray(view.ShortNames.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
        }
        names["kind"] = view.Kind;
        names["listKind"] = view.ListKind;
        if (view.Categories.Count > 0)
        {
            names["categories"] = new JsonArray(view.Categories.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
        }
        return names;
    }

    /// <summary>The first clash with names another CRD of the group has accepted, as upstream's naming controller words it.</summary>
    private static (string Reason, string Message)? NameConflict(CrdView view, List<JsonObject> others)
    {
        foreach (var other in others)
        {
            if (other["status"]?["acceptedNames"] is not JsonObject names)
            {
                continue;
            }
            var plural = CrdView.Text(names, "plural");
            var singular = CrdView.Text(names, "singular");
            var kind = CrdView.Text(names, "kind");
            var listKind = CrdView.Text(names, "listKind");
            var shortNames = CrdView.Strings(names["shortNames"]);
            if (view.Plural == plural || view.Plural == singular)
            {
                return ("PluralConflict", $"\"{view.Plural}\" is already in use");
            }
            if (view.Singular == plural || view.Singular == singular)
            {
                return ("SingularConflict", $"\"{view.Singular}\" is already in use");
            }
            foreach (var s in view.ShortNames)
            {
                if (shortNames.Contains(s) || s == plural || s == singular)
                {
                    return ("ShortNamesConflict", $"\"{s}\" is already in use");
                }
            }
            if (view.Kind == kind || view.Kind == listKind)
            {
                return ("KindConflict", $"\"{view.Kind}\" is already in use");
            }
            if (view.ListKind == kind || view.ListKind == listKind)
            {
                return ("ListKindConflict", $"\"{view.ListKind}\" is already in use");
            }
        }
        return null;
    }

    private void Serve(CrdView view)
    {
        if (served.TryGetValue(view.Name, out var previous) && (previous.Group != view.Group || previous.Plural != view.Plural))
        {
            api.Registry.Unregister(previous.Group, previous.Plural);
        }
        var webhook = view.ConversionStrategy == "Webhook" ? new ConversionWebhookClient(view, ResolveService) : null;
        api.Registry.Register(CustomResourceDefinitions.ToResource(view, webhook));
        served[view.Name] = (view.Group, view.Plural);
    }

    private void Unserve(string name)
    {
        if (served.TryRemove(name, out var resource))
        {
            api.Registry.Unregister(resource.Group, resource.Plural);
            logger.LogInformation("custom resource {Plural}.{Group} no longer served", resource.Plural, resource.Group);
        }
    }

    /// <summary>Deletes every custom resource of a terminating CRD, then lets the CRD go.</summary>
    private async Task<bool> FinalizeAsync(JsonObject crd, CrdView view, CancellationToken ct)
    {
        if (!(ObjectJson.Finalizers(crd)?.Any(f => f?.GetValue<string>() == CustomResourceCleanup.Finalizer) ?? false))
        {
            return true;
        }
        var def = api.Registry.All.FirstOrDefault(d => d.Group == view.Group && d.Plural == view.Plural && d.Strategy is CustomResourceStrategy);
        if (def is not null)
        {
            // Upstream's finalizer marks the CRD Terminating before deleting instances; from then on
            // its handler refuses creates.
            ((CustomResourceStrategy)def.Strategy).Terminating = true;
            if (!CrdConditions.IsTrue(crd, "Terminating"))
            {
                var started = ObjectJson.Timestamp(clock.GetUtcNow());
                await Crds.UpdateAsync("", view.Name, current =>
                {
                    var status = current["status"] as JsonObject ?? [];
                    current["status"] = status;
                    CrdConditions.Set(status, "Terminating", "True", "InstanceDeletionInProgress", "CustomResource deletion is in progress", started);
                    ObjectJson.Metadata(current).Remove("resourceVersion");
                    return current;
                }, UpdateTarget.Status, WriteOptions.Internal, ct);
            }
            var store = api.StoreFor(def);
            var items = (await store.ListAsync("", new ListQuery(), ct)).Items;
            foreach (var item in items.Where(i => !ObjectJson.IsDeleting(i)))
            {
                try
                {
                    await store.DeleteAsync(ObjectJson.Namespace(item), ObjectJson.Name(item), new DeleteRequest(PropagationPolicy: "Background"), WriteOptions.Internal, ct);
                }
                catch (StatusException e) when (e.Code == 404)
                {
                }
            }
            if ((await store.ListAsync("", new ListQuery(Limit: 1), ct)).Items.Count > 0)
            {
                return false;
            }
        }
        var now = ObjectJson.Timestamp(clock.GetUtcNow());
        await Crds.UpdateAsync("", view.Name, current =>
        {
            var status = current["status"] as JsonObject ?? [];
            current["status"] = status;
            CrdConditions.Set(status, "Terminating", "True", "InstanceDeletionCompleted", "removed all instances", now);
            if (ObjectJson.Finalizers(current) is { } finalizers)
            {
                var kept = new JsonArray(finalizers.Where(f => f?.GetValue<string>() != CustomResourceCleanup.Finalizer).Select(f => f?.DeepClone()).ToArray());
                ObjectJson.Metadata(current)["finalizers"] = kept;
            }
            ObjectJson.Metadata(current).Remove("resourceVersion");
            return current;
        }, UpdateTarget.Subresource, WriteOptions.Internal, ct);
        return true;
    }

    /// <summary>An address of a ready endpoint of the Service port, from its Endpoints object.</summary>
    private string? ResolveService(string ns, string name, int port)
    {
        var service = api.Registry.Find("", "v1", "services");
        var endpointsDef = api.Registry.Find("", "v1", "endpoints");
        if (service is null || endpointsDef is null)
        {
            return null;
        }
        var svc = api.StoreFor(service).TryGetAsync(ns, name, CancellationToken.None).GetAwaiter().GetResult();
        var endpoints = api.StoreFor(endpointsDef).TryGetAsync(ns, name, CancellationToken.None).GetAwaiter().GetResult();
        if (svc is null || endpoints is null)
        {
            return null;
        }
        var servicePort = (svc["spec"]?["ports"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(p => ObjectJson.TryGetLong(p["port"], out var n) && n == port);
        var portName = servicePort is null ? "" : CrdView.Text(servicePort, "name");
        foreach (var subset in (endpoints["subsets"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var target = (subset["ports"] as JsonArray)?.OfType<JsonObject>()
                .FirstOrDefault(p => CrdView.Text(p, "name") == portName);
            var address = (subset["addresses"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault();
            if (target is not null && address is not null && ObjectJson.TryGetLong(target["port"], out var targetPort))
            {
                var ip = CrdView.Text(address, "ip");
                return ip.Contains(':') ? $"[{ip}]:{targetPort}" : $"{ip}:{targetPort}";
            }
        }
        return null;
    }
}
