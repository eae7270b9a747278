using System.Collections.Concurrent;
using System.Collections.Frozen;
using Dotkube.Machinery.Patching;
using k8s.Models;

namespace Dotkube.ApiServer.FieldValidation;

/// <summary>
/// Decoding schemas read off the KubernetesClient model classes (their JSON property names are
/// upstream's JSON tags), cached per CLR type so each request only does dictionary lookups.
/// </summary>
internal static class ModelSchemas
{
    private static readonly ConcurrentDictionary<Type, ValueSchema> Cache = new();

    /// <summary>The schema of a model class (e.g. typeof(V1Deployment)) or any property type.</summary>
    public static ValueSchema For(Type type) => Cache.GetOrAdd(type, Build);

    /// <summary>
    /// One operation of a JSON patch as upstream decodes it strictly (op, path, from, and a free
    /// <c>value</c>), to find unknown and duplicate keys in the patch document itself.
    /// </summary>
    public static readonly ValueSchema JsonPatchOperations = ValueSchema.ListOf(ValueSchema.ObjectOf(new ObjectSchema(
        "handlers", "jsonPatchOp", () => new Dictionary<string, ValueSchema>
        {
            ["op"] = ValueSchema.String,
            ["path"] = ValueSchema.String,
            ["from"] = ValueSchema.String,
            ["value"] = ValueSchema.Interface,
        }.ToFrozenDictionary(StringComparer.Ordinal))));

    private static ValueSchema Build(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return ValueSchema.String;
        }
        if (type == typeof(bool))
        {
            return ValueSchema.Bool;
        }
        if (type == typeof(int))
        {
            return ValueSchema.Int32;
        }
        if (type == typeof(long))
        {
            return ValueSchema.Int64;
        }
        if (type == typeof(double) || type == typeof(float))
        {
            return ValueSchema.Float64;
        }
        if (type == typeof(byte[]))
        {
            return ValueSchema.Bytes;
        }
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return ValueSchema.Time;
        }
        if (type == typeof(ResourceQuantity))
        {
            return ValueSchema.Quantity;
        }
        if (type == typeof(IntOrString))
        {
            return ValueSchema.IntOrString;
        }
        if (GenericArgument(type, typeof(IDictionary<,>), 1) is { } valueType)
        {
            return ValueSchema.MapOf(For(valueType));
        }
        if (GenericArgument(type, typeof(IEnumerable<>), 0) is { } itemType)
        {
            return ValueSchema.ListOf(For(itemType));
        }
        if (PatchFacts.IsModelType(type))
        {
            var (package, name) = GoNames.Of(type);
            return ValueSchema.ObjectOf(new ObjectSchema(package, name, () => Fields(type)));
        }
        // `object` properties are upstream's self-decoding types (RawExtension, JSON, FieldsV1,
        // JSONSchemaPropsOrArray...): their content is not checked against a schema.
        return ValueSchema.Raw;
    }

    private static FrozenDictionary<string, ValueSchema> Fields(Type modelType) =>
        PatchFacts.GetFields(modelType).Values
            .ToFrozenDictionary(f => f.JsonName, f => For(f.Property.PropertyType), StringComparer.Ordinal);

    private static Type? GenericArgument(Type type, Type openInterface, int index)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == openInterface)
        {
            return type.GetGenericArguments()[index];
        }
        var found = type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == openInterface);
        return found?.GetGenericArguments()[index];
    }
}
