using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.GroupCommon;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.ApiExtensions;

/// <summary>
/// Defaults (upstream v1 SetDefaults_CustomResourceDefinition) and validation of the CRD object
/// itself, on the v1 shape. What v1 requires but v1beta1 did not (a schema per version,
/// preserveUnknownFields false) is required of v1 requests only, as upstream does.
/// </summary>
public sealed class CustomResourceDefinitionStrategy : ResourceStrategy, IDeletionStrategy
{
    private static readonly string[] Scopes = ["Cluster", "Namespaced"];
    private static readonly string[] ConversionStrategies = ["None", "Webhook"];
    private static readonly string[] ColumnTypes = ["boolean", "date", "integer", "number", "string"];

    public override bool HasStatus => true;

    public override bool TracksGeneration => true;

    public override void Default(JsonObject obj)
    {
        var spec = obj.EnsureObj("spec");
        if (spec.Obj("names") is { } names && names.StrOrEmpty("kind") is { Length: > 0 } kind)
        {
            names.DefaultString("singular", kind.ToLowerInvariant());
            names.DefaultString("listKind", kind + "List");
        }
        var conversion = spec.Obj("conversion") ?? new JsonObject { ["strategy"] = "None" };
        spec["conversion"] = conversion;
        if (conversion.Obj("webhook")?.Obj("clientConfig")?.Obj("service") is { } service)
        {
            service.Default("port", 443);
        }
    }

    /// <summary>A new CRD records its storage version; names are accepted by the CRD controller, later.</summary>
    public override void PrepareForCreate(JsonObject obj)
    {
        base.PrepareForCreate(obj);
        var storage = obj.Obj("spec").Arr("versions").Objects().FirstOrDefault(v => v.Bool("storage") == true)?.Str("name");
        obj["status"] = new JsonObject
        {
            ["acceptedNames"] = new JsonObject { ["plural"] = "", ["kind"] = "" },
            ["storedVersions"] = storage is null ? new JsonArray() : new JsonArray(storage),
        };
    }

    /// <summary>A new storage version joins storedVersions on update, as upstream's strategy does.</summary>
    public override void PrepareForUpdate(JsonObject obj, JsonObject old)
    {
        base.PrepareForUpdate(obj, old);
        var storage = obj.Obj("spec").Arr("versions").Objects().FirstOrDefault(v => v.Bool("storage") == true)?.Str("name");
        if (storage is not null && obj.Obj("status") is { } status)
        {
            var stored = status.Arr("storedVersions") ?? [];
            status["storedVersions"] = stored;
            if (!stored.Strings().Contains(storage))
            {
                stored.Add(storage);
            }
        }
    }

    public override IReadOnlyList<FieldError> Validate(JsonObject obj) => ValidateCrd(obj, null);

    /// <summary>
    /// The v1-only requirements ratchet as upstream's do: an update through v1 may keep a CRD
    /// without schemas, or with preserveUnknownFields, when the old object already was so
    /// (a CRD created through v1beta1 and re-applied as v1).
    /// </summary>
    private static List<FieldError> ValidateCrd(JsonObject obj, JsonObject? old)
    {
        var errors = new List<FieldError>();
        var v1Request = RequestVersion.Current is null or $"{CustomResourceDefinitionResource.Group}/v1";
        var requireSchemas = v1Request && (old is null || old.Obj("spec").Arr("versions").Objects().All(HasSchema));
        var forbidPreserveUnknown = v1Request && old?.Obj("spec").Bool("preserveUnknownFields") != true;
        var spec = obj.Obj("spec");
        var group = spec.StrOrEmpty("group");
        var names = spec.Obj("names");
        var plural = names.StrOrEmpty("plural");
        if (obj.Name() != $"{plural}.{group}")
        {
            errors.Add(FieldError.Invalid("metadata.name", obj.Name(), "must be spec.names.plural+\".\"+spec.group"));
        }
        if (group.Length == 0)
        {
            errors.Add(FieldError.Required("spec.group"));
        }
        else
        {
            Validators.Dns1123Subdomain(group, "spec.group", errors);
            if (!group.Contains('.'))
            {
                errors.Add(FieldError.Invalid("spec.group", group, "should be a domain with at least one dot"));
            }
        }
        Validators.OneOf(spec.Str("scope"), "spec.scope", Scopes, errors);
        ValidateNames(names, errors);
        ValidateVersions(spec.Arr("versions").Objects().ToList(), requireSchemas, errors);
        var conversion = spec.Obj("conversion");
        Validators.OneOf(conversion.Str("strategy"), "spec.conversion.strategy", ConversionStrategies, errors);
        if (conversion.Str("strategy") == "Webhook")
        {
            if (conversion.Obj("webhook")?.Obj("clientConfig") is null)
            {
                errors.Add(FieldError.Required("spec.conversion.webhook.clientConfig", "required when strategy is set to Webhook"));
            }
            if (conversion.Obj("webhook").Arr("conversionReviewVersions") is not { Count: > 0 })
            {
                errors.Add(FieldError.Required("spec.conversion.webhook.conversionReviewVersions", "must specify one of v1, v1beta1"));
            }
        }
        if (v1Request)
        {
            // Structural schemas and compilable CEL rules, which serving the custom resources needs.
            errors.AddRange(CustomResources.StructuralSchemaChecks.Validate(obj));
        }
        if (forbidPreserveUnknown && spec.Bool("preserveUnknownFields") == true)
        {
            errors.Add(FieldError.Invalid("spec.preserveUnknownFields", true,
                "cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead"));
        }
        return errors;
    }

    public override IReadOnlyList<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errors = ValidateCrd(obj, old);
        var scopePath = "spec.scope";
        if (obj.Obj("spec").Str("scope") != old.Obj("spec").Str("scope"))
        {
            errors.Add(FieldError.Invalid(scopePath, obj.Obj("spec").Str("scope"), "field is immutable"));
        }
        if (obj.Obj("spec").Str("group") != old.Obj("spec").Str("group"))
        {
            errors.Add(FieldError.Invalid("spec.group", obj.Obj("spec").Str("group"), "field is immutable"));
        }
        return errors;
    }

    private static void ValidateNames(JsonObject? names, List<FieldError> errors)
    {
        foreach (var field in new[] { "plural", "singular" })
        {
            var value = names.StrOrEmpty(field);
            if (value.Length == 0)
            {
                errors.Add(FieldError.Required($"spec.names.{field}"));
            }
            else
            {
                Validators.Dns1035Label(value, $"spec.names.{field}", errors);
            }
        }
        foreach (var field in new[] { "kind", "listKind" })
        {
            var value = names.StrOrEmpty(field);
            if (value.Length == 0)
            {
                errors.Add(FieldError.Required($"spec.names.{field}"));
            }
            else
            {
                Validators.Dns1035Label(value.ToLowerInvariant(), $"spec.names.{field}", errors);
            }
        }
        if (names.StrOrEmpty("kind") is { Length: > 0 } kind && kind == names.StrOrEmpty("listKind"))
        {
            errors.Add(FieldError.Invalid("spec.names.listKind", kind, "kind and listKind may not be the same"));
        }
    }

    private static bool HasSchema(JsonObject version) => version.Obj("schema")?.Obj("openAPIV3Schema") is not null;

    private static void ValidateVersions(List<JsonObject> versions, bool requireSchemas, List<FieldError> errors)
    {
        if (versions.Count == 0)
        {
            errors.Add(FieldError.Invalid("spec.versions", new JsonArray(), "must have exactly one version marked as storage version"));
            return;
        }
        var seen = new HashSet<string>();
        for (var i = 0; i < versions.Count; i++)
        {
            var v = versions[i];
            var path = $"spec.versions[{i}]";
            var name = v.StrOrEmpty("name");
            Validators.Dns1035Label(name, path + ".name", errors);
            if (!seen.Add(name))
            {
                errors.Add(FieldError.Invalid("spec.versions", Validators.GoDisplay(new JsonArray([.. versions.Select(x => (JsonNode)x.DeepClone())])), "must contain unique version names"));
            }
            if (requireSchemas && !HasSchema(v))
            {
                errors.Add(FieldError.Required(path + ".schema.openAPIV3Schema", "schemas are required"));
            }
            var columns = v.Arr("additionalPrinterColumns").Objects().ToList();
            for (var c = 0; c < columns.Count; c++)
            {
                var columnPath = $"{path}.additionalPrinterColumns[{c}]";
                if (columns[c].StrOrEmpty("name").Length == 0)
                {
                    errors.Add(FieldError.Required(columnPath + ".name"));
                }
                Validators.OneOf(columns[c].Str("type"), columnPath + ".type", ColumnTypes, errors);
                if (columns[c].StrOrEmpty("jsonPath").Length == 0)
                {
                    errors.Add(FieldError.Required(columnPath + ".jsonPath"));
                }
            }
        }
        var storage = versions.Count(v => v.Bool("storage") == true);
        if (storage != 1)
        {
            errors.Add(FieldError.Invalid("spec.versions", Validators.GoDisplay(new JsonArray([.. versions.Select(x => (JsonNode)x.DeepClone())])), "must have exactly one version marked as storage version"));
        }
        if (!versions.Any(v => v.Bool("served") == true))
        {
            errors.Add(FieldError.Invalid("spec.versions", Validators.GoDisplay(new JsonArray([.. versions.Select(x => (JsonNode)x.DeepClone())])), "must have at least one served version"));
        }
    }

    public override IReadOnlyList<TableColumn> Columns { get; } = GroupColumns.Default;

    /// <summary>The first delete adds the cleanup finalizer; the CRD controller deletes the custom resources.</summary>
    public bool KeepOnDelete(JsonObject obj) => CustomResources.CustomResourceCleanup.KeepOnDelete(obj, TimeProvider.System.GetUtcNow());
}
