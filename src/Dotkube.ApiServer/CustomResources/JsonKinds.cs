using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.CustomResources;

/// <summary>How upstream sees a decoded JSON value: Go's unstructured types and their OpenAPI type names.</summary>
public static class JsonKinds
{
    /// <summary>The OpenAPI type name of a value: object, array, string, integer, number, boolean or null.</summary>
    public static string TypeName(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => IsInteger(v) ? "integer" : "number",
            JsonValueKind.Null => "null",
            _ => "string",
        },
        _ => "null",
    };

    /// <summary>True for an integer literal (Go decodes it to int64); 1.0 is a float.</summary>
    public static bool IsInteger(JsonValue v) => v.TryGetValue<long>(out _) || (v.TryGetValue<int>(out _));

    public static bool IsNull(JsonNode? node) => node is null || (node is JsonValue v && v.GetValueKind() == JsonValueKind.Null);

    public static double AsDouble(JsonValue v) => v.TryGetValue<long>(out var l) ? l : v.TryGetValue<double>(out var d) ? d : 0;

    /// <summary>The value as shown in a field error: strings, numbers and booleans as themselves, others as Go prints them.</summary>
    public static object? ErrorValue(JsonNode? node) => node switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => new GoFloat(AsDouble(v)),
        _ => new GoValue(FieldValidation.GoText.Format(node)),
    };

    /// <summary>JSON equality as upstream's DeepEqual on decoded values, with 1 and 1.0 equal.</summary>
    public static bool Equal(JsonNode? a, JsonNode? b)
    {
        if (a is JsonValue va && b is JsonValue vb && va.GetValueKind() == JsonValueKind.Number && vb.GetValueKind() == JsonValueKind.Number)
        {
            return AsDouble(va) == AsDouble(vb);
        }
        return JsonNode.DeepEquals(a, b);
    }

    /// <summary>A float shown as Go's %v shows it.</summary>
    public sealed record GoFloat(double Value)
    {
        public override string ToString() => FieldValidation.GoText.FormatFloat(Value);
    }

    /// <summary>A composite value already in Go's notation.</summary>
    public sealed record GoValue(string Text)
    {
        public override string ToString() => Text;
    }
}
