using System.Collections.Concurrent;
using Dotkube.Machinery.Patching;

namespace Dotkube.Machinery.Apply;

/// <summary>What a value is at one place in an object, for server-side apply.</summary>
public enum SchemaKind
{
    /// <summary>A scalar: always a leaf.</summary>
    Scalar,

    /// <summary>An object with named fields (a model class).</summary>
    Struct,

    /// <summary>An object with arbitrary keys (labels, data).</summary>
    Map,

    /// <summary>A list.</summary>
    List,

    /// <summary>
    /// Unknown shape, judged from the value as upstream's "deduced" type does: objects are granular
    /// maps of deduced values, lists are atomic, anything else a scalar.
    /// </summary>
    Deduced,
}

/// <summary>What a scalar must be, as upstream's schema types it (int-or-string and quantities are untyped).</summary>
public enum ScalarType
{
    Untyped,
    Numeric,
    String,
    Boolean,
}

/// <summary>How the items of a list are told apart.</summary>
public enum ListType
{
    /// <summary>The whole list is one value, replaced as a whole.</summary>
    Atomic,

    /// <summary>Items are scalars, identified by value.</summary>
    Set,

    /// <summary>Items are objects, identified by the values of their key fields.</summary>
    Map,
}

/// <summary>
/// The server-side apply view of a type: per place, whether it is a struct, a map (granular or
/// atomic) or a list (atomic, set, or map with keys). Built from the KubernetesClient model
/// classes and the list-type / map-type / struct-type facts of upstream's Go types.
/// </summary>
public sealed class TypeSchema
{
    private static readonly ConcurrentDictionary<Type, TypeSchema> Structs = new();

    // Key fields with a default in upstream's schema: a list item that omits one is keyed by the default.
    private static readonly Dictionary<string, string> KeyDefaults = new(StringComparer.Ordinal) { ["protocol"] = "TCP" };

    private readonly Type? model;
    private readonly ConcurrentDictionary<string, TypeSchema?> fieldCache = new(StringComparer.Ordinal);

    private readonly IReadOnlyDictionary<string, System.Text.Json.Nodes.JsonNode>? keyDefaults;

    private TypeSchema(SchemaKind kind, bool atomic = false, TypeSchema? element = null, ListType listType = ListType.Atomic, IReadOnlyList<string>? keys = null, Type? model = null, ScalarType scalarType = ScalarType.Untyped, IReadOnlyDictionary<string, System.Text.Json.Nodes.JsonNode>? keyDefaults = null)
    {
        this.keyDefaults = keyDefaults;
        ScalarType = scalarType;
        Kind = kind;
        Atomic = atomic;
        Element = element;
        ListType = listType;
        Keys = keys ?? [];
        this.model = model;
    }

    public static readonly TypeSchema Scalar = new(SchemaKind.Scalar, atomic: true);

    public static readonly TypeSchema NumericScalar = new(SchemaKind.Scalar, atomic: true, scalarType: ScalarType.Numeric);

    public static readonly TypeSchema StringScalar = new(SchemaKind.Scalar, atomic: true, scalarType: ScalarType.String);

    public static readonly TypeSchema BooleanScalar = new(SchemaKind.Scalar, atomic: true, scalarType: ScalarType.Boolean);

    /// <summary>For scalars: the JSON type values must have.</summary>
    public ScalarType ScalarType { get; }

    public static readonly TypeSchema Deduced = new(SchemaKind.Deduced);

    public SchemaKind Kind { get; }

    /// <summary>For structs built from a model class: that class.</summary>
    public Type? Model => model;

    /// <summary>For structs and maps: replaced as a whole (<c>+structType=atomic</c>, <c>+mapType=atomic</c>).</summary>
    public bool Atomic { get; }

    /// <summary>
    /// For maps and lists: the schema of each value or item. For structs: the schema of keys the
    /// struct does not declare (upstream's element type of a map with fields, e.g. deduced under
    /// <c>x-kubernetes-preserve-unknown-fields</c>); null when undeclared keys are refused.
    /// </summary>
    public TypeSchema? Element { get; }

    public ListType ListType { get; }

    /// <summary>For lists of type map: the key fields.</summary>
    public IReadOnlyList<string> Keys { get; }

    private System.Text.Json.Nodes.JsonObject? normalizedEmpty;

    /// <summary>
    /// An empty object in Go's shape (<see cref="GoShape"/>): what a create is compared against.
    /// Built once per schema and shared, so it must only be read.
    /// </summary>
    internal System.Text.Json.Nodes.JsonObject NormalizedEmpty
    {
        get
        {
            if (Volatile.Read(ref normalizedEmpty) is { } built)
            {
                return built;
            }
            var empty = new System.Text.Json.Nodes.JsonObject();
            GoShape.Fill(empty, this);
            Materialize(empty);
            return Interlocked.CompareExchange(ref normalizedEmpty, empty, null) ?? empty;
        }
    }

    /// <summary>Makes every object and list build its storage now, so that concurrent readers never race to.</summary>
    private static void Materialize(System.Text.Json.Nodes.JsonNode? node)
    {
        switch (node)
        {
            case System.Text.Json.Nodes.JsonObject o:
                _ = o.Count;
                foreach (var (_, child) in o)
                {
                    Materialize(child);
                }
                break;
            case System.Text.Json.Nodes.JsonArray a:
                _ = a.Count;
                foreach (var child in a)
                {
                    Materialize(child);
                }
                break;
        }
    }

    /// <summary>The schema of a model class (e.g. V1Deployment).</summary>
    public static TypeSchema ForModel(Type modelType) => Structs.GetOrAdd(modelType, t => new TypeSchema(
        SchemaKind.Struct, atomic: PatchFacts.StructType(t.Name) == "atomic", model: t));

    public static TypeSchema MapOf(TypeSchema element, bool atomic = false) => new(SchemaKind.Map, atomic, element);

    /// <param name="keyDefaults">defaults of key fields from the item schema, used when an item omits one.</param>
    public static TypeSchema ListOf(TypeSchema element, ListType listType, IReadOnlyList<string>? keys = null, IReadOnlyDictionary<string, System.Text.Json.Nodes.JsonNode>? keyDefaults = null) =>
        new(SchemaKind.List, listType == ListType.Atomic, element, listType, keys, keyDefaults: keyDefaults);

    /// <summary>A struct with the given fields (for tests and schemas built from a CRD's structural schema).</summary>
    /// <param name="others">the schema of undeclared keys; null refuses them.</param>
    public static TypeSchema StructOf(IReadOnlyDictionary<string, TypeSchema> fields, bool atomic = false, TypeSchema? others = null)
    {
        var schema = new TypeSchema(SchemaKind.Struct, atomic, others);
        foreach (var (k, v) in fields)
        {
            schema.fieldCache[k] = v;
        }
        return schema;
    }

    /// <summary>Whether values here are replaced whole: scalars, atomic structs, maps and lists.</summary>
    public bool IsLeaf => Kind == SchemaKind.Scalar || (Atomic && Kind != SchemaKind.Deduced);

    /// <summary>Whether values here, with these values on either side, are compared and replaced whole.</summary>
    public bool IsLeafFor(System.Text.Json.Nodes.JsonNode? a, System.Text.Json.Nodes.JsonNode? b) => Kind == SchemaKind.Deduced
        ? a is not System.Text.Json.Nodes.JsonObject && b is not System.Text.Json.Nodes.JsonObject
        : IsLeaf;

    /// <summary>The schema of a field of a struct, or null when the struct has no such field.</summary>
    public TypeSchema? Field(string name)
    {
        if (Kind != SchemaKind.Struct)
        {
            return null;
        }
        if (fieldCache.TryGetValue(name, out var cached))
        {
            return cached;
        }
        return model is null ? null : fieldCache.GetOrAdd(name, n => BuildField(model, n));
    }

    /// <summary>The schema of the value under <paramref name="key"/> and whether the key is a named struct field.</summary>
    public (TypeSchema Schema, bool NamedField) Child(string key) => Kind switch
    {
        SchemaKind.Struct => Field(key) is { } f ? (f, true) : (Element ?? Deduced, false),
        SchemaKind.Map => (Element ?? Deduced, false),
        _ => (Deduced, false),
    };

    /// <summary>The default of a key field, when upstream's schema gives one.</summary>
    public static string? KeyDefault(string key) => KeyDefaults.TryGetValue(key, out var d) ? d : null;

    /// <summary>
    /// For lists of type map: the default of a key field, from the item schema when it was built
    /// from one (a CRD's <c>default</c>), else from the built-in types' facts.
    /// </summary>
    public System.Text.Json.Nodes.JsonNode? KeyDefaultOf(string key) =>
        keyDefaults is not null ? (keyDefaults.TryGetValue(key, out var n) ? n : null)
        : KeyDefault(key) is { } d ? System.Text.Json.Nodes.JsonValue.Create(d) : null;

    /// <summary>Whether a struct takes keys it does not declare (as map entries of <see cref="Element"/>).</summary>
    public bool TakesUndeclaredKeys => Kind == SchemaKind.Struct && Element is not null;

    private static TypeSchema? BuildField(Type owner, string name)
    {
        if (PatchFacts.GetField(owner, name) is not { } field)
        {
            return null;
        }
        if ((Nullable.GetUnderlyingType(field.Property.PropertyType) ?? field.Property.PropertyType) == typeof(byte[]))
        {
            // Bytes travel as a base64 string.
            return StringScalar;
        }
        var fact = PatchFacts.Lookup(owner, name);
        TypeSchema Item() => field.ModelType is { } m ? ForModel(m) : field.ItemType == typeof(object) ? Deduced : ScalarOf(field.ItemType);
        switch (field.Kind)
        {
            case ModelFieldKind.Object:
                return fact?.StructType == "atomic" ? new TypeSchema(SchemaKind.Struct, atomic: true, model: field.ModelType) : ForModel(field.ModelType!);
            case ModelFieldKind.Map:
                return MapOf(Item(), fact?.MapType == "atomic");
            case ModelFieldKind.List:
                {
                    var item = Item();
                    var (listType, keys) = ListTypeOf(fact, item);
                    return ListOf(item, listType, keys);
                }
            default:
                return field.ItemType == typeof(object) ? Deduced : ScalarOf(field.ItemType);
        }
    }

    /// <summary>The scalar schema of a model property's CLR type: numbers, booleans, strings (times and bytes are strings).</summary>
    private static TypeSchema ScalarOf(Type clr)
    {
        var t = Nullable.GetUnderlyingType(clr) ?? clr;
        if (t == typeof(int) || t == typeof(long) || t == typeof(double) || t == typeof(float) || t == typeof(decimal) || t == typeof(short))
        {
            return NumericScalar;
        }
        if (t == typeof(bool))
        {
            return BooleanScalar;
        }
        if (t == typeof(string) || t == typeof(DateTime) || t == typeof(DateTimeOffset) || t == typeof(byte[]))
        {
            return StringScalar;
        }
        return Scalar;
    }

    /// <summary>
    /// A list's type: the <c>+listType</c> marker when there is one, else what its strategic-merge
    /// tags imply (merge with a key: a map keyed by it; merge without: a set), else atomic.
    /// </summary>
    private static (ListType, IReadOnlyList<string>?) ListTypeOf(PatchFact? fact, TypeSchema item)
    {
        switch (fact?.ListType)
        {
            case "atomic":
                return (ListType.Atomic, null);
            case "set":
                return (ListType.Set, null);
            case "map":
                return (ListType.Map, fact.ListMapKeys ?? (fact.MergeKey is { } k ? [k] : []));
        }
        if (fact is { MergesLists: true })
        {
            return fact.MergeKey is { } key && item.Kind == SchemaKind.Struct ? (ListType.Map, [key]) : (ListType.Set, null);
        }
        return (ListType.Atomic, null);
    }
}
