using System.Collections.Frozen;

namespace Dotkube.ApiServer.FieldValidation;

/// <summary>
/// The fields of one Go struct by exact (case-sensitive) JSON name. Fields are resolved on first
/// use, so recursive types (JSONSchemaProps inside JSONSchemaProps) need no special care.
/// </summary>
internal sealed class ObjectSchema
{
    private readonly Lazy<FrozenDictionary<string, ValueSchema>> fields;

    public ObjectSchema(string goPackage, string goName, Func<FrozenDictionary<string, ValueSchema>> resolveFields)
    {
        GoPackage = goPackage;
        GoName = goName;
        fields = new Lazy<FrozenDictionary<string, ValueSchema>>(resolveFields, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The Go package name, as type names print (<c>v1</c>, <c>v1beta1</c>).</summary>
    public string GoPackage { get; }

    /// <summary>The Go struct name, as decode errors print it (<c>DeploymentSpec</c>).</summary>
    public string GoName { get; }

    public FrozenDictionary<string, ValueSchema> Fields => fields.Value;

    public bool TryGetField(string jsonName, out ValueSchema schema) => Fields.TryGetValue(jsonName, out schema!);
}
