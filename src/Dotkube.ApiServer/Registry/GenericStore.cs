using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Admission;
using Dotkube.Machinery.Errors;
using Dotkube.Machinery.Validation;
using Dotkube.Storage;

namespace Dotkube.ApiServer.Registry;

/// <summary>
/// The one REST store every resource goes through, in kube-apiserver's fixed order:
/// metadata → strategy prepare → default → validate → admission → persist → translate errors.
/// Objects here are in the resource's storage apiVersion; conversion to served versions happens
/// at the HTTP edge. resourceVersion is the store's mod revision, filled in on every read and
/// never stored.
/// </summary>
public sealed partial class GenericStore(
    ResourceDefinition definition,
    IRevisionedStore store,
    AdmissionChain admission,
    TimeProvider clock,
    WatchCache.WatchCaches? caches = null)
{
    private const int MaxUpdateAttempts = 16;

    private long lastWriteRevision;

    /// <summary>
    /// The revision of the newest write this server made to this resource (0 before any). A cache fed by
    /// a watch of the resource has seen every one of this server's own writes once it has applied this
    /// revision, so it can answer reads without missing a write a client has already been told about.
    /// </summary>
    public long LastWriteRevision => Volatile.Read(ref lastWriteRevision);

    /// <summary>Records a write's revision; returns it for chaining.</summary>
    private long Wrote(long revision)
    {
        var seen = Volatile.Read(ref lastWriteRevision);
        while (seen < revision)
        {
            var was = Interlocked.CompareExchange(ref lastWriteRevision, revision, seen);
            if (was == seen)
            {
                break;
            }
            seen = was;
        }
        return revision;
    }

    public ResourceDefinition Definition => definition;

    private IResourceStrategy Strategy => definition.Strategy;

    public string KeyFor(string ns, string name) =>
        definition.Namespaced ? $"{definition.StoragePrefix}/{ns}/{name}" : $"{definition.StoragePrefix}/{name}";

    public string PrefixFor(string ns) =>
        definition.Namespaced && ns.Length > 0 ? $"{definition.StoragePrefix}/{ns}/" : $"{definition.StoragePrefix}/";

    public static JsonObject Decode(KeyValue kv)
    {
        var obj = ObjectJson.ParseObject(kv.Value);
        ObjectJson.Metadata(obj)["resourceVersion"] = kv.ModRevision.ToString(CultureInfo.InvariantCulture);
        return obj;
    }

    private static byte[] Encode(JsonObject obj)
    {
        // The revision is the store's; it is never part of the stored bytes.
        var meta = ObjectJson.Metadata(obj);
        var rv = meta["resourceVersion"];
        meta.Remove("resourceVersion");
        var bytes = ObjectJson.ToBytes(obj);
        if (rv is not null)
        {
            meta["resourceVersion"] = rv;
        }
        return bytes;
    }

    public async Task<JsonObject> CreateAsync(string ns, JsonObject obj, WriteOptions options, CancellationToken ct)
    {
        var stored = false;
        try
        {
            var result = await CreateCoreAsync(ns, obj, options, ct);
            stored = !options.DryRun;
            return result;
        }
        finally
        {
            // A failed or dry-run create gives back what preparing it took from shared pools.
            if (!stored && Strategy is IAllocatingStrategy pools)
            {
                pools.ReleaseAllocations(obj);
            }
        }
    }

    /// <summary>Upstream's RetryGenerateName (GA in 1.32): a generated name that is taken is generated anew, 8 tries in all.</summary>
    private const int NameGenerationAttempts = 8;

    private async Task<JsonObject> CreateCoreAsync(string ns, JsonObject obj, WriteOptions options, CancellationToken ct)
    {
        var generatedName = string.IsNullOrEmpty(ObjectJson.GetString(ObjectJson.Metadata(obj), "name"));
        MetadataRules.PrepareForCreate(obj, definition, clock.GetUtcNow());
        if (definition.Namespaced)
        {
            ObjectJson.Metadata(obj)["namespace"] = ns;
        }
        obj["apiVersion"] = definition.StorageApiVersion;
        obj["kind"] ??= definition.Kind;
        // Upstream defaults while decoding, before the strategy prepares the object.
        Strategy.Default(obj);
        ManagedFieldsTracking.Track(definition, null, obj, options.Subresource, options, clock.GetUtcNow());
        Strategy.PrepareForCreate(obj);
        var name = ObjectJson.Name(obj);
        var attributes = new AdmissionAttributes(definition, "CREATE", ns, name, options.Subresource, obj, null, options.DryRun, options.User);
        await admission.MutateAsync(attributes, ct);
        if (!options.SkipValidation)
        {
            ThrowIfInvalid(obj, Validate(obj));
        }
        Warn((Strategy as IWarningStrategy)?.WarningsOnCreate(obj));
        await admission.ValidateAsync(attributes, ct);
        if (options.DryRun)
        {
            var existing = await store.GetAsync(KeyFor(ns, name), 0, ct);
            if (existing is not null)
            {
                throw StatusException.AlreadyExists(definition.Group, definition.Plural, name);
            }
            return obj;
        }
        var generateName = generatedName ? ObjectJson.GetString(ObjectJson.Metadata(obj), "generateName") : null;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var kv = await store.CreateAsync(KeyFor(ns, name), Encode(obj), ct);
                ObjectJson.Metadata(obj)["resourceVersion"] = Wrote(kv.ModRevision).ToString(CultureInfo.InvariantCulture);
                return obj;
            }
            catch (KeyExistsException) when (generateName is { Length: > 0 } && attempt < NameGenerationAttempts)
            {
                name = MetadataRules.GenerateName(generateName);
                ObjectJson.Metadata(obj)["name"] = name;
            }
            catch (KeyExistsException)
            {
                throw StatusException.AlreadyExists(definition.Group, definition.Plural, name);
            }
            catch (ValueTooLargeException e)
            {
                throw StatusException.TooLarge($"Request entity too large: {e.Message}");
            }
        }
    }

    public async Task<JsonObject> GetAsync(string ns, string name, CancellationToken ct)
    {
        var kv = await store.GetAsync(KeyFor(ns, name), 0, ct);
        return kv is null ? throw NotFound(name) : Decode(kv);
    }

    public async Task<JsonObject?> TryGetAsync(string ns, string name, CancellationToken ct)
    {
        var kv = await store.GetAsync(KeyFor(ns, name), 0, ct);
        return kv is null ? null : Decode(kv);
    }

    private async Task<ListPage> ListFromStorageAsync(string ns, ListQuery query, CancellationToken ct)
    {
        var prefix = PrefixFor(ns);
        var revision = query.Revision;
        string? startKey = null;
        if (query.Continue is { Length: > 0 } token)
        {
            var (rv, after) = ContinueToken.Decode(token);
            revision = rv;
            startKey = prefix + after;
        }
        var items = new List<JsonObject>();
        var filter = query.Filter;
        while (true)
        {
            // With a filter, keep reading pages until the limit is met or the keys run out.
            var want = query.Limit > 0 ? query.Limit - items.Count : 0;
            var page = await ListStoreAsync(prefix, new ListOptions(want, revision, startKey), ct);
            revision = page.Revision;
            string? lastKey = null;
            foreach (var kv in page.Items)
            {
                lastKey = kv.Key;
                var obj = Decode(kv);
                if (filter is null || filter(obj))
                {
                    items.Add(obj);
                }
            }
            if (!page.More)
            {
                return new ListPage(items, revision, null, null);
            }
            if (query.Limit > 0 && items.Count >= query.Limit)
            {
                var next = ContinueToken.Encode(revision, lastKey![prefix.Length..]);
                return new ListPage(items, revision, next, filter is null ? page.RemainingCount : null);
            }
            startKey = lastKey;
        }
    }

    private async Task<ListResult> ListStoreAsync(string prefix, ListOptions options, CancellationToken ct)
    {
        try
        {
            return await store.ListAsync(prefix, options, ct);
        }
        catch (CompactedException) when (options.StartKey is not null)
        {
            throw StatusException.Gone(
                "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.");
        }
    }

    /// <summary>
    /// Updates an object by applying <paramref name="mutate"/> to the current stored object (a fresh
    /// copy on each attempt) and retrying when another writer got there first, unless the new object
    /// carries a resourceVersion precondition. Returns the stored object, or the old one unchanged
    /// when the update is a no-op (no new revision, as upstream).
    /// </summary>
    public async Task<JsonObject> UpdateAsync(
        string ns,
        string name,
        Func<JsonObject, JsonObject> mutate,
        UpdateTarget target,
        WriteOptions options,
        CancellationToken ct)
    {
        var key = KeyFor(ns, name);
        for (var attempt = 0; ; attempt++)
        {
            // The first attempt starts from the watch cache's object; when that guess was stale, every
            // failure it caused (a conflict, a precondition, a validation error, a no-op) retries from storage.
            var (modRevision, old, guessed) = await CurrentAsync(key, name, attempt == 0 && !options.DryRun, ct);
            try
            {
                var result = await TryUpdateAsync(key, ns, name, mutate, target, options, modRevision, old, guessed, attempt, ct);
                if (result is not null)
                {
                    return result;
                }
            }
            catch (StatusException) when (guessed)
            {
            }
        }
    }

    /// <returns>the result, or null to try again with the object read anew.</returns>
    private async Task<JsonObject?> TryUpdateAsync(
        string key,
        string ns,
        string name,
        Func<JsonObject, JsonObject> mutate,
        UpdateTarget target,
        WriteOptions options,
        long modRevision,
        JsonObject old,
        bool guessed,
        int attempt,
        CancellationToken ct)
    {
        {
            var obj = mutate((JsonObject)old.DeepClone());
            var preconditionRv = ObjectJson.ResourceVersion(obj);
            var currentRv = modRevision.ToString(CultureInfo.InvariantCulture);
            if (!string.IsNullOrEmpty(preconditionRv) && preconditionRv != currentRv)
            {
                throw Conflict(name);
            }
            obj["apiVersion"] = definition.StorageApiVersion;
            obj["kind"] = old["kind"]?.DeepClone() ?? definition.Kind;
            Strategy.Default(obj);
            if (target == UpdateTarget.Status)
            {
                var submitted = obj;
                obj = StatusUpdate(obj, old);
                if (options.ManagedFieldsDone)
                {
                    // An apply to /status computed the managedFields itself; they are the one metadata change it makes.
                    ObjectJson.Metadata(obj)["managedFields"] = submitted["metadata"]?["managedFields"]?.DeepClone();
                }
            }
            if (target != UpdateTarget.Subresource)
            {
                // Upstream records the write after defaulting and before the strategy prepares it.
                ManagedFieldsTracking.Track(definition, old, obj, target == UpdateTarget.Status ? "status" : options.Subresource, options, clock.GetUtcNow());
            }
            if (target == UpdateTarget.Main)
            {
                Strategy.PrepareForUpdate(obj, old);
            }
            MetadataRules.PrepareForUpdate(obj, old, definition);
            var attributes = new AdmissionAttributes(definition, "UPDATE", ns, name, target == UpdateTarget.Status ? "status" : options.Subresource, obj, old, options.DryRun, options.User);
            await admission.MutateAsync(attributes, ct);
            var errors = new List<FieldError>();
            MetadataRules.ValidateUpdate(obj, old, definition, errors);
            errors.AddRange(target switch
            {
                UpdateTarget.Status => Strategy.ValidateStatusUpdate(obj, old),
                UpdateTarget.Main => Strategy.ValidateUpdate(obj, old),
                _ => [],
            });
            ThrowIfInvalid(obj, errors);
            if (target == UpdateTarget.Main)
            {
                Warn((Strategy as IWarningStrategy)?.WarningsOnUpdate(obj, old));
            }
            await admission.ValidateAsync(attributes, ct);

            ObjectJson.Metadata(obj)["resourceVersion"] = currentRv;
            if (ObjectJson.DeepEquals(obj, old))
            {
                // A no-op against a cached guess proves nothing: upstream re-reads storage first.
                return guessed ? null : old;
            }
            if (options.DryRun)
            {
                return obj;
            }
            try
            {
                if (ObjectJson.IsDeleting(obj) && !ObjectJson.HasFinalizers(obj) && !KeepOnDelete(obj)
                    && (ObjectJson.HasFinalizers(old) || KeepOnDelete((JsonObject)old.DeepClone()))
                    && DeletionGracePeriod(obj) is null or 0)
                {
                    // The last finalizer is gone: the deletion completes now.
                    var deleted = await store.DeleteAsync(key, modRevision, ct);
                    ObjectJson.Metadata(obj)["resourceVersion"] = Wrote(deleted.ModRevision).ToString(CultureInfo.InvariantCulture);
                    (Strategy as IAllocatingStrategy)?.ReleaseAllocations(obj);
                    return obj;
                }
                var updated = await store.UpdateAsync(key, Encode(obj), modRevision, ct);
                ObjectJson.Metadata(obj)["resourceVersion"] = Wrote(updated.ModRevision).ToString(CultureInfo.InvariantCulture);
                return obj;
            }
            catch (RevisionConflictException) when ((guessed || string.IsNullOrEmpty(preconditionRv)) && attempt < MaxUpdateAttempts)
            {
                return null;
            }
            catch (RevisionConflictException)
            {
                throw Conflict(name);
            }
            catch (KeyNotFoundStorageException)
            {
                throw NotFound(name);
            }
            catch (ValueTooLargeException e)
            {
                throw StatusException.TooLarge($"Request entity too large: {e.Message}");
            }
        }
    }

    /// <summary>A /status write keeps everything of the stored object but its status.</summary>
    private static JsonObject StatusUpdate(JsonObject submitted, JsonObject old)
    {
        var result = (JsonObject)old.DeepClone();
        result.Remove("status");
        if (submitted["status"] is { } status)
        {
            result["status"] = status.DeepClone();
        }
        // Carry the client's precondition, if any, so the caller's check still applies.
        ObjectJson.Metadata(result)["resourceVersion"] = ObjectJson.ResourceVersion(submitted);
        return result;
    }

    public async Task<DeleteResult> DeleteAsync(string ns, string name, DeleteRequest request, WriteOptions options, CancellationToken ct)
    {
        var key = KeyFor(ns, name);
        for (var attempt = 0; ; attempt++)
        {
            // As for updates: the cached object is the first guess, and any failure it caused retries from storage.
            var (modRevision, current, guessed) = await CurrentAsync(key, name, attempt == 0 && !options.DryRun, ct);
            try
            {
                var result = await TryDeleteAsync(key, ns, name, request, options, modRevision, current, guessed, attempt, ct);
                if (result is not null)
                {
                    return result;
                }
            }
            catch (StatusException) when (guessed)
            {
            }
        }
    }

    /// <returns>the result, or null to try again with the object read anew.</returns>
    private async Task<DeleteResult?> TryDeleteAsync(
        string key,
        string ns,
        string name,
        DeleteRequest request,
        WriteOptions options,
        long modRevision,
        JsonObject current,
        bool guessed,
        int attempt,
        CancellationToken ct)
    {
        {
            CheckPreconditions(current, request, name);
            var attributes = new AdmissionAttributes(definition, "DELETE", ns, name, "", null, current, options.DryRun, options.User);
            await admission.MutateAsync(attributes, ct);
            await admission.ValidateAsync(attributes, ct);

            var marked = (JsonObject)current.DeepClone();
            var grace = Graceful(marked, request.GracePeriodSeconds);
            if (grace == GracefulOutcome.Pending)
            {
                // Already terminating with a grace period no shorter than asked: nothing changes.
                return guessed ? null : new DeleteResult(current, false);
            }
            var finalizers = ObjectJson.Finalizers(marked);
            var propagationFinalizer = request.PropagationPolicy switch
            {
                "Foreground" => "foregroundDeletion",
                "Orphan" => "orphan",
                _ => null,
            };
            if (propagationFinalizer is not null && !ObjectJson.IsDeleting(current))
            {
                finalizers ??= [];
                if (!finalizers.Any(f => f?.GetValue<string>() == propagationFinalizer))
                {
                    finalizers.Add(propagationFinalizer);
                }
                ObjectJson.Metadata(marked)["finalizers"] = finalizers;
            }

            try
            {
                var gracePending = grace == GracefulOutcome.Started && DeletionGracePeriod(marked) > 0;
                if (finalizers is { Count: > 0 } || KeepOnDelete(marked) || gracePending)
                {
                    // Deferred: mark, keep the object until its finalizers (or its runner) are done.
                    if (ObjectJson.IsDeleting(current) && grace == GracefulOutcome.NotGraceful)
                    {
                        return guessed ? null : new DeleteResult(current, false);
                    }
                    var meta = ObjectJson.Metadata(marked);
                    if (grace == GracefulOutcome.NotGraceful)
                    {
                        meta["deletionTimestamp"] = ObjectJson.Timestamp(clock.GetUtcNow());
                        meta["deletionGracePeriodSeconds"] = 0;
                        if (definition.Strategy.TracksGeneration)
                        {
                            meta["generation"] = ObjectJson.Generation(current) + 1;
                        }
                    }
                    if (options.DryRun)
                    {
                        return new DeleteResult(marked, false);
                    }
                    var updated = await store.UpdateAsync(key, Encode(marked), modRevision, ct);
                    meta["resourceVersion"] = Wrote(updated.ModRevision).ToString(CultureInfo.InvariantCulture);
                    return new DeleteResult(marked, false);
                }
                if (options.DryRun)
                {
                    return new DeleteResult(current, true);
                }
                var deleted = await store.DeleteAsync(key, modRevision, ct);
                ObjectJson.Metadata(current)["resourceVersion"] = Wrote(deleted.ModRevision).ToString(CultureInfo.InvariantCulture);
                (Strategy as IAllocatingStrategy)?.ReleaseAllocations(current);
                return new DeleteResult(current, true);
            }
            catch (RevisionConflictException) when (attempt < MaxUpdateAttempts)
            {
                return null;
            }
            catch (KeyNotFoundStorageException)
            {
                throw NotFound(name);
            }
        }
    }

    private bool KeepOnDelete(JsonObject obj) => Strategy is IDeletionStrategy d && d.KeepOnDelete(obj);

    private enum GracefulOutcome { NotGraceful, Started, Pending }

    /// <summary>
    /// Graceful deletion as upstream's BeforeDelete: the first delete sets deletionTimestamp to now
    /// plus the grace period; a later one may only shorten it (moving the timestamp by the
    /// difference); one that would not shorten it leaves the object alone. Negative grace periods
    /// count as 1 second. Sets the metadata on <paramref name="obj"/>.
    /// </summary>
    private GracefulOutcome Graceful(JsonObject obj, long? requested)
    {
        if (Strategy is not IGracefulDeleteStrategy graceful)
        {
            return GracefulOutcome.NotGraceful;
        }
        if (requested is < 0)
        {
            requested = 1;
        }
        var meta = ObjectJson.Metadata(obj);
        if (ObjectJson.IsDeleting(obj))
        {
            var existing = DeletionGracePeriod(obj);
            if (existing is null or 0)
            {
                // Marked by finalizers only, or a grace period already spent: delete as usual.
                return GracefulOutcome.NotGraceful;
            }
            if (requested is not { } shorter || shorter >= existing)
            {
                return GracefulOutcome.Pending;
            }
            var deadline = DateTimeOffset.Parse(ObjectJson.GetString(meta, "deletionTimestamp")!, CultureInfo.InvariantCulture)
                .AddSeconds(shorter - existing.Value);
            meta["deletionTimestamp"] = ObjectJson.Timestamp(deadline);
            meta["deletionGracePeriodSeconds"] = shorter;
            return GracefulOutcome.Started;
        }
        var period = Math.Max(0, graceful.GracePeriodSeconds(obj, requested));
        meta["deletionTimestamp"] = ObjectJson.Timestamp(clock.GetUtcNow().AddSeconds(period));
        meta["deletionGracePeriodSeconds"] = period;
        if (ObjectJson.Generation(obj) > 0)
        {
            meta["generation"] = ObjectJson.Generation(obj) + 1;
        }
        return GracefulOutcome.Started;
    }

    private static long? DeletionGracePeriod(JsonObject obj) =>
        ObjectJson.TryGetLong(ObjectJson.Metadata(obj)["deletionGracePeriodSeconds"], out var g) ? g : null;

    private void CheckPreconditions(JsonObject current, DeleteRequest request, string name)
    {
        if (request.PreconditionUid is { Length: > 0 } uid && uid != ObjectJson.Uid(current))
        {
            throw Conflict(name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {ObjectJson.Uid(current)}");
        }
        if (request.PreconditionResourceVersion is { Length: > 0 } rv && rv != ObjectJson.ResourceVersion(current))
        {
            throw Conflict(name, $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {ObjectJson.ResourceVersion(current)}");
        }
    }

    /// <summary>Events after <paramref name="afterRevision"/> for objects of this resource (one namespace or all).</summary>
    public async IAsyncEnumerable<ObjectEvent> WatchAsync(string ns, long afterRevision, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var e in store.WatchAsync(PrefixFor(ns), afterRevision, ct))
        {
            var obj = Decode(e.Kv);
            var prev = e.PrevKv is null ? null : Decode(e.PrevKv);
            var type = e.Type == WatchEventType.Delete ? "DELETED" : e.IsCreate ? "ADDED" : "MODIFIED";
            yield return new ObjectEvent(type, obj, prev, e.Revision);
        }
    }

    public long CurrentRevision => store.CurrentRevision;

    private List<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        MetadataRules.Validate(obj, definition, errors);
        errors.AddRange(Strategy.Validate(obj));
        return errors;
    }

    /// <summary>The strategy's warnings go to the request's response (none outside a request).</summary>
    private static void Warn(IReadOnlyList<string>? warnings)
    {
        foreach (var text in warnings ?? [])
        {
            AdmissionRequestContext.Warn(text);
        }
    }

    private void ThrowIfInvalid(JsonObject obj, List<FieldError> errors)
    {
        if (errors.Count > 0)
        {
            throw StatusException.Invalid(definition.Group, definition.Kind, ObjectJson.Name(obj), errors);
        }
    }

    private StatusException NotFound(string name) => StatusException.NotFound(definition.Group, definition.Plural, name);

    private StatusException Conflict(string name, string? detail = null) =>
        StatusException.Conflict(definition.Group, definition.Plural, name,
            detail ?? "the object has been modified; please apply your changes to the latest version and try again");
}
