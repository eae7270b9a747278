using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json.Serialization;

namespace Dotkube.Machinery.Patching;

/// <summary>
/// Patch-strategy facts for built-in types, keyed by KubernetesClient model class name and JSON
/// field name. The table (Data/patch-facts.tsv) is extracted from upstream's Go types by
/// Data/extract_patch_facts.py; it covers every type in k8s.io/api, meta/v1, apiextensions/v1 and
/// apiregistration/v1 that the client package has a class for.
/// </summary>
public static class PatchFacts
{
    private const string ModelNamespace = "k8s.Models";

    private static readonly Lazy<Table> Facts = new(Load);
    private static readonly ConcurrentDictionary<Type, FrozenDictionary<string, ModelField>> FieldCache = new();

    /// <summary>Model class names the table knows (a known type with no entry for a field has no facts for it).</summary>
    public static IEnumerable<string> KnownTypes => Facts.Value.Types.Keys;

    /// <summary>Every entry of the table, for checks.</summary>
    internal static IEnumerable<(string Type, string Field, PatchFact Fact)> All =>
        Facts.Value.Fields.Select(kv => (kv.Key.Type, kv.Key.Field, kv.Value));

    /// <summary>The facts for <paramref name="jsonField"/> of <paramref name="modelTypeName"/> (e.g. V1PodSpec, containers), or null when there are none.</summary>
    public static PatchFact? Lookup(string modelTypeName, string jsonField) =>
        Facts.Value.Fields.TryGetValue((modelTypeName, jsonField), out var fact) ? fact : null;

    public static PatchFact? Lookup(Type modelType, string jsonField) => Lookup(modelType.Name, jsonField);

    /// <summary>The type-level <c>+structType</c> marker (e.g. V1LabelSelector is atomic), or null.</summary>
    public static string? StructType(string modelTypeName) =>
        Facts.Value.Types.TryGetValue(modelTypeName, out var structType) ? structType : null;

    /// <summary>The KubernetesClient model class with this name (e.g. "V1Pod"), or null.</summary>
    public static Type? FindModelType(string modelTypeName) =>
        typeof(k8s.Models.V1Pod).Assembly.GetType(ModelNamespace + "." + modelTypeName);

    /// <summary>The JSON properties of a model class, by JSON name.</summary>
    public static IReadOnlyDictionary<string, ModelField> GetFields(Type modelType) =>
        FieldCache.GetOrAdd(modelType, ReflectFields);

    /// <summary>One JSON property of a model class, or null when the class has no such property.</summary>
    public static ModelField? GetField(Type modelType, string jsonField) =>
        GetFields(modelType).TryGetValue(jsonField, out var field) ? field : null;

    /// <summary>Whether a CLR type is one of the client's model classes (and so can be walked into).</summary>
    public static bool IsModelType(Type type) =>
        type.Namespace == ModelNamespace && type.IsClass && type.GetCustomAttribute<JsonConverterAttribute>() is null
        && type.GetProperties().Any(p => p.GetCustomAttribute<JsonPropertyNameAttribute>() is not null);

    private static FrozenDictionary<string, ModelField> ReflectFields(Type modelType)
    {
        var fields = new Dictionary<string, ModelField>(StringComparer.Ordinal);
        foreach (var property in modelType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name;
            if (name is null)
            {
                continue;
            }
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var kind = ModelFieldKind.Scalar;
            var item = type;
            if (type != typeof(string) && GenericArgument(type, typeof(IDictionary<,>), 1) is { } valueType)
            {
                kind = ModelFieldKind.Map;
                item = valueType;
            }
            else if (type != typeof(string) && GenericArgument(type, typeof(IList<>), 0) is { } elementType)
            {
                kind = ModelFieldKind.List;
                item = elementType;
            }
            else if (IsModelType(type))
            {
                kind = ModelFieldKind.Object;
            }
            item = Nullable.GetUnderlyingType(item) ?? item;
            fields[name] = new ModelField(name, property, kind, item, IsModelType(item) ? item : null);
        }
        return fields.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static Type? GenericArgument(Type type, Type openInterface, int index)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == openInterface)
        {
            return type.GetGenericArguments()[index];
        }
        var found = type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == openInterface);
        return found?.GetGenericArguments()[index];
    }

    private sealed record Table(
        FrozenDictionary<(string Type, string Field), PatchFact> Fields,
        FrozenDictionary<string, string?> Types);

    private static Table Load()
    {
        using var stream = typeof(PatchFacts).Assembly.GetManifestResourceStream("Dotkube.Machinery.patch-facts.tsv")
            ?? throw new InvalidOperationException("the patch-facts table is not embedded");
        using var reader = new StreamReader(stream);
        var fields = new Dictionary<(string, string), PatchFact>();
        var types = new Dictionary<string, string?>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var cols = line.Split('\t');
            if (cols.Length != 8)
            {
                throw new InvalidDataException($"patch-facts.tsv: expected 8 columns: {line}");
            }
            if (cols[1].Length == 0)
            {
                types[cols[0]] = Empty(cols[7]);
                continue;
            }
            fields[(cols[0], cols[1])] = new PatchFact(
                Empty(cols[2]), Empty(cols[3]), Empty(cols[4]),
                cols[5].Length == 0 ? null : cols[5].Split(','), Empty(cols[6]))
            { StructType = Empty(cols[7]) };
        }
        return new Table(fields.ToFrozenDictionary(), types.ToFrozenDictionary(StringComparer.Ordinal));
    }

    private static string? Empty(string s) => s.Length == 0 ? null : s;
}
