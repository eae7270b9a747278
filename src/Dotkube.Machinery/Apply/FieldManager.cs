using System.Text.Json;
using System.Text.Json.Nodes;
using Dotkube.Machinery.Errors;

namespace Dotkube.Machinery.Apply;

/// <summary>
/// Tracks field ownership in metadata.managedFields on every write and performs server-side
/// apply, with upstream's rules: updates give the writer what it changed and take it from the
/// others; applies merge, prune what the applier dropped, and refuse (or with force, take over)
/// fields other managers own with other values; metadata bookkeeping fields are never owned;
/// an object whose managedFields were cleared is not tracked again until the next apply.
/// </summary>
/// <param name="schema">The type of the objects (in the version the request uses).</param>
/// <param name="apiVersion">The request's group/version, recorded in each entry.</param>
/// <param name="subresource">"" for the main resource, else e.g. "status".</param>
/// <param name="resetFields">Fields the strategy resets for this (sub)resource; nobody owns them through it.</param>
public sealed class FieldManager(TypeSchema schema, string apiVersion, string subresource, FieldSet resetFields)
{
    public const string BeforeFirstApplyManager = "before-first-apply";
    public const string AncientChangesManager = "ancient-changes";
    public const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";
    public const int MaxUpdateManagers = 10;

    /// <summary>Fields no manager owns: the object's identity and the server's bookkeeping.</summary>
    private static readonly FieldSet StripSet = FieldSet.Of(
        FieldPath.Of("apiVersion"), FieldPath.Of("kind"), FieldPath.Of("metadata"),
        FieldPath.Of("metadata", "name"), FieldPath.Of("metadata", "namespace"), FieldPath.Of("metadata", "creationTimestamp"),
        FieldPath.Of("metadata", "selfLink"), FieldPath.Of("metadata", "uid"), FieldPath.Of("metadata", "clusterName"),
        FieldPath.Of("metadata", "generation"), FieldPath.Of("metadata", "managedFields"), FieldPath.Of("metadata", "resourceVersion"));

    /// <summary>
    /// Records a create (<paramref name="live"/> null) or an update by <paramref name="manager"/>
    /// in <paramref name="updated"/>'s managedFields.
    /// </summary>
    public void Update(JsonObject? live, JsonObject updated, string manager, DateTimeOffset now)
    {
        var managed = subresource.Length > 0 ? DecodeOrEmpty(live) : DecodeLiveOrNew(live, updated);
        if (managed.Count == 0 && live is not null)
        {
            // Cleared managedFields stay cleared: only an apply starts tracking again.
            SetManagedFields(updated, managed);
            return;
        }
        var before = live is null ? schema.NormalizedEmpty : NormalizedWithoutManagedFields(live);
        UpdateCore(before, NormalizedWithoutManagedFields(updated), managed, manager, now);
        CapUpdateManagers(managed);
        SetManagedFields(updated, managed);
    }

    /// <summary>
    /// Applies <paramref name="config"/> as <paramref name="manager"/> onto <paramref name="live"/>
    /// (an empty object when the apply creates) and returns the new object, managedFields set.
    /// Throws <see cref="ApplyConflictException"/> or a 400 <see cref="StatusException"/>.
    /// </summary>
    public JsonObject Apply(JsonObject live, JsonObject config, string manager, bool force, DateTimeOffset now)
    {
        if (config["metadata"] is JsonObject meta && meta.ContainsKey("managedFields"))
        {
            throw StatusException.BadRequest("metadata.managedFields must be nil");
        }
        try
        {
            return ApplyCore(live, config, manager, force, now);
        }
        catch (ApplyConflictException e) when (manager == "kubectl" && !force)
        {
            // Upgrading from client-side apply: fields kubectl last applied and that still hold
            // those values are kubectl's to take.
            var allowed = AllowedFromLastApplied(live);
            if (allowed is null)
            {
                throw;
            }
            var remaining = e.Conflicts.Where(c => !allowed.Has(c.Path)).ToList();
            if (remaining.Count > 0)
            {
                throw new ApplyConflictException(remaining);
            }
            return ApplyCore(live, config, manager, force: true, now);
        }
    }

    private JsonObject ApplyCore(JsonObject live, JsonObject config, string manager, bool force, DateTimeOffset now)
    {
        // The configuration must fit the type before anything is merged (upstream's typed patch object).
        var applied = ObjectFields.Of(config, schema, rejectUnknown: true).RecursiveDifference(resetFields);
        var managed = DecodeOrEmpty(live);
        var current = WithoutManagedFields(live);
        if (managed.Count == 0)
        {
            // Whatever is there already belongs to an updater named for the occasion.
            UpdateCore(schema.NormalizedEmpty, (JsonObject)GoShape.Normalize(current, schema)!, managed, BeforeFirstApplyManager, now);
            CapUpdateManagers(managed);
        }

        var merged = ApplyMerge.Merge(current, config, schema) as JsonObject
            ?? throw StatusException.BadRequest("the applied configuration must be an object");
        var identifier = ManagedFieldsEntry.IdentifierFor(manager, ManagedFieldsEntry.Apply, apiVersion, subresource);
        var previous = managed.FirstOrDefault(e => e.Identifier == identifier);
        var lastSet = previous?.Fields.RecursiveDifference(resetFields) ?? new FieldSet();
        var entry = previous ?? new ManagedFieldsEntry { Manager = manager, Operation = ManagedFieldsEntry.Apply, ApiVersion = apiVersion, Subresource = subresource, Fields = applied };
        entry.Fields = applied;
        entry.ApiVersion = apiVersion;
        if (previous is null)
        {
            managed.Add(entry);
        }

        var owned = managed.Aggregate(new FieldSet(), (acc, e) => acc.Union(e.Fields));
        Pruner.Prune(merged, lastSet, owned, schema);

        var compare = Comparison.Of(GoShape.Normalize(current, schema), GoShape.Normalize(merged, schema), schema);
        var changed = compare.Modified.Union(compare.Added).RecursiveDifference(resetFields);
        var conflicts = new List<ApplyConflict>();
        foreach (var other in managed.Where(e => e != entry))
        {
            conflicts.AddRange(other.Fields.Intersection(changed).Paths().Select(p => new ApplyConflict(other.Identifier, p)));
        }
        if (!force && conflicts.Count > 0)
        {
            throw new ApplyConflictException(conflicts.OrderBy(c => c.Manager, StringComparer.Ordinal).ToList());
        }
        var removed = compare.Removed.RecursiveDifference(resetFields);
        foreach (var other in managed.Where(e => e != entry))
        {
            other.Fields = other.Fields.Difference(changed).Difference(removed);
        }
        managed.RemoveAll(e => e.Fields.IsEmpty);

        var noop = JsonNode.DeepEquals(current, merged);
        entry.Fields = entry.Fields.Difference(StripSet);
        if (entry.Fields.IsEmpty)
        {
            managed.Remove(entry);
        }
        if (!noop)
        {
            entry.Time = Timestamp(now);
        }
        var result = noop ? (JsonObject)current.DeepClone() : merged;
        SyncLastApplied(result, config, manager);
        SetManagedFields(result, managed);
        return result;
    }

    /// <summary>Records an update from <paramref name="before"/> to <paramref name="after"/>, both already in Go's shape (<see cref="GoShape"/>) and read only.</summary>
    private void UpdateCore(JsonObject before, JsonObject after, List<ManagedFieldsEntry> managed, string manager, DateTimeOffset now)
    {
        var compare = Comparison.Of(before, after, schema);
        // The comparison's sets are this call's own, so they are narrowed in place. Difference and
        // RecursiveDifference filter paths one by one and commute: what the writer gets is the
        // changed set less the removed paths and the bookkeeping fields.
        var changed = compare.Added;
        changed.UnionWith(compare.Modified);
        changed.ExceptRecursivelyWith(resetFields);
        var removed = compare.Removed;
        removed.ExceptRecursivelyWith(resetFields);
        if (managed.Count > 0)
        {
            foreach (var other in managed)
            {
                // Decoded for this call: not shared with anything else.
                other.Fields.ExceptWith(changed);
                other.Fields.ExceptWith(removed);
            }
            managed.RemoveAll(e => e.Fields.IsEmpty);
        }

        var mine = changed;
        mine.ExceptWith(removed);
        mine.ExceptWith(StripSet);
        if (mine.IsEmpty)
        {
            return;
        }
        var identifier = ManagedFieldsEntry.IdentifierFor(manager, ManagedFieldsEntry.Update, apiVersion, subresource);
        if (managed.FirstOrDefault(e => e.Identifier == identifier) is { } existing)
        {
            existing.Fields = existing.Fields.Union(mine);
            existing.Time = Timestamp(now);
        }
        else
        {
            managed.Add(new ManagedFieldsEntry
            {
                Manager = manager,
                Operation = ManagedFieldsEntry.Update,
                ApiVersion = apiVersion,
                Subresource = subresource,
                Fields = mine,
                Time = Timestamp(now),
            });
        }
    }

    /// <summary>More than ten updaters: the oldest are folded, per apiVersion, into "ancient-changes".</summary>
    private static void CapUpdateManagers(List<ManagedFieldsEntry> managed)
    {
        var updaters = managed.Where(e => !e.IsApply).ToList();
        if (updaters.Count <= MaxUpdateManagers)
        {
            return;
        }
        updaters = updaters
            .OrderBy(e => Seconds(e.Time))
            .ThenBy(e => e.Identifier, StringComparer.Ordinal)
            .ToList();
        var firstOfVersion = new Dictionary<string, ManagedFieldsEntry>(StringComparer.Ordinal);
        var count = updaters.Count;
        for (var i = 0; i < updaters.Count && count > MaxUpdateManagers; i++)
        {
            var e = updaters[i];
            if (!firstOfVersion.TryGetValue(e.ApiVersion, out var first))
            {
                firstOfVersion[e.ApiVersion] = e;
                continue;
            }
            var bucketId = ManagedFieldsEntry.IdentifierFor(AncientChangesManager, ManagedFieldsEntry.Update, e.ApiVersion, "");
            var bucket = managed.FirstOrDefault(m => m.Identifier == bucketId);
            if (bucket is null)
            {
                managed.Remove(first);
                bucket = new ManagedFieldsEntry
                {
                    Manager = AncientChangesManager,
                    Operation = ManagedFieldsEntry.Update,
                    ApiVersion = e.ApiVersion,
                    Fields = first.Fields,
                    Time = first.Time,
                };
                managed.Add(bucket);
            }
            bucket.Fields = bucket.Fields.Union(e.Fields);
            bucket.Time = e.Time;
            managed.Remove(e);
            count--;
        }
    }

    /// <summary>
    /// What kubectl's last-applied annotation says it owns: the annotation's fields whose values
    /// the live object still has.
    /// </summary>
    private FieldSet? AllowedFromLastApplied(JsonObject live)
    {
        if (live["metadata"]?["annotations"]?[LastAppliedAnnotation] is not JsonValue v || !v.TryGetValue<string>(out var text) || text.Length == 0)
        {
            return null;
        }
        try
        {
            if (JsonNode.Parse(text) is not JsonObject lastApplied || lastApplied["apiVersion"]?.GetValue<string>() != apiVersion)
            {
                return null;
            }
            var current = WithoutManagedFields(live);
            var compare = Comparison.Of(lastApplied, current, schema);
            return ObjectFields.Of(lastApplied, schema).Difference(compare.Modified).Difference(compare.Added).Difference(compare.Removed);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ApplySchemaException)
        {
            // An annotation that does not read as this object gives no upgrade path.
            return null;
        }
    }

    /// <summary>kubectl's server-side apply keeps the client-side annotation, when there is one, in step with what it applied.</summary>
    private static void SyncLastApplied(JsonObject result, JsonObject config, string manager)
    {
        if (manager != "kubectl" || result["metadata"]?["annotations"]?[LastAppliedAnnotation] is null)
        {
            return;
        }
        var copy = (JsonObject)config.DeepClone();
        if (copy["metadata"]?["annotations"] is JsonObject annotations)
        {
            annotations.Remove(LastAppliedAnnotation);
            if (annotations.Count == 0)
            {
                ((JsonObject)copy["metadata"]!).Remove("annotations");
            }
        }
        ((JsonObject)result["metadata"]!["annotations"]!)[LastAppliedAnnotation] = GoJson.Compact(copy) + "\n";
    }

    private static List<ManagedFieldsEntry> DecodeLiveOrNew(JsonObject? live, JsonObject updated)
    {
        var requested = updated["metadata"]?["managedFields"];
        if (ManagedFieldsCodec.IsReset(requested))
        {
            return [];
        }
        try
        {
            var decoded = ManagedFieldsCodec.Decode(requested);
            if (decoded.Count > 0)
            {
                return decoded;
            }
        }
        catch (FormatException)
        {
            // Upstream falls back to the live object's managedFields when the request's do not decode.
        }
        return DecodeOrEmpty(live);
    }

    private static List<ManagedFieldsEntry> DecodeOrEmpty(JsonObject? obj)
    {
        try
        {
            return ManagedFieldsCodec.Decode(obj?["metadata"]?["managedFields"]);
        }
        catch (FormatException)
        {
            // Undecodable managedFields are dropped, as upstream does, rather than failing every write.
            return [];
        }
    }

    /// <summary>
    /// <paramref name="obj"/> without its managedFields, in Go's shape: one copy, where cloning and
    /// then normalizing would make two.
    /// </summary>
    private JsonObject NormalizedWithoutManagedFields(JsonObject obj)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in obj)
        {
            if (key == "metadata" && value is JsonObject meta)
            {
                var metaCopy = new JsonObject();
                foreach (var (mk, mv) in meta)
                {
                    if (mk != "managedFields")
                    {
                        metaCopy[mk] = mv?.DeepClone();
                    }
                }
                copy[key] = metaCopy;
            }
            else
            {
                copy[key] = value?.DeepClone();
            }
        }
        GoShape.Fill(copy, schema);
        return copy;
    }

    private static JsonObject WithoutManagedFields(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        (copy["metadata"] as JsonObject)?.Remove("managedFields");
        return copy;
    }

    private static void SetManagedFields(JsonObject obj, List<ManagedFieldsEntry> managed)
    {
        if (managed.Count == 0)
        {
            (obj["metadata"] as JsonObject)?.Remove("managedFields");
            return;
        }
        if (obj["metadata"] is not JsonObject meta)
        {
            meta = new JsonObject();
            obj["metadata"] = meta;
        }
        meta["managedFields"] = ManagedFieldsCodec.Encode(managed);
    }

    private static string Timestamp(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static long Seconds(string? time) =>
        time is not null && DateTimeOffset.TryParse(time, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t)
            ? t.ToUnixTimeSeconds()
            : 0;
}
