using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Quantities;

namespace Dotkube.ApiServer.FieldValidation;

/// <summary>
/// Walks a JSON value once against a typed schema, doing what decoding it into upstream's Go
/// struct does: unknown fields are found (and can then be dropped from the JSON, as they would
/// be absent from the struct), repeated keys found, and values of the wrong JSON type refused
/// with the decoder's wording. Nothing is checked beneath unknown fields or raw values.
/// </summary>
internal sealed class TypedDecoder
{
    // Upstream stops collecting strict errors after 100.
    private const int MaxStrictErrors = 100;

    private readonly DecodeStyle style;
    private readonly bool strict;
    private readonly DuplicateFields duplicates;

    // The strict-error path ("spec.containers[0]") and the type-error field stack ("spec.containers").
    private readonly StringBuilder path = new();
    private readonly StringBuilder fieldStack = new();
    private string? structName;

    private readonly List<string> strictErrors = [];
    private HashSet<string>? seenStrictErrors;
    private string? savedError;
    private string? abortError;
    private readonly List<(JsonObject Object, string Key)> unknownFields = [];
    private readonly List<(JsonNode Node, string Value)> timeRewrites = [];

    private TypedDecoder(DecodeStyle style, bool strict, DuplicateFields duplicates)
    {
        this.style = style;
        this.strict = strict;
        this.duplicates = duplicates;
    }

    /// <summary>
    /// Decodes <paramref name="root"/> against <paramref name="schema"/>.
    /// </summary>
    /// <param name="strict">collect unknown and duplicate fields as errors (Warn and Strict); off for Ignore</param>
    public static DecodeResult Decode(JsonNode? root, ValueSchema schema, DecodeStyle style, bool strict,
        DuplicateFields? duplicates = null)
    {
        var decoder = new TypedDecoder(style, strict, duplicates ?? DuplicateFields.None);
        decoder.Visit(root, schema);
        var errors = decoder.strictErrors;
        if (style == DecodeStyle.Unstructured)
        {
            // The converter sorts what it found, by message.
            errors.Sort(StringComparer.Ordinal);
        }
        // A decoder's own error (e.g. a malformed quantity) ends decoding and wins over an earlier type error.
        return new DecodeResult(errors, decoder.abortError ?? decoder.savedError, decoder.unknownFields, decoder.timeRewrites);
    }

    private bool Stopped => abortError is not null;

    private void Visit(JsonNode? node, ValueSchema schema)
    {
        if (node is null || Stopped)
        {
            // null decodes to the zero value of anything.
            return;
        }
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            // Deeper than this thread's stack allows (thousands of levels, which the parser
            // permits): what lies beneath goes unchecked rather than failing the request.
            return;
        }
        switch (schema.Kind)
        {
            case ValueKind.Raw:
                return;
            case ValueKind.Interface:
                VisitInterface(node);
                return;
            case ValueKind.Object:
                if (node is JsonObject obj)
                {
                    VisitObject(obj, schema.Object!);
                }
                else
                {
                    Mismatch(node, schema);
                }
                return;
            case ValueKind.List:
                if (node is JsonArray array)
                {
                    for (var i = 0; i < array.Count && !Stopped; i++)
                    {
                        var mark = PushIndex(i);
                        Visit(array[i], schema.Item!);
                        path.Length = mark;
                    }
                }
                else
                {
                    Mismatch(node, schema);
                }
                return;
            case ValueKind.Map:
                if (node is JsonObject map)
                {
                    VisitMap(map, schema.Item!);
                }
                else
                {
                    Mismatch(node, schema);
                }
                return;
            case ValueKind.Quantity:
                CheckQuantity(node);
                return;
            case ValueKind.IntOrString:
                CheckIntOrString(node);
                return;
            case ValueKind.Time:
                if (KindOf(node) != JsonValueKind.String)
                {
                    // metav1.Time decodes its JSON into a Go string first, then parses that.
                    Abort($"json: cannot unmarshal {GoJsonWord(node)} into Go value of type string");
                }
                else if (GoTime.Check(node.GetValue<string>(), micro: ReferenceEquals(schema, ValueSchema.MicroTime)) is { } timeError)
                {
                    Abort(timeError);
                }
                else if (GoTime.Reencode(node.GetValue<string>(), micro: ReferenceEquals(schema, ValueSchema.MicroTime)) is { } encoded
                    && encoded != node.GetValue<string>())
                {
                    timeRewrites.Add((node, encoded));
                }
                return;
            case ValueKind.Bytes:
                CheckBytes(node, schema);
                return;
            default:
                CheckScalar(node, schema);
                return;
        }
    }

    private void VisitObject(JsonObject obj, ObjectSchema schema)
    {
        var repeats = duplicates.In(obj);
        var position = 0;
        foreach (var (key, value) in obj)
        {
            if (repeats is not null)
            {
                ReportRepeats(repeats, position, schema);
            }
            position++;
            if (schema.TryGetField(key, out var field))
            {
                var pathMark = PushKey(key);
                var stackMark = fieldStack.Length;
                if (fieldStack.Length > 0)
                {
                    fieldStack.Append('.');
                }
                fieldStack.Append(key);
                var outer = structName;
                structName = schema.GoName;
                Visit(value, field);
                structName = outer;
                fieldStack.Length = stackMark;
                path.Length = pathMark;
                if (Stopped)
                {
                    return;
                }
            }
            else
            {
                StrictError("unknown field", key);
                unknownFields.Add((obj, key));
            }
        }
        if (repeats is not null)
        {
            ReportRepeats(repeats, position, schema);
        }
    }

    private void VisitMap(JsonObject map, ValueSchema item)
    {
        var repeats = duplicates.In(map);
        var position = 0;
        foreach (var (key, value) in map)
        {
            if (repeats is not null)
            {
                ReportRepeats(repeats, position, null);
            }
            position++;
            // The converter does not put map keys in its paths; Go's JSON decoder does.
            var mark = style == DecodeStyle.GoJson ? PushKey(key) : path.Length;
            Visit(value, item);
            path.Length = mark;
            if (Stopped)
            {
                return;
            }
        }
        if (repeats is not null)
        {
            ReportRepeats(repeats, position, null);
        }
    }

    /// <summary>
    /// Reports the keys that came again after the first <paramref name="position"/> distinct keys:
    /// any map key, but only known fields of a struct (Go skips unknown ones, repeated or not).
    /// </summary>
    private void ReportRepeats(List<DuplicateFields.Repeat> repeats, int position, ObjectSchema? schema)
    {
        foreach (var repeat in repeats)
        {
            if (repeat.Position == position && (schema is null || schema.TryGetField(repeat.Key, out _)))
            {
                StrictError("duplicate field", repeat.Key);
            }
        }
    }

    /// <summary>A Go interface{}: any value, but repeated keys anywhere beneath count.</summary>
    private void VisitInterface(JsonNode node)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            return;
        }
        if (node is JsonObject obj)
        {
            VisitMap(obj, ValueSchema.Interface);
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                var mark = PushIndex(i);
                if (array[i] is { } item)
                {
                    VisitInterface(item);
                }
                path.Length = mark;
            }
        }
    }

    private void CheckScalar(JsonNode node, ValueSchema schema)
    {
        var kind = KindOf(node);
        var ok = schema.Kind switch
        {
            ValueKind.String => kind == JsonValueKind.String,
            ValueKind.Bool => kind is JsonValueKind.True or JsonValueKind.False,
            ValueKind.Int32 or ValueKind.Int64 or ValueKind.Float64 => kind == JsonValueKind.Number,
            _ => true,
        };
        if (!ok)
        {
            Mismatch(node, schema);
            return;
        }
        if (kind != JsonValueKind.Number || schema.Kind == ValueKind.String)
        {
            return;
        }
        var value = (JsonValue)node;
        var fits = schema.Kind switch
        {
            ValueKind.Int32 => value.TryGetValue<JsonElement>(out var e) && e.TryGetInt32(out _) || JsonNumbers.FitsInt(JsonNumbers.Text(value), int32: true),
            ValueKind.Int64 => value.TryGetValue<JsonElement>(out var e) && e.TryGetInt64(out _) || JsonNumbers.FitsInt(JsonNumbers.Text(value), int32: false),
            _ => JsonNumbers.FitsFloat(JsonNumbers.Text(value)),
        };
        if (fits)
        {
            return;
        }
        if (style == DecodeStyle.GoJson)
        {
            Save(TypeError("number " + JsonNumbers.Text(value), schema));
        }
        else if (schema.Kind != ValueKind.Float64 && !JsonNumbers.IsGoInt(JsonNumbers.Text(value)))
        {
            // The converter truncates integral floats silently and refuses the rest.
            var d = double.Parse(JsonNumbers.Text(value), System.Globalization.CultureInfo.InvariantCulture);
            if (d != Math.Truncate(d))
            {
                Abort($"cannot convert float64 to {schema.GoType}");
            }
        }
    }

    private void CheckBytes(JsonNode node, ValueSchema schema)
    {
        var kind = KindOf(node);
        if (kind == JsonValueKind.String)
        {
            if (Base64Data.FirstBadByte(node.GetValue<string>()) is { } bad)
            {
                Save($"illegal base64 data at input byte {bad}");
            }
            return;
        }
        if (kind == JsonValueKind.Array)
        {
            // A JSON array of byte values also decodes into a Go []byte.
            return;
        }
        Mismatch(node, schema);
    }

    private void CheckQuantity(JsonNode node)
    {
        // Quantity's own decoder strips the quotes of a string, else parses the raw JSON text.
        var text = KindOf(node) == JsonValueKind.String ? node.GetValue<string>()
            : node is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? JsonNumbers.Text(v)
            : node.ToJsonString();
        if (!IsPlainQuantity(text) && !Quantity.TryParse(text.Trim(), out _, out var error))
        {
            Abort(error);
        }
    }

    /// <summary>
    /// The usual quantity shapes ("100m", "1.5Gi", "2"), which always parse: a fast path that skips
    /// building the value. Anything else goes through the full parser for its verdict and wording.
    /// </summary>
    private static bool IsPlainQuantity(string s)
    {
        var i = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }
        if (i == 0)
        {
            return false;
        }
        if (i < s.Length && s[i] == '.')
        {
            var start = ++i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }
            if (i == start)
            {
                return false;
            }
        }
        return s.AsSpan(i) is "" or "n" or "u" or "m" or "k" or "M" or "G" or "T" or "P" or "E"
            or "Ki" or "Mi" or "Gi" or "Ti" or "Pi" or "Ei";
    }

    private void CheckIntOrString(JsonNode node)
    {
        var kind = KindOf(node);
        if (kind == JsonValueKind.String)
        {
            return;
        }
        if (kind == JsonValueKind.Number)
        {
            var text = JsonNumbers.Text((JsonValue)node);
            if (!JsonNumbers.FitsInt(text, int32: true))
            {
                Abort($"json: cannot unmarshal number {text} into Go value of type int32");
            }
            return;
        }
        Abort($"json: cannot unmarshal {GoJsonWord(node)} into Go value of type int32");
    }

    /// <summary>A JSON value of the wrong type for the schema, in the decoder's words.</summary>
    private void Mismatch(JsonNode node, ValueSchema schema)
    {
        if (style == DecodeStyle.GoJson)
        {
            Save(TypeError(GoJsonWord(node), schema));
            return;
        }
        Abort(ConverterError(node, schema));
    }

    private string TypeError(string what, ValueSchema schema) => structName is null
        ? $"json: cannot unmarshal {what} into Go value of type {schema.GoType}"
        : $"json: cannot unmarshal {what} into Go struct field {structName}.{fieldStack} of type {schema.GoType}";

    /// <summary>runtime.DefaultUnstructuredConverter's wording for a value of the wrong shape.</summary>
    private static string ConverterError(JsonNode node, ValueSchema schema)
    {
        var source = UnstructuredKind(node);
        return schema.Kind switch
        {
            ValueKind.Object => $"cannot restore struct from: {source}",
            ValueKind.List or ValueKind.Bytes => $"cannot restore slice from {source}",
            ValueKind.Map => $"cannot restore map from {source}",
            // Go converts integers to strings (as runes), so that one pair gets its own message.
            ValueKind.String when source == "int64" => $"cannot convert int64 to {schema.GoType}",
            _ => $"unrecognized type: {schema.GoType}",
        };
    }

    /// <summary>What the converter's source value is: the reflect kind of the decoded interface{} value.</summary>
    private static string UnstructuredKind(JsonNode node) => node switch
    {
        JsonObject => "map",
        JsonArray => "slice",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "bool",
            JsonValueKind.Number => JsonNumbers.IsGoInt(JsonNumbers.Text(v)) ? "int64" : "float64",
            _ => "invalid",
        },
        _ => "invalid",
    };

    /// <summary>How Go's decoder names a JSON value in "cannot unmarshal X".</summary>
    private static string GoJsonWord(JsonNode node) => KindOf(node) switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Number => "number",
        _ => "null",
    };

    private static JsonValueKind KindOf(JsonNode node) => node switch
    {
        JsonObject => JsonValueKind.Object,
        JsonArray => JsonValueKind.Array,
        _ => node.GetValueKind(),
    };

    private void StrictError(string type, string key)
    {
        if (!strict || strictErrors.Count >= MaxStrictErrors)
        {
            return;
        }
        var full = path.Length == 0 ? key : path + "." + key;
        // The converter prints the path as is; Go's JSON decoder quotes it with strconv.Quote.
        var message = style == DecodeStyle.GoJson ? $"{type} {GoText.Quote(full)}" : $"{type} \"{full}\"";
        if ((seenStrictErrors ??= new HashSet<string>(StringComparer.Ordinal)).Add(message))
        {
            strictErrors.Add(message);
        }
    }

    /// <summary>
    /// Go's JSON decoder remembers its first type error and reads on; the converter stops at once.
    /// </summary>
    private void Save(string error)
    {
        if (style == DecodeStyle.Unstructured)
        {
            Abort(error);
            return;
        }
        savedError ??= error;
    }

    private void Abort(string error) => abortError ??= error;

    private int PushKey(string key)
    {
        var mark = path.Length;
        if (mark > 0)
        {
            path.Append('.');
        }
        path.Append(key);
        return mark;
    }

    private int PushIndex(int index)
    {
        var mark = path.Length;
        path.Append('[').Append(index).Append(']');
        return mark;
    }
}
