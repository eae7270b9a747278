using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dotkube.E2E.BadInput;

/// <summary>
/// Seeded random damage to API objects for the fuzz test: fields deleted or replaced with the wrong
/// type, nulls, huge and exotic strings, odd numbers, deep nesting, unknown keys, and byte-level
/// corruption of the encoded text. The same seed gives the same sequence, so a failure can be replayed.
/// </summary>
public sealed class JsonMutator(int seed)
{
    private static readonly JsonSerializerOptions Raw = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, MaxDepth = 10_000 };

    private static readonly string[] Exotic =
    [
        "", " ", "\u0000", "nul\u0000inside", "grüße", "日本語のテキスト", "emoji 😀🎉", "\u202Eright-to-left", "zero\u200Bwidth",
        "e\u0301\u0301\u0301", "\uFFFF\uFFFE", "line\nbreak\ttab", "\"quoted\"", "back\\slash", "<script>alert(1)</script>",
        "${HOME}", "../../etc/passwd", "' OR 1=1 --", "%00%ff", "null", "true", "0x7f", "-1", "1e400",
    ];

    private static readonly string[] Numbers =
    [
        "0", "-1", "-0", "0.5", "1e400", "-1e400", "1.7976931348623157e308", "2147483648", "-2147483649",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "123456789012345678901234567890", "1E2", "5e-324",
    ];

    private static readonly string[] Keys = ["", "$ref", "__proto__", "metadata", "kind", "😀", "a.b/c", "x".PadRight(300, 'x'), "status", "spec"];

    private readonly Random _random = new(seed);

    public int Next(int max) => _random.Next(max);

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>A damaged copy of <paramref name="original"/> (one to three mutations) and what was done.</summary>
    public JsonObject Mutate(JsonObject original, out string description)
    {
        var copy = (JsonObject)original.DeepClone();
        var done = new List<string>();
        var count = 1 + _random.Next(3);
        for (var i = 0; i < count; i++)
        {
            done.Add(MutateOnce(copy));
        }

        description = string.Join("; ", done);
        return copy;
    }

    /// <summary>Encodes <paramref name="node"/>; now and then breaks the bytes (truncation, invalid UTF-8, a lone surrogate escape).</summary>
    public byte[] Encode(JsonNode node, out string description)
    {
        var bytes = Encoding.UTF8.GetBytes(node.ToJsonString(Raw));
        description = "";
        switch (_random.Next(12))
        {
            case 0:
                var cut = _random.Next(bytes.Length);
                description = $"; truncated at {cut} of {bytes.Length} bytes";
                return bytes[..cut];
            case 1:
                var at = _random.Next(bytes.Length);
                byte[] invalid = _random.Next(2) == 0 ? [0xC3, 0x28] : [0xFF, 0xFE, 0xFD];
                description = $"; invalid UTF-8 at byte {at}";
                return [.. bytes[..at], .. invalid, .. bytes[at..]];
            case 2:
                var text = Encoding.UTF8.GetString(bytes);
                var quote = text.IndexOf(":\"", _random.Next(text.Length), StringComparison.Ordinal);
                if (quote < 0)
                {
                    return bytes;
                }

                description = "; a lone surrogate escape in a string";
                return Encoding.UTF8.GetBytes(text.Insert(quote + 2, "\\ud800"));
            default:
                return bytes;
        }
    }

    /// <summary>A JSON patch of one to three operations on paths of <paramref name="target"/>, valid or not.</summary>
    public JsonArray JsonPatch(JsonObject target, out string description)
    {
        var paths = Locations(target).Select(l => l.Pointer).Append("/nope/deeper").Append("").Append("/data/~2bad").Append("/metadata/labels/new").ToList();
        string[] ops = ["add", "remove", "replace", "test", "move", "copy", "bogus", ""];
        var patch = new JsonArray();
        var count = 1 + _random.Next(3);
        for (var i = 0; i < count; i++)
        {
            var op = new JsonObject { ["op"] = Pick(ops), ["path"] = Pick(paths) };
            if (_random.Next(4) != 0)
            {
                op["value"] = RandomValue(2);
            }

            if (_random.Next(3) == 0)
            {
                op["from"] = Pick(paths);
            }

            patch.Add(op);
        }

        description = "json patch " + patch.ToJsonString(Raw);
        if (description.Length > 300)
        {
            description = description[..300] + "...";
        }

        return patch;
    }

    private string MutateOnce(JsonObject root)
    {
        var locations = Locations(root);
        var (parent, key, index, fullPointer) = Pick(locations);
        var pointer = fullPointer.Length > 60 ? $"{fullPointer[..30]}...{fullPointer[^25..]}" : fullPointer;
        switch (_random.Next(10))
        {
            case 0:
                Remove(parent, key, index);
                return $"removed {pointer}";
            case 1:
                var value = RandomValue(3);
                Set(parent, key, index, value);
                return $"{pointer} = {Describe(value)}";
            case 2:
                Set(parent, key, index, null);
                return $"{pointer} = null";
            case 3:
                var size = Pick(new[] { 1_000, 64_000, 300_000, 1_000_000 });
                Set(parent, key, index, JsonValue.Create(new string((char)('a' + _random.Next(26)), size)));
                return $"{pointer} = a string of {size} chars";
            case 4:
                var exotic = Pick(Exotic);
                Set(parent, key, index, JsonValue.Create(exotic));
                return $"{pointer} = {JsonSerializer.Serialize(exotic)}";
            case 5:
                var depth = Pick(new[] { 20, 100, 500, 2_000 });
                Set(parent, key, index, Nested(depth));
                return $"{pointer} = nested {depth} deep";
            case 6:
                var number = Pick(Numbers);
                Set(parent, key, index, JsonNode.Parse(number));
                return $"{pointer} = {number}";
            case 7:
                var target = (parent as JsonObject) ?? root;
                var newKey = Pick(Keys);
                target[newKey] = RandomValue(2);
                return $"added key \"{(newKey.Length > 20 ? newKey[..20] + "..." : newKey)}\" beside {pointer}";
            case 8:
                JsonNode empty = Pick(new Func<JsonNode>[] { () => JsonValue.Create("")!, () => new JsonObject(), () => new JsonArray() })();
                Set(parent, key, index, empty);
                return $"{pointer} = {empty.ToJsonString()}";
            default:
                var copyOf = parent.DeepClone();
                Set(parent, key, index, copyOf);
                return $"{pointer} = a copy of its parent";
        }
    }

    private JsonNode? RandomValue(int depth)
    {
        switch (_random.Next(depth > 0 ? 8 : 5))
        {
            case 0: return JsonValue.Create(Pick(Exotic));
            case 1: return JsonNode.Parse(Pick(Numbers));
            case 2: return JsonValue.Create(_random.Next(2) == 0);
            case 3: return null;
            case 4: return JsonValue.Create("value-" + _random.Next(1000));
            case 5:
                var array = new JsonArray();
                for (var i = _random.Next(4); i > 0; i--)
                {
                    array.Add(RandomValue(depth - 1));
                }

                return array;
            default:
                var obj = new JsonObject();
                for (var i = _random.Next(4); i > 0; i--)
                {
                    obj[Pick(Keys) + i] = RandomValue(depth - 1);
                }

                return obj;
        }
    }

    private static JsonNode Nested(int depth)
    {
        JsonNode node = JsonValue.Create(1);
        for (var i = 0; i < depth; i++)
        {
            node = i % 2 == 0 ? new JsonObject { ["n"] = node } : new JsonArray(node);
        }

        return node;
    }

    private sealed record Location(JsonNode Parent, string? Key, int Index, string Pointer);

    private static List<Location> Locations(JsonObject root)
    {
        var result = new List<Location>();
        void Walk(JsonNode node, string pointer)
        {
            if (node is JsonObject obj)
            {
                foreach (var (key, child) in obj.ToList())
                {
                    var childPointer = $"{pointer}/{key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)}";
                    result.Add(new Location(obj, key, -1, childPointer));
                    if (child is not null)
                    {
                        Walk(child, childPointer);
                    }
                }
            }
            else if (node is JsonArray array)
            {
                for (var i = 0; i < array.Count; i++)
                {
                    result.Add(new Location(array, null, i, $"{pointer}/{i}"));
                    if (array[i] is { } child)
                    {
                        Walk(child, $"{pointer}/{i}");
                    }
                }
            }
        }

        Walk(root, "");
        return result;
    }

    private static void Remove(JsonNode parent, string? key, int index)
    {
        if (parent is JsonObject obj)
        {
            obj.Remove(key!);
        }
        else if (parent is JsonArray array && index < array.Count)
        {
            array.RemoveAt(index);
        }
    }

    private static void Set(JsonNode parent, string? key, int index, JsonNode? value)
    {
        if (parent is JsonObject obj)
        {
            obj[key!] = value;
        }
        else if (parent is JsonArray array && index < array.Count)
        {
            array[index] = value;
        }
    }

    private static string Describe(JsonNode? value)
    {
        var text = value?.ToJsonString(Raw) ?? "null";
        return text.Length > 80 ? text[..80] + "..." : text;
    }
}
