using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Registry;

/// <summary>
/// The metadata handling every resource shares: what the server sets on create, what it carries
/// over on update, and the generic ObjectMeta validation.
/// </summary>
public static class MetadataRules
{
    // generateName suffix alphabet: upstream avoids vowels and look-alike characters.
    private const string SuffixAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>Fields a client never sets: cleared on create.</summary>
    private static readonly string[] ServerOwnedOnCreate =
        ["uid", "resourceVersion", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink", "generation"];

    /// <summary>Fields carried over from the stored object on every update, whatever the client sent.</summary>
    private static readonly string[] CarriedOnUpdate = ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation"];

    public static void PrepareForCreate(JsonObject obj, ResourceDefinition def, DateTimeOffset now)
    {
        var meta = ObjectJson.Metadata(obj);
        foreach (var f in ServerOwnedOnCreate)
        {
            meta.Remove(f);
        }
        if (string.IsNullOrEmpty(ObjectJson.GetString(meta, "name")) && ObjectJson.GetString(meta, "generateName") is { Length: > 0 } prefix)
        {
            meta["name"] = GenerateName(prefix);
        }
        meta["uid"] = Guid.NewGuid().ToString();
        meta["creationTimestamp"] = ObjectJson.Timestamp(now);
        if (def.Strategy.TracksGeneration)
        {
            meta["generation"] = 1;
        }
        if (!def.Namespaced)
        {
            meta.Remove("namespace");
        }
        DropEmptyLists(meta);
    }

    /// <summary>
    /// ObjectMeta's lists and maps are <c>omitempty</c> in Go, so an empty one (say the finalizers
    /// left after a patch removed the last) is not stored and reads back absent, as upstream.
    /// </summary>
    private static void DropEmptyLists(JsonObject meta)
    {
        foreach (var field in OmittedWhenEmpty)
        {
            if (meta.ContainsKey(field) && meta[field] is null or JsonArray { Count: 0 } or JsonObject { Count: 0 })
            {
                meta.Remove(field);
            }
        }
    }

    private static readonly string[] OmittedWhenEmpty = ["labels", "annotations", "finalizers", "ownerReferences", "managedFields"];

    public static string GenerateName(string prefix)
    {
        // Upstream trims the prefix so that prefix + 5 characters fits in 63... no: in 253 - 5.
        const int maxPrefix = 253 - 5;
        if (prefix.Length > maxPrefix)
        {
            prefix = prefix[..maxPrefix];
        }
        Span<char> suffix = stackalloc char[5];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = SuffixAlphabet[RandomNumberGenerator.GetInt32(SuffixAlphabet.Length)];
        }
        return prefix + new string(suffix);
    }

    /// <summary>Copies what only the server changes from the stored object onto the new one.</summary>
    public static void PrepareForUpdate(JsonObject obj, JsonObject old, ResourceDefinition def)
    {
        var meta = ObjectJson.Metadata(obj);
        var oldMeta = ObjectJson.Metadata(old);
        foreach (var f in CarriedOnUpdate)
        {
            meta.Remove(f);
            if (oldMeta[f] is { } v)
            {
                meta[f] = v.DeepClone();
            }
        }
        meta.Remove("selfLink");
        if (!def.Namespaced)
        {
            meta.Remove("namespace");
        }
        if (def.Strategy.TracksGeneration && SpecChanged(obj, old))
        {
            meta["generation"] = ObjectJson.Generation(old) + 1;
        }
        DropEmptyLists(meta);
    }

    /// <summary>Anything outside metadata and status counts as spec for generation purposes.</summary>
    public static bool SpecChanged(JsonObject obj, JsonObject old)
    {
        foreach (var (k, v) in obj)
        {
            if (k is "metadata" or "status" or "apiVersion" or "kind")
            {
                continue;
            }
            if (!ObjectJson.DeepEquals(v, old[k]))
            {
                return true;
            }
        }
        foreach (var (k, v) in old)
        {
            if (k is "metadata" or "status" or "apiVersion" or "kind")
            {
                continue;
            }
            if (!obj.ContainsKey(k) && v is not null)
            {
                return true;
            }
        }
        return false;
    }

    public static void Validate(JsonObject obj, ResourceDefinition def, List<FieldError> errors)
    {
        var meta = obj["metadata"] as JsonObject;
        var name = ObjectJson.GetString(meta, "name");
        var generateName = ObjectJson.GetString(meta, "generateName");
        if (string.IsNullOrEmpty(name))
        {
            errors.Add(FieldError.Required("metadata.name", "name or generateName is required"));
        }
        else
        {
            foreach (var msg in def.Strategy.ValidateName(name))
            {
                errors.Add(FieldError.Invalid("metadata.name", name, msg));
            }
        }
        if (!string.IsNullOrEmpty(generateName))
        {
            // A prefix may end in a dash: upstream validates it with that dash masked.
            var masked = generateName.EndsWith('-') ? generateName[..^1] + "a" : generateName;
            foreach (var msg in def.Strategy.ValidateName(masked))
            {
                errors.Add(FieldError.Invalid("metadata.generateName", generateName, msg));
            }
        }
        var ns = ObjectJson.GetString(meta, "namespace");
        if (def.Namespaced)
        {
            if (string.IsNullOrEmpty(ns))
            {
                errors.Add(FieldError.Required("metadata.namespace", ""));
            }
            else
            {
                foreach (var msg in NameValidation.IsDns1123Label(ns))
                {
                    errors.Add(FieldError.Invalid("metadata.namespace", ns, msg));
                }
            }
        }
        else if (!string.IsNullOrEmpty(ns))
        {
            errors.Add(FieldError.Forbidden("metadata.namespace", "not allowed on this type"));
        }
        ObjectMetaValidation.ValidateLabels(meta?["labels"] as JsonObject, "metadata.labels", errors);
        ObjectMetaValidation.ValidateAnnotations(meta?["annotations"] as JsonObject, "metadata.annotations", errors);
        ValidateFinalizers(meta?["finalizers"] as JsonArray, errors);
        ValidateOwnerReferences(meta?["ownerReferences"] as JsonArray, errors);
    }

    public static void ValidateUpdate(JsonObject obj, JsonObject old, ResourceDefinition def, List<FieldError> errors)
    {
        Validate(obj, def, errors);
        var name = ObjectJson.Name(obj);
        var oldName = ObjectJson.Name(old);
        if (name != oldName)
        {
            errors.Add(FieldError.Invalid("metadata.name", name, "field is immutable"));
        }
        if (def.Namespaced && ObjectJson.Namespace(obj) != ObjectJson.Namespace(old))
        {
            errors.Add(FieldError.Invalid("metadata.namespace", ObjectJson.Namespace(obj), "field is immutable"));
        }
    }

    private static void ValidateFinalizers(JsonArray? finalizers, List<FieldError> errors)
    {
        if (finalizers is null)
        {
            return;
        }
        var seen = new HashSet<string>();
        for (var i = 0; i < finalizers.Count; i++)
        {
            var path = $"metadata.finalizers[{i}]";
            if (finalizers[i] is not JsonValue v || !v.TryGetValue<string>(out var f))
            {
                errors.Add(FieldError.Invalid(path, finalizers[i]?.ToJsonString(), "must be a string"));
                continue;
            }
            foreach (var msg in NameValidation.IsQualifiedName(f))
            {
                errors.Add(FieldError.Invalid(path, f, msg));
            }
            if (!seen.Add(f))
            {
                errors.Add(FieldError.Duplicate(path, f));
            }
        }
    }

    private static void ValidateOwnerReferences(JsonArray? refs, List<FieldError> errors)
    {
        if (refs is null)
        {
            return;
        }
        var controllers = 0;
        for (var i = 0; i < refs.Count; i++)
        {
            var path = $"metadata.ownerReferences[{i}]";
            if (refs[i] is not JsonObject r)
            {
                errors.Add(FieldError.Invalid(path, null, "must be an object"));
                continue;
            }
            foreach (var field in new[] { "apiVersion", "kind", "name", "uid" })
            {
                if (string.IsNullOrEmpty(ObjectJson.GetString(r, field)))
                {
                    errors.Add(FieldError.Invalid($"{path}.{field}", "", $"{field} must not be empty"));
                }
            }
            if (r["controller"] is JsonValue c && c.TryGetValue<bool>(out var isController) && isController)
            {
                controllers++;
            }
        }
        if (controllers > 1)
        {
            errors.Add(FieldError.Invalid("metadata.ownerReferences", null, "Only one reference can have Controller set to true"));
        }
    }
}
