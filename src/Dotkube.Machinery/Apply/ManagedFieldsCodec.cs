using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dotkube.Machinery.Apply;

/// <summary>Reads and writes metadata.managedFields.</summary>
public static class ManagedFieldsCodec
{
    /// <summary>Decodes the entries; throws <see cref="FormatException"/> when one does not decode.</summary>
    public static List<ManagedFieldsEntry> Decode(JsonNode? managedFields)
    {
        var result = new List<ManagedFieldsEntry>();
        if (managedFields is null)
        {
            return result;
        }
        if (managedFields is not JsonArray list)
        {
            throw new FormatException("managedFields must be a list");
        }
        foreach (var node in list)
        {
            if (node is not JsonObject e)
            {
                throw new FormatException("a managedFields entry must be an object");
            }
            var fieldsType = Str(e, "fieldsType");
            if (fieldsType != "FieldsV1")
            {
                throw new FormatException($"invalid fieldsType \"{fieldsType}\"");
            }
            var entry = new ManagedFieldsEntry
            {
                Manager = Str(e, "manager"),
                Operation = Str(e, "operation"),
                ApiVersion = Str(e, "apiVersion"),
                Subresource = Str(e, "subresource"),
                Time = e["time"] is JsonValue t && t.TryGetValue<string>(out var ts) ? ts : null,
                Fields = e["fieldsV1"] is { } f ? FieldsV1.Parse(f) : new FieldSet(),
            };
            if (entry.Operation is not (ManagedFieldsEntry.Apply or ManagedFieldsEntry.Update))
            {
                throw new FormatException($"operation must be `Apply` or `Update`");
            }
            // Upstream merges entries that share an identifier.
            if (result.FirstOrDefault(r => r.Identifier == entry.Identifier) is { } same)
            {
                same.Fields = same.Fields.Union(entry.Fields);
                continue;
            }
            result.Add(entry);
        }
        return result;
    }

    /// <summary>
    /// Whether a request's managedFields asks for a reset: an empty list, or a list of one empty
    /// entry (<c>[{}]</c>).
    /// </summary>
    public static bool IsReset(JsonNode? managedFields) => managedFields is JsonArray a
        && (a.Count == 0 || (a.Count == 1 && a[0] is JsonObject { Count: 0 }));

    /// <summary>The entries in upstream's order: operation, then time, manager, apiVersion, subresource.</summary>
    public static JsonArray Encode(IEnumerable<ManagedFieldsEntry> entries)
    {
        var sorted = entries
            .OrderBy(e => e.Operation, StringComparer.Ordinal)
            .ThenBy(e => Seconds(e.Time))
            .ThenBy(e => e.Manager, StringComparer.Ordinal)
            .ThenBy(e => e.ApiVersion, StringComparer.Ordinal)
            .ThenBy(e => e.Subresource, StringComparer.Ordinal);
        var array = new JsonArray();
        foreach (var e in sorted)
        {
            // Go's field order: manager, operation, apiVersion, time, fieldsType, fieldsV1, subresource.
            var obj = new JsonObject
            {
                ["manager"] = e.Manager,
                ["operation"] = e.Operation,
                ["apiVersion"] = e.ApiVersion,
            };
            if (e.Time is not null)
            {
                obj["time"] = e.Time;
            }
            obj["fieldsType"] = "FieldsV1";
            obj["fieldsV1"] = FieldsV1.Serialize(e.Fields);
            if (e.Subresource.Length > 0)
            {
                obj["subresource"] = e.Subresource;
            }
            array.Add(obj);
        }
        return array;
    }

    private static long Seconds(string? time) =>
        time is not null && DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t.ToUnixTimeSeconds() : 0;

    private static string Str(JsonObject e, string key) =>
        e[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "";
}
