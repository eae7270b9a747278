using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.OpenApi;

/// <summary>
/// Writes schemas as OpenAPI v2 (swagger) or v3 JSON. The differences: references point at
/// #/definitions/ or #/components/schemas/; v3 ignores siblings of $ref, so a reference with a
/// description or extensions is wrapped in allOf there (as upstream does); v3 writes the
/// alternatives of Quantity and IntOrString as oneOf.
/// </summary>
internal sealed class SchemaJsonWriter(bool v3)
{
    private readonly string refPrefix = v3 ? "#/components/schemas/" : "#/definitions/";

    public void Write(Utf8JsonWriter json, Schema schema)
    {
        json.WriteStartObject();
        if (schema.Description is { } description)
        {
            json.WriteString("description", description);
        }
        if (schema.Ref is { } reference)
        {
            var wrap = v3 && (schema.Description is not null || schema.Extensions.Count > 0);
            if (wrap)
            {
                json.WriteStartArray("allOf");
                json.WriteStartObject();
                json.WriteString("$ref", refPrefix + reference);
                json.WriteEndObject();
                json.WriteEndArray();
            }
            else
            {
                json.WriteString("$ref", refPrefix + reference);
            }
        }
        if (v3 && schema.OneOfTypes is { } alternatives)
        {
            json.WriteStartArray("oneOf");
            foreach (var alternative in alternatives)
            {
                json.WriteStartObject();
                json.WriteString("type", alternative);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        else if (schema.Type is { } type)
        {
            json.WriteString("type", type);
        }
        if (schema.Format is { } format)
        {
            json.WriteString("format", format);
        }
        if (schema.Items is { } items)
        {
            json.WritePropertyName("items");
            Write(json, items);
        }
        if (schema.AdditionalProperties is { } additional)
        {
            json.WritePropertyName("additionalProperties");
            Write(json, additional);
        }
        if (schema.Properties is { } properties)
        {
            json.WriteStartObject("properties");
            foreach (var (name, property) in properties)
            {
                json.WritePropertyName(name);
                Write(json, property);
            }
            json.WriteEndObject();
        }
        if (schema.Required is { } required)
        {
            WriteStrings(json, "required", required);
        }
        if (schema.Enum is { } values)
        {
            json.WriteStartArray("enum");
            foreach (var value in values)
            {
                WriteNode(json, value);
            }
            json.WriteEndArray();
        }
        WriteExtensions(json, schema.Extensions);
        json.WriteEndObject();
    }

    public static void WriteExtensions(Utf8JsonWriter json, IEnumerable<KeyValuePair<string, JsonNode>> extensions)
    {
        foreach (var (name, value) in extensions)
        {
            json.WritePropertyName(name);
            WriteNode(json, value);
        }
    }

    public static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }
        json.WriteEndArray();
    }

    private static void WriteNode(Utf8JsonWriter json, JsonNode? node)
    {
        if (node is null)
        {
            json.WriteNullValue();
        }
        else
        {
            node.WriteTo(json);
        }
    }
}
