using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Dotkube.Machinery.Serialization;

/// <summary>
/// YAML to JSON and back the way sigs.k8s.io/yaml does it (so as kubectl and kube-apiserver do):
/// go-yaml v2 scalar typing on the way in, sorted keys and go-yaml's quoting on the way out.
/// </summary>
public static partial class YamlJson
{
    private const string TagPrefix = "tag:yaml.org,2002:";

    /// <summary>The first document of <paramref name="yaml"/> as JSON; null for an empty document.</summary>
    /// <exception cref="YamlJsonException">Malformed YAML, with go-yaml's wording (<c>yaml: line 3: ...</c>).</exception>
    public static JsonNode? Parse(string yaml)
    {
        var docs = Read(yaml, firstOnly: true, repeatedKeys: null);
        return docs.Count == 0 ? null : docs[0];
    }

    /// <summary>
    /// The first document, as <see cref="Parse(string)"/> (a repeated key keeps its last value),
    /// also collecting what go-yaml's strict decoding says of each repeated key:
    /// <c>line 10: key "paused" already set in map</c> (the line of the repeat's value).
    /// </summary>
    public static JsonNode? Parse(string yaml, List<string> repeatedKeys)
    {
        var docs = Read(yaml, firstOnly: true, repeatedKeys);
        return docs.Count == 0 ? null : docs[0];
    }

    /// <summary>go-yaml's error for the problems strict decoding found: <c>yaml: unmarshal errors:\n  line 10: ...</c>.</summary>
    public static string UnmarshalErrors(IEnumerable<string> problems) => "yaml: unmarshal errors:\n  " + string.Join("\n  ", problems);

    /// <summary>Every document of a <c>---</c>-separated stream; empty documents are left out unless asked for.</summary>
    public static IReadOnlyList<JsonNode?> ParseAll(string yaml, bool keepEmpty = false)
    {
        var docs = Read(yaml, firstOnly: false, repeatedKeys: null);
        return keepEmpty ? docs : [.. docs.Where(d => d is not null)];
    }

    private static List<JsonNode?> Read(string yaml, bool firstOnly, List<string>? repeatedKeys)
    {
        var docs = new List<JsonNode?>();
        try
        {
            var parser = new Parser(new StringReader(yaml));
            parser.Consume<StreamStart>();
            while (!parser.TryConsume<StreamEnd>(out _))
            {
                parser.Consume<DocumentStart>();
                var reader = new DocumentReader(parser, repeatedKeys);
                docs.Add(parser.Accept<DocumentEnd>(out _) ? null : reader.ReadNode());
                parser.Consume<DocumentEnd>();
                if (firstOnly)
                {
                    break;
                }
            }
        }
        catch (YamlException e)
        {
            throw new YamlJsonException(GoYamlMessage(e), e);
        }
        return docs;
    }

    /// <summary>YAML text for a JSON value, as go-yaml writes it: block style, keys sorted, two-space indents.</summary>
    public static string ToYaml(JsonNode? node)
    {
        var writer = new StringWriter();
        var emitter = new Emitter(writer, new EmitterSettings(2, 80, false, 1024, false, false, "\n", false));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, true));
        Write(emitter, node);
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    private static void Write(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, MappingStyle.Block));
                foreach (var key in obj.Select(kv => kv.Key).OrderBy(k => k, GoYamlKeyComparer.Instance).ToList())
                {
                    WriteString(emitter, key);
                    Write(emitter, obj[key]);
                }
                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, SequenceStyle.Block));
                foreach (var item in array)
                {
                    Write(emitter, item);
                }
                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value:
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String:
                        WriteString(emitter, value.GetValue<string>());
                        break;
                    case JsonValueKind.Number:
                        WritePlain(emitter, NumberText(value.ToJsonString()));
                        break;
                    case JsonValueKind.True:
                        WritePlain(emitter, "true");
                        break;
                    case JsonValueKind.False:
                        WritePlain(emitter, "false");
                        break;
                    default:
                        WritePlain(emitter, "null");
                        break;
                }
                break;
            default:
                WritePlain(emitter, "null");
                break;
        }
    }

    /// <summary>Multi-line strings as literal blocks, strings that would read back as something else double-quoted.</summary>
    private static void WriteString(IEmitter emitter, string s)
    {
        var style = !s.All(IsLibyamlPrintable) ? ScalarStyle.DoubleQuoted
            : s.Contains('\n') ? ScalarStyle.Literal
            : GoYamlScalars.CanBePlain(s) ? ScalarStyle.Plain
            : ScalarStyle.DoubleQuoted;
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, s, style, true, true));
    }

    /// <summary>
    /// libyaml's idea of printable (tabs, carriage returns, control characters and BOMs are not):
    /// strings with anything else can only be written double-quoted with escapes.
    /// </summary>
    private static bool IsLibyamlPrintable(char c) =>
        c == '\n' || (c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xD7FF) || char.IsSurrogate(c)
        || (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF);

    private static void WritePlain(IEmitter emitter, string s) =>
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, s, ScalarStyle.Plain, true, true));

    /// <summary>A JSON number as go-yaml re-reads and prints it: integers as they are, other numbers in %g form.</summary>
    private static string NumberText(string json)
    {
        var (kind, value) = GoYamlScalars.Resolve(json);
        return kind switch
        {
            GoYamlScalars.Kind.Int => ((BigInteger)value!).ToString(System.Globalization.CultureInfo.InvariantCulture),
            GoYamlScalars.Kind.Float => GoYamlScalars.GoG((double)value!),
            _ => json,
        };
    }

    /// <summary>
    /// go-yaml's error text: "yaml: line N: problem". Its scanner reports the 1-based line, its
    /// parser the 0-based one (a long-standing quirk kept so messages match).
    /// </summary>
    private static string GoYamlMessage(YamlException e)
    {
        var text = e.Message;
        var split = text.IndexOf("): ", StringComparison.Ordinal);
        if (split >= 0 && text.StartsWith("(Line:", StringComparison.Ordinal))
        {
            text = text[(split + 3)..];
        }
        text = text.TrimEnd('.');
        var scanner = text.StartsWith("While scanning", StringComparison.OrdinalIgnoreCase)
            || text.Contains("Mapping values are not allowed", StringComparison.OrdinalIgnoreCase);
        var line = scanner ? e.Start.Line : e.Start.Line - 1;
        text = ProblemText(text);
        return line > 0 ? $"yaml: line {line}: {text}" : $"yaml: {text}";
    }

    /// <summary>libyaml's wording for the problems YamlDotNet words differently.</summary>
    private static string ProblemText(string text)
    {
        foreach (var (dotnet, go) in ProblemWords)
        {
            if (text.Contains(dotnet, StringComparison.OrdinalIgnoreCase))
            {
                return go;
            }
        }
        return text.Length > 0 ? char.ToLowerInvariant(text[0]) + text[1..] : text;
    }

    private static readonly (string DotNet, string Go)[] ProblemWords =
    [
        ("Mapping values are not allowed in this context", "mapping values are not allowed in this context"),
        ("found invalid mapping", "mapping values are not allowed in this context"),
        ("invalid tab as indentation", "found a tab character that violates indentation"),
        ("did not find expected key", "did not find expected key"),
        ("did not find expected '-' indicator", "did not find expected '-' indicator"),
        ("did not find expected <document start>", "did not find expected <document start>"),
        ("did not find expected node content", "did not find expected node content"),
        ("did not find expected ',' or ']'", "did not find expected ',' or ']'"),
        ("did not find expected ',' or '}'", "did not find expected ',' or '}'"),
        ("found character that cannot start any token", "found character that cannot start any token"),
        ("could not find expected ':'", "could not find expected ':'"),
        ("found unexpected end of stream", "found unexpected end of stream"),
        ("found unknown escape character", "found unknown escape character"),
        ("found a tab character", "found a tab character that violates indentation"),
        ("found undefined tag handle", "found undefined tag handle"),
        ("found undefined anchor", "unknown anchor"),
    ];

    /// <summary>Builds one document's JSON from parser events, resolving anchors, aliases and merge keys.</summary>
    private sealed class DocumentReader(IParser parser, List<string>? repeatedKeys)
    {
        private readonly Dictionary<string, JsonNode?> _anchors = new(StringComparer.Ordinal);

        // The 1-based line go-yaml gives the node last read: where it starts, or for a block
        // collection where its first entry starts (libyaml marks block collections there).
        private long nodeLine;

        public JsonNode? ReadNode()
        {
            nodeLine = parser.Current?.Start.Line ?? 0;
            if (parser.TryConsume<AnchorAlias>(out var alias))
            {
                if (!_anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    throw new YamlJsonException($"yaml: unknown anchor '{alias.Value.Value}' referenced");
                }
                return target?.DeepClone();
            }
            if (parser.TryConsume<Scalar>(out var scalar))
            {
                var value = ScalarValue(scalar);
                Remember(scalar.Anchor, value);
                return value;
            }
            if (parser.TryConsume<SequenceStart>(out var sequence))
            {
                var line = BlockLine(sequence.Style == SequenceStyle.Block, sequence.Start.Line);
                var array = new JsonArray();
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    array.Add(ReadNode());
                }
                Remember(sequence.Anchor, array);
                nodeLine = line;
                return array;
            }
            var mapping = parser.Consume<MappingStart>();
            var mappingLine = BlockLine(mapping.Style == MappingStyle.Block, mapping.Start.Line);
            var obj = new JsonObject();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var isMerge = parser.Accept<Scalar>(out var keyEvent) && keyEvent.Style == ScalarStyle.Plain
                    && keyEvent.Tag.IsEmpty && keyEvent.Value == "<<";
                var keyNode = ReadNode();
                var valueNode = ReadNode();
                var valueLine = nodeLine;
                if (isMerge)
                {
                    Merge(obj, valueNode);
                    continue;
                }
                var key = KeyString(keyNode, valueNode);
                if (repeatedKeys is not null && obj.ContainsKey(key))
                {
                    repeatedKeys.Add($"line {valueLine}: key {GoKeyText(keyNode)} already set in map");
                }
                obj[key] = valueNode;
            }
            Remember(mapping.Anchor, obj);
            nodeLine = mappingLine;
            return obj;
        }

        /// <summary>A key as Go's %#v prints it: strings quoted, other scalars as they are.</summary>
        private static string GoKeyText(JsonNode? key)
        {
            if (key is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            {
                var sb = new StringBuilder("\"");
                foreach (var c in v.GetValue<string>())
                {
                    _ = c switch
                    {
                        '"' or '\\' => sb.Append('\\').Append(c),
                        '\n' => sb.Append("\\n"),
                        '\t' => sb.Append("\\t"),
                        '\r' => sb.Append("\\r"),
                        < ' ' => sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                        _ => sb.Append(c),
                    };
                }
                return sb.Append('"').ToString();
            }
            return key?.ToJsonString() ?? "<nil>";
        }

        /// <summary>A block collection's line is its first entry's (where libyaml marks it); others start where they start.</summary>
        private long BlockLine(bool block, long start) =>
            block && parser.Current is not (MappingEnd or SequenceEnd) && parser.Current is { } first ? first.Start.Line : start;

        private void Remember(AnchorName anchor, JsonNode? node)
        {
            if (!anchor.IsEmpty)
            {
                _anchors[anchor.Value] = node?.DeepClone();
            }
        }

        /// <summary><c>&lt;&lt;: *base</c> or a list of them: entries are copied in where the key stands (earlier maps in a list win).</summary>
        private static void Merge(JsonObject into, JsonNode? source)
        {
            switch (source)
            {
                case JsonObject map:
                    foreach (var (k, v) in map)
                    {
                        into[k] = v?.DeepClone();
                    }
                    break;
                case JsonArray list:
                    for (var i = list.Count - 1; i >= 0; i--)
                    {
                        if (list[i] is not JsonObject item)
                        {
                            throw new YamlJsonException("yaml: map merge requires map or sequence of maps as the value");
                        }
                        Merge(into, item);
                    }
                    break;
                default:
                    throw new YamlJsonException("yaml: map merge requires map or sequence of maps as the value");
            }
        }

        /// <summary>JSON keys are strings: typed YAML keys are spelled as Go prints them (yes becomes "true", 1.0 becomes "1").</summary>
        private static string KeyString(JsonNode? key, JsonNode? value)
        {
            switch (key)
            {
                case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                    return v.GetValue<string>();
                case JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                    return v.GetValue<bool>() ? "true" : "false";
                case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                    var text = v.ToJsonString();
                    return GoYamlScalars.TryParseGoInt(text, out var i)
                        ? i.ToString(System.Globalization.CultureInfo.InvariantCulture)
                        : GoYamlScalars.GoG((float)double.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
                default:
                    throw new YamlJsonException($"unsupported map key of type: {GoTypeOf(key)}, key: {key?.ToJsonString() ?? "<nil>"}, value: {value?.ToJsonString() ?? "<nil>"}");
            }
        }

        private static string GoTypeOf(JsonNode? node) => node switch
        {
            null => "%!s(<nil>)",
            JsonObject => "map[interface {}]interface {}",
            JsonArray => "[]interface {}",
            _ => "interface {}",
        };

        private static JsonNode? ScalarValue(Scalar scalar)
        {
            var tag = scalar.Tag.IsEmpty ? "" : scalar.Tag.Value;
            if (tag.Length == 0 && !scalar.IsPlainImplicit)
            {
                // Quoted and block scalars are always strings.
                return JsonValue.Create(scalar.Value);
            }
            if (tag is "" or "!")
            {
                return FromResolved(scalar.Value, GoYamlScalars.Resolve(scalar.Value));
            }
            if (!tag.StartsWith(TagPrefix, StringComparison.Ordinal))
            {
                // Application tags are not understood; the text stays a string.
                return JsonValue.Create(scalar.Value);
            }
            var wanted = tag[TagPrefix.Length..];
            switch (wanted)
            {
                case "str":
                    return JsonValue.Create(scalar.Value);
                case "binary":
                    try
                    {
                        return JsonValue.Create(Encoding.UTF8.GetString(Convert.FromBase64String(scalar.Value)));
                    }
                    catch (FormatException e)
                    {
                        throw new YamlJsonException($"yaml: !!binary value contains invalid base64 data", e);
                    }
                case "int" or "float" or "bool" or "null":
                    var resolved = GoYamlScalars.Resolve(scalar.Value);
                    var got = resolved.Kind switch
                    {
                        GoYamlScalars.Kind.Int => "int",
                        GoYamlScalars.Kind.Float => "float",
                        GoYamlScalars.Kind.Bool => "bool",
                        GoYamlScalars.Kind.Null => "null",
                        _ => "str",
                    };
                    if (got == wanted)
                    {
                        return FromResolved(scalar.Value, resolved);
                    }
                    if (wanted == "float" && got == "int")
                    {
                        return GoYamlScalars.JsonFloat((double)(BigInteger)resolved.Value!);
                    }
                    throw new YamlJsonException($"yaml: cannot decode !!{got} `{scalar.Value}` as a !!{wanted}");
                default:
                    return FromResolved(scalar.Value, GoYamlScalars.Resolve(scalar.Value));
            }
        }

        private static JsonNode? FromResolved(string text, (GoYamlScalars.Kind Kind, object? Value) resolved) => resolved.Kind switch
        {
            GoYamlScalars.Kind.Null => null,
            GoYamlScalars.Kind.Bool => JsonValue.Create((bool)resolved.Value!),
            GoYamlScalars.Kind.Int => JsonNode.Parse(((BigInteger)resolved.Value!).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            GoYamlScalars.Kind.Float => GoYamlScalars.JsonFloat((double)resolved.Value!),
            _ => JsonValue.Create(text),
        };
    }
}
