using Dotkube.Machinery.Errors;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.CustomResources;

/// <summary>
/// The strategy of one CustomResourceDefinition's objects (in its storage version): schema
/// defaulting and pruning, structural validation with ratcheting on updates, embedded resources,
/// list types, scale paths, CEL rules, printer columns and selectable fields, as upstream's
/// custom resource strategy.
/// </summary>
public sealed class CustomResourceStrategy : ResourceStrategy, ICustomResourceSchemas, IUnknownFieldPruner, IScaleSubresource, IApplySchemaSource
{
    private readonly CrdView crd;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Machinery.Apply.TypeSchema> applySchemas = new(StringComparer.Ordinal);
    private readonly CrdVersion storage;

    public CustomResourceStrategy(CrdView crd)
    {
        this.crd = crd;
        storage = crd.StorageVersion ?? crd.Versions[0];
        Columns = PrinterColumns.For(storage);
    }

    public CrdView Crd => crd;

    /// <summary>
    /// Set once the CRD is being deleted (its Terminating condition is True): creates are refused
    /// as upstream's CRD handler refuses them, with 405 MethodNotAllowed.
    /// </summary>
    public bool Terminating
    {
        get => Volatile.Read(ref terminating);
        set => Volatile.Write(ref terminating, value);
    }

    private bool terminating;

    public override void PrepareForCreate(JsonObject obj)
    {
        if (Terminating)
        {
            throw new StatusException(405, "MethodNotAllowed", "create not allowed while custom resource definition is terminating")
            {
                DetailsGroup = crd.Group,
                DetailsKind = crd.Plural,
            };
        }
        base.PrepareForCreate(obj);
    }

    public override bool HasStatus => storage.HasStatus;

    public override bool TracksGeneration => true;

    public override IReadOnlyList<TableColumn> Columns { get; }

    private StructuralSchema? Schema => storage.Schema;

    public override void Default(JsonObject obj)
    {
        if (Schema is not { } schema)
        {
            return;
        }
        if (!crd.PreserveUnknownFields)
        {
            Pruning.Prune(obj, schema);
        }
        Defaulting.Apply(obj, schema);
    }

    public override IReadOnlyList<FieldError> Validate(JsonObject obj) => ValidateCore(obj, null);

    public override IReadOnlyList<FieldError> ValidateUpdate(JsonObject obj, JsonObject old) => ValidateCore(obj, old);

    public override IReadOnlyList<FieldError> ValidateStatusUpdate(JsonObject obj, JsonObject old)
    {
        var errors = new List<FieldError>();
        if (Schema?.Property("status") is { } statusSchema && obj["status"] is { } status)
        {
            SchemaValidator.Validate(status, statusSchema, "status", errors);
            errors = Ratcheting.Filter(errors, obj, old);
            if (!Blocking(errors))
            {
                CelRules.Validate(status, old["status"], statusSchema, "status", errors, isUpdate: true);
            }
        }
        ScaleStatus(obj, errors);
        return errors;
    }

    private List<FieldError> ValidateCore(JsonObject obj, JsonObject? old)
    {
        var errors = new List<FieldError>();
        if (Schema is { } schema)
        {
            SchemaValidator.Validate(WithoutMetadata(obj, schema), schema, "", errors);
        }
        ScaleSpec(obj, errors);
        ScaleStatus(obj, errors);
        if (Schema is { } s)
        {
            EmbeddedResources.Validate(obj, s, "", errors, isRoot: true);
            if (old is null || ListTypes.Validate(old, s).Count == 0)
            {
                errors.AddRange(ListTypes.Validate(obj, s));
            }
        }
        if (old is not null)
        {
            errors = Ratcheting.Filter(errors, obj, old);
        }
        if (Schema is { HasRules: true } rules)
        {
            if (Blocking(errors))
            {
                errors.Add(FieldError.Invalid("<nil>", "null",
                    "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation"));
            }
            else
            {
                CelRules.Validate(obj, old, rules, "", errors, isUpdate: old is not null);
            }
        }
        return errors;
    }

    /// <summary>Metadata is validated as for built-ins; the schema only sees it when it declares it.</summary>
    private static JsonObject WithoutMetadata(JsonObject obj, StructuralSchema schema)
    {
        if (schema.Properties?.ContainsKey("metadata") == true)
        {
            return obj;
        }
        var view = new JsonObject();
        foreach (var (k, v) in obj)
        {
            if (k != "metadata")
            {
                view[k] = v?.DeepClone();
            }
        }
        return view;
    }

    private static bool Blocking(List<FieldError> errors) =>
        errors.Any(e => e.Type is FieldErrorType.NotSupported or FieldErrorType.Required or FieldErrorType.TooLong or FieldErrorType.TooMany or FieldErrorType.TypeInvalid);

    private void ScaleSpec(JsonObject obj, List<FieldError> errors) =>
        CheckReplicas(obj, storage.Scale?.SpecReplicasPath, errors);

    private void ScaleStatus(JsonObject obj, List<FieldError> errors) =>
        CheckReplicas(obj, storage.Scale?.StatusReplicasPath, errors);

    private static void CheckReplicas(JsonObject obj, string? path, List<FieldError> errors)
    {
        if (path is not { Length: > 0 })
        {
            return;
        }
        var value = ScalePathValue.Get(obj, path);
        if (value is null)
        {
            return;
        }
        if (value is not JsonValue v || !v.TryGetValue<long>(out var n))
        {
            errors.Add(FieldError.Invalid(path, 0, $".{path.TrimStart('.')} accessor error: {SimpleJsonPath.Text(value)} is of the type {GoTypeName(value)}, expected int64"));
            return;
        }
        if (n < 0)
        {
            errors.Add(FieldError.Invalid(path, n, "should be a non-negative integer"));
        }
        else if (n > int.MaxValue)
        {
            errors.Add(FieldError.Invalid(path, n, $"should be less than or equal to {int.MaxValue}"));
        }
    }

    private static string GoTypeName(JsonNode? node) => JsonKinds.TypeName(node) switch
    {
        "string" => "string",
        "number" => "float64",
        "boolean" => "bool",
        "object" => "map[string]interface {}",
        "array" => "[]interface {}",
        _ => "interface {}",
    };

    public override void AddFieldSelectorAttributes(JsonObject obj, IDictionary<string, string> attributes)
    {
        foreach (var path in storage.SelectableFields)
        {
            var values = SimpleJsonPath.Parse(path).Evaluate(obj);
            var key = path.TrimStart('.');
            attributes[key] = values.Count == 0 || values[0] is null ? "" : SimpleJsonPath.Text(values[0]);
        }
    }

    public JsonObject? OpenApiV3Schema(string version) => crd.Version(version)?.OpenApiV3Schema;

    public IReadOnlyList<string> PruneUnknownFields(JsonObject obj, string version)
    {
        if (crd.PreserveUnknownFields || crd.Version(version)?.Schema is not { } schema)
        {
            return [];
        }
        return Pruning.Prune(obj, schema).Select(f => $"unknown field \"{f}\"").ToList();
    }

    /// <summary>The server-side apply schema of a version, from its structural schema (built once per version).</summary>
    public Machinery.Apply.TypeSchema? ApplySchema(string version) => crd.Version(version) is { } v
        ? applySchemas.GetOrAdd(version, _ => ApplySchemas.For(v.Schema, crd.PreserveUnknownFields))
        : null;

    public JsonObject ToScale(JsonObject obj) => CustomResourceScale.ToScale(obj, storage.Scale!);

    public void SetReplicas(JsonObject obj, long replicas) => ScalePathValue.Set(obj, storage.Scale!.SpecReplicasPath, replicas);

    public string SpecReplicasPath => storage.Scale?.SpecReplicasPath ?? ".spec.replicas";
}

/// <summary>Custom resources prune (and report) fields their version's schema does not declare.</summary>
public interface IUnknownFieldPruner
{
    /// <summary>Drops unknown fields of an object in a served version; returns upstream's strict-decoding texts for them.</summary>
    IReadOnlyList<string> PruneUnknownFields(JsonObject obj, string version);
}

/// <summary>A scale subresource whose replicas live where the resource says (CRD scale paths).</summary>
public interface IScaleSubresource
{
    JsonObject ToScale(JsonObject obj);

    void SetReplicas(JsonObject obj, long replicas);

    /// <summary>Where the replicas live, as a JSON path such as <c>.spec.replicas</c>.</summary>
    string SpecReplicasPath { get; }
}

/// <summary>What OpenAPI publishing needs of a custom resource: each version's openAPIV3Schema.</summary>
public interface ICustomResourceSchemas
{
    JsonObject? OpenApiV3Schema(string version);
}
