using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Dotkube.Machinery.Patching;
using k8s.Models;

namespace Dotkube.ApiServer.OpenApi;

/// <summary>
/// Definitions built by reflection over KubernetesClient models: [JsonPropertyName] fields, their
/// CLR types, XML-doc descriptions and the patch facts of each field. Definitions do not depend on
/// the resource set, so they are built once per process and shared by every document.
/// </summary>
/// <remarks>
/// Required fields come from upstream's types (<see cref="RequiredFields"/>, in declaration order).
/// For a type that table does not know, required scalars are guessed from the models: the generator
/// emits them as non-nullable value types (int, long, bool, DateTime), optional ones as Nullable&lt;T&gt;.
/// </remarks>
internal static class ModelSchemas
{
    private static readonly ConcurrentDictionary<Type, Schema> Definitions = new();
    private static readonly Dictionary<string, Schema> Special =
        ApiMachineryTypes.SpecialDefinitions().ToDictionary(d => d.Name, d => d.Schema, StringComparer.Ordinal);

    /// <summary>The definition for a name handed out by <see cref="ForType"/>, or null when unknown.</summary>
    public static Schema? Definition(string name)
    {
        if (Special.TryGetValue(name, out var special))
        {
            return special;
        }
        return DefinitionNames.TypeOf(name) is { } model ? Definition(model) : null;
    }

    /// <summary>The definition of a model class (properties, descriptions, patch extensions).</summary>
    public static Schema Definition(Type model) => Definitions.GetOrAdd(model, Build);

    /// <summary>The schema of a field of the given CLR type: a primitive, array, map or reference.</summary>
    public static Schema ForType(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return Primitive("string");
        }
        if (type == typeof(bool))
        {
            return Primitive("boolean");
        }
        if (type == typeof(int))
        {
            return Primitive("integer", "int32");
        }
        if (type == typeof(long))
        {
            return Primitive("integer", "int64");
        }
        if (type == typeof(double) || type == typeof(float))
        {
            return Primitive("number", "double");
        }
        if (type == typeof(byte[]))
        {
            return Primitive("string", "byte");
        }
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return new Schema { Ref = ApiMachineryTypes.Time };
        }
        if (type == typeof(object))
        {
            // Free-form JSON (RawExtension, JSON, FieldsV1…): no type, which clients read as "any".
            return new Schema();
        }
        if (type == typeof(ResourceQuantity) || type == typeof(IntOrString) || DefinitionNames.IsModel(type))
        {
            return new Schema { Ref = DefinitionNames.Of(type) };
        }
        if (ElementOf(type, typeof(IDictionary<,>)) is { } mapArguments && mapArguments[0] == typeof(string))
        {
            return new Schema { Type = "object", AdditionalProperties = ForType(mapArguments[1]) };
        }
        if (ElementOf(type, typeof(IEnumerable<>)) is { } listArguments)
        {
            return new Schema { Type = "array", Items = ForType(listArguments[0]) };
        }
        throw new NotSupportedException($"no OpenAPI schema for field type {type}");
    }

    private static Schema Primitive(string type, string? format = null) => new() { Type = type, Format = format };

    private static Type[]? ElementOf(Type type, Type genericInterface)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == genericInterface)
        {
            return type.GetGenericArguments();
        }
        return type.GetInterfaces()
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == genericInterface)
            ?.GetGenericArguments();
    }

    private static Schema Build(Type model)
    {
        var properties = new List<KeyValuePair<string, Schema>>();
        var required = new List<string>();
        foreach (var property in model.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonPropertyNameAttribute>() is not { } json)
            {
                continue;
            }
            var field = ForType(property.PropertyType);
            properties.Add(new(json.Name, field with
            {
                Description = ModelDocs.ForProperty(property),
                Extensions = PatchExtensions(model.Name, json.Name),
            }));
            if (IsRequiredScalar(property.PropertyType))
            {
                required.Add(json.Name);
            }
        }
        properties.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        required.Sort(StringComparer.Ordinal);
        if (RequiredFields.For(model.Name) is { } facts)
        {
            // Upstream's facts for this type replace the guess from value types.
            required = facts.Where(f => properties.Exists(p => p.Key == f)).ToList();
        }
        // A struct marked +structType=atomic (LabelSelector, LocalObjectReference…) is replaced whole by apply.
        var structType = PatchFacts.StructType(model.Name);
        return new Schema
        {
            Type = "object",
            Description = ModelDocs.ForType(model),
            Properties = properties.Count > 0 ? properties : null,
            Required = required.Count > 0 ? required : null,
            Extensions = structType is null ? [] : [new("x-kubernetes-map-type", JsonValue.Create(structType))],
        };
    }

    private static bool IsRequiredScalar(Type type) =>
        type == typeof(int) || type == typeof(long) || type == typeof(bool) || type == typeof(double) || type == typeof(DateTime);

    /// <summary>The x-kubernetes-* list, map and patch extensions of one field, sorted by name.</summary>
    internal static IReadOnlyList<KeyValuePair<string, JsonNode>> PatchExtensions(string modelTypeName, string jsonField)
    {
        PatchFact? fact = PatchFacts.Lookup(modelTypeName, jsonField);
        if (fact is null)
        {
            return [];
        }
        var extensions = new List<KeyValuePair<string, JsonNode>>();
        if (fact.ListMapKeys is { Count: > 0 } keys)
        {
            extensions.Add(new("x-kubernetes-list-map-keys", new JsonArray([.. keys.Select(k => (JsonNode)JsonValue.Create(k))])));
        }
        AddString(extensions, "x-kubernetes-list-type", fact.ListType);
        AddString(extensions, "x-kubernetes-map-type", fact.MapType);
        AddString(extensions, "x-kubernetes-patch-merge-key", fact.MergeKey);
        AddString(extensions, "x-kubernetes-patch-strategy", fact.Strategy);
        return extensions;
    }

    private static void AddString(List<KeyValuePair<string, JsonNode>> extensions, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            extensions.Add(new(name, JsonValue.Create(value)));
        }
    }
}
