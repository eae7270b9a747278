using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Dotkube.ApiServer.CustomResources;

/// <summary>
/// One node of a CRD version's openAPIV3Schema (JSONSchemaProps), parsed once per CRD version and
/// shared by validation, pruning, defaulting and CEL rules. Value validations nested in
/// allOf/anyOf/oneOf/not are kept as schemas of their own.
/// </summary>
public sealed class StructuralSchema
{
    public string? Type { get; private init; }
    public string? Format { get; private init; }
    public bool Nullable { get; private init; }
    public JsonArray? Enum { get; private init; }
    public string? PatternText { get; private init; }
    public Regex? Pattern { get; private init; }
    public double? Minimum { get; private init; }
    public double? Maximum { get; private init; }
    public bool ExclusiveMinimum { get; private init; }
    public bool ExclusiveMaximum { get; private init; }
    public double? MultipleOf { get; private init; }
    public long? MinLength { get; private init; }
    public long? MaxLength { get; private init; }
    public long? MinItems { get; private init; }
    public long? MaxItems { get; private init; }
    public bool UniqueItems { get; private init; }
    public long? MinProperties { get; private init; }
    public long? MaxProperties { get; private init; }
    public IReadOnlyList<string> Required { get; private init; } = [];
    public IReadOnlyDictionary<string, StructuralSchema>? Properties { get; private init; }
    public StructuralSchema? Items { get; private init; }

    /// <summary>A schema for every other key (a map), when additionalProperties is a schema.</summary>
    public StructuralSchema? AdditionalProperties { get; private init; }

    /// <summary>additionalProperties: true — any key, any value, nothing pruned below.</summary>
    public bool AdditionalPropertiesAllowed { get; private init; }
    public JsonNode? Default { get; private init; }
    public bool PreserveUnknownFields { get; private init; }
    public bool IntOrString { get; private init; }
    public bool EmbeddedResource { get; private init; }
    public string? ListType { get; private init; }
    public IReadOnlyList<string> ListMapKeys { get; private init; } = [];
    public string? MapType { get; private init; }
    public IReadOnlyList<StructuralSchema> AllOf { get; private init; } = [];
    public IReadOnlyList<StructuralSchema> AnyOf { get; private init; } = [];
    public IReadOnlyList<StructuralSchema> OneOf { get; private init; } = [];
    public StructuralSchema? Not { get; private init; }
    public IReadOnlyList<ValidationRule> Rules { get; private init; } = [];

    /// <summary>The type names upstream's validator checks against ("integer,string" for int-or-string).</summary>
    public IReadOnlyList<string> Types => IntOrString ? ["integer", "string"] : Type is { Length: > 0 } t ? [t] : [];

    /// <summary>True when this node or any node below carries x-kubernetes-validations.</summary>
    public bool HasRules { get; private init; }

    public static StructuralSchema Parse(JsonObject props)
    {
        var properties = props["properties"] is JsonObject p
            ? p.Where(kv => kv.Value is JsonObject)
                .ToDictionary(kv => kv.Key, kv => Parse((JsonObject)kv.Value!), StringComparer.Ordinal)
            : null;
        var items = props["items"] switch
        {
            JsonObject single => Parse(single),
            JsonArray { Count: > 0 } many when many[0] is JsonObject first => Parse(first),
            _ => null,
        };
        StructuralSchema? additional = null;
        var additionalAllowed = false;
        switch (props["additionalProperties"])
        {
            case JsonObject a:
                additional = Parse(a);
                break;
            case JsonValue v when v.TryGetValue<bool>(out var allowed):
                additionalAllowed = allowed;
                break;
        }
        var pattern = Text(props, "pattern");
        var rules = props["x-kubernetes-validations"] is JsonArray rs
            ? rs.OfType<JsonObject>().Select(ValidationRule.Parse).ToList()
            : [];
        var allOf = List(props, "allOf");
        var anyOf = List(props, "anyOf");
        var oneOf = List(props, "oneOf");
        var not = props["not"] is JsonObject n ? Parse(n) : null;
        var hasRules = rules.Count > 0
            || (properties?.Values.Any(s => s.HasRules) ?? false)
            || (items?.HasRules ?? false)
            || (additional?.HasRules ?? false);
        return new StructuralSchema
        {
            Type = Text(props, "type"),
            Format = Text(props, "format"),
            Nullable = Bool(props, "nullable"),
            Enum = props["enum"] as JsonArray,
            PatternText = pattern,
            Pattern = pattern is null ? null : GoRegex.TryCompile(pattern),
            Minimum = Number(props, "minimum"),
            Maximum = Number(props, "maximum"),
            ExclusiveMinimum = Bool(props, "exclusiveMinimum"),
            ExclusiveMaximum = Bool(props, "exclusiveMaximum"),
            MultipleOf = Number(props, "multipleOf"),
            MinLength = Long(props, "minLength"),
            MaxLength = Long(props, "maxLength"),
            MinItems = Long(props, "minItems"),
            MaxItems = Long(props, "maxItems"),
            UniqueItems = Bool(props, "uniqueItems"),
            MinProperties = Long(props, "minProperties"),
            MaxProperties = Long(props, "maxProperties"),
            Required = props["required"] is JsonArray r ? r.Select(x => x?.GetValue<string>() ?? "").ToList() : [],
            Properties = properties,
            Items = items,
            AdditionalProperties = additional,
            AdditionalPropertiesAllowed = additionalAllowed,
            Default = props["default"],
            PreserveUnknownFields = Bool(props, "x-kubernetes-preserve-unknown-fields"),
            IntOrString = Bool(props, "x-kubernetes-int-or-string"),
            EmbeddedResource = Bool(props, "x-kubernetes-embedded-resource"),
            ListType = Text(props, "x-kubernetes-list-type"),
            ListMapKeys = props["x-kubernetes-list-map-keys"] is JsonArray keys ? keys.Select(k => k?.GetValue<string>() ?? "").ToList() : [],
            MapType = Text(props, "x-kubernetes-map-type"),
            AllOf = allOf,
            AnyOf = anyOf,
            OneOf = oneOf,
            Not = not,
            Rules = rules,
            HasRules = hasRules,
        };
    }

    /// <summary>The schema of a property (or map value) by name, or null when the name is unknown.</summary>
    public StructuralSchema? Property(string name) =>
        Properties is not null && Properties.TryGetValue(name, out var s) ? s : AdditionalProperties;

    private static List<StructuralSchema> List(JsonObject props, string name) =>
        props[name] is JsonArray a ? a.OfType<JsonObject>().Select(Parse).ToList() : [];

    private static string? Text(JsonObject props, string name) =>
        props[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static bool Bool(JsonObject props, string name) =>
        props[name] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static double? Number(JsonObject props, string name) =>
        props[name] is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;

    private static long? Long(JsonObject props, string name)
    {
        if (props[name] is not JsonValue v)
        {
            return null;
        }
        return v.TryGetValue<long>(out var l) ? l : v.TryGetValue<double>(out var d) ? (long)d : null;
    }
}
