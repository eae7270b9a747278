using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dotkube.Machinery.Errors;

namespace Dotkube.Machinery.Patching;

/// <summary>
/// RFC 6902 JSON Patch (<c>application/json-patch+json</c>) with the behaviour of the library
/// kube-apiserver uses: negative array indexes count from the end, "replace" of a missing object
/// key adds it, a failing operation is a 422 with upstream's generic message.
/// </summary>
public static class JsonPatch
{
    /// <summary>The most operations one patch may hold (kube-apiserver's maxJSONPatchOperations).</summary>
    public const int MaxOperations = 10000;

    /// <summary>The Status message kube-apiserver gives for any patch that fails to apply.</summary>
    public const string FailedMessage = "the server rejected our request due to an error in our request";

    /// <summary>Applies <paramref name="patch"/> to a copy of <paramref name="target"/> and returns the copy.</summary>
    /// <exception cref="StatusException">413 for too many operations, 400 for an operation that is not an
    /// object, 422 (with a <see cref="JsonPatchException"/> inside) when an operation fails.</exception>
    public static JsonNode Apply(JsonNode target, JsonArray patch)
    {
        if (patch.Count > MaxOperations)
        {
            throw StatusException.TooLarge($"The allowed maximum operations in a JSON patch is {MaxOperations}, got {patch.Count}");
        }
        foreach (var op in patch)
        {
            if (op is not null and not JsonObject)
            {
                throw StatusException.BadRequest($"json: cannot unmarshal {GoTypeName(op)} into Go value of type jsonpatch.Operation");
            }
        }
        var doc = target.DeepClone();
        try
        {
            foreach (var op in patch)
            {
                doc = ApplyOne(doc, op as JsonObject ?? []);
            }
        }
        catch (JsonPatchException e)
        {
            throw new StatusException(422, "Invalid", FailedMessage, e);
        }
        return doc;
    }

    /// <summary>Parses a request body as a JSON patch; malformed JSON or a non-array is a 400 as upstream.</summary>
    public static JsonArray Parse(string body)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw StatusException.BadRequest(e.Message);
        }
        return node switch
        {
            JsonArray array => array,
            null => [],
            _ => throw StatusException.BadRequest($"json: cannot unmarshal {GoTypeName(node)} into Go value of type jsonpatch.Patch"),
        };
    }

    private static JsonNode ApplyOne(JsonNode doc, JsonObject op)
    {
        var kind = StringField(op, "op") ?? "unknown";
        switch (kind)
        {
            case "add":
                {
                    var path = StringField(op, "path") ?? throw new JsonPatchException("add operation failed to decode path: missing value");
                    var (container, key) = Find(doc, path) ?? throw new JsonPatchException($"add operation does not apply: doc is missing path: \"{path}\": missing value");
                    Wrap($"error in add for path: '{path}'", () => container.Add(key, Value(op)));
                    return doc;
                }
            case "remove":
                {
                    var path = StringField(op, "path") ?? throw new JsonPatchException("remove operation failed to decode path: missing value");
                    var (container, key) = Find(doc, path) ?? throw new JsonPatchException($"remove operation does not apply: doc is missing path: \"{path}\": missing value");
                    Wrap($"error in remove for path: '{path}'", () => container.Remove(key));
                    return doc;
                }
            case "replace":
                {
                    var path = StringField(op, "path") ?? throw new JsonPatchException("replace operation failed to decode path: operation missing path field: missing value");
                    if (path.Length == 0)
                    {
                        // The whole document: only an object or array replaces it (anything else is ignored).
                        return Value(op) is JsonObject or JsonArray ? Value(op)! : doc;
                    }
                    var (container, key) = Find(doc, path) ?? throw new JsonPatchException($"replace operation does not apply: doc is missing path: {path}: missing value");
                    if (!container.TryGet(key, out _, out _))
                    {
                        throw new JsonPatchException($"replace operation does not apply: doc is missing key: {path}: missing value");
                    }
                    Wrap($"error in remove for path: '{path}'", () => container.Set(key, Value(op)));
                    return doc;
                }
            case "move":
                {
                    var from = StringField(op, "from") ?? throw new JsonPatchException("move operation failed to decode from: operation, missing from field: missing value");
                    var (source, fromKey) = Find(doc, from) ?? throw new JsonPatchException($"move operation does not apply: doc is missing from path: {from}: missing value");
                    if (!source.TryGet(fromKey, out var value, out var error))
                    {
                        throw new JsonPatchException($"error in move for path: '{fromKey}': {error}");
                    }
                    Wrap($"error in move for path: '{fromKey}'", () => source.Remove(fromKey));
                    var path = StringField(op, "path") ?? throw new JsonPatchException("move operation failed to decode path: operation missing path field: missing value");
                    var (destination, key) = Find(doc, path) ?? throw new JsonPatchException($"move operation does not apply: doc is missing destination path: {path}: missing value");
                    Wrap($"error in move for path: '{path}'", () => destination.Add(key, value));
                    return doc;
                }
            case "copy":
                {
                    var from = StringField(op, "from") ?? throw new JsonPatchException("copy operation failed to decode from: operation, missing from field: missing value");
                    var (source, fromKey) = Find(doc, from) ?? throw new JsonPatchException($"copy operation does not apply: doc is missing from path: {from}: missing value");
                    if (!source.TryGet(fromKey, out var value, out var error))
                    {
                        throw new JsonPatchException($"error in copy for from: '{from}': {error}");
                    }
                    var path = StringField(op, "path") ?? throw new JsonPatchException("copy operation failed to decode path: missing value");
                    var (destination, key) = Find(doc, path) ?? throw new JsonPatchException($"copy operation does not apply: doc is missing destination path: {path}: missing value");
                    Wrap("error while adding value during copy", () => destination.Add(key, value?.DeepClone()));
                    return doc;
                }
            case "test":
                {
                    var path = StringField(op, "path") ?? throw new JsonPatchException("test operation failed to decode path: operation missing path field: missing value");
                    var expected = Value(op);
                    if (path.Length == 0)
                    {
                        return JsonNodes.DeepEquals(doc, expected) ? doc : throw new JsonPatchException($"testing value {path} failed: test failed");
                    }
                    var (container, key) = Find(doc, path) ?? throw new JsonPatchException($"test operation does not apply: is missing path: {path}: missing value");
                    if (!container.TryGet(key, out var actual, out var error))
                    {
                        throw new JsonPatchException($"error in test for path: '{path}': {error}");
                    }
                    // A missing key and a null value look alike here, as upstream.
                    return JsonNodes.DeepEquals(actual, expected) ? doc : throw new JsonPatchException($"testing value {path} failed: test failed");
                }
            default:
                throw new JsonPatchException($"Unexpected kind: {kind}");
        }
    }

    /// <summary>The operation's value (a fresh copy, so the patch document is never shared); absent reads as null.</summary>
    private static JsonNode? Value(JsonObject op) => op["value"]?.DeepClone();

    private static string? StringField(JsonObject op, string name) =>
        op[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static void Wrap(string context, Action action)
    {
        try
        {
            action();
        }
        catch (JsonPatchException e)
        {
            throw new JsonPatchException(context + ": " + e.Message);
        }
    }

    /// <summary>
    /// The container that holds the last token of <paramref name="path"/>, walking every token
    /// but the last (the first token, before the leading '/', is ignored as upstream does).
    /// </summary>
    private static (Container Container, string Key)? Find(JsonNode doc, string path)
    {
        var tokens = path.Split('/');
        if (tokens.Length < 2 || doc is not (JsonObject or JsonArray))
        {
            return null;
        }
        var current = doc;
        for (var i = 1; i < tokens.Length - 1; i++)
        {
            if (!Container.Of(current).TryGet(JsonPointer.Unescape(tokens[i]), out var next, out _) || next is not (JsonObject or JsonArray))
            {
                return null;
            }
            current = next;
        }
        return (Container.Of(current), JsonPointer.Unescape(tokens[^1]));
    }

    private static string GoTypeName(JsonNode node) => JsonNodes.Kind(node) switch
    {
        GoKind.String => "string",
        GoKind.Number => "number",
        GoKind.Bool => "bool",
        GoKind.Array => "array",
        GoKind.Object => "object",
        _ => "null",
    };

    /// <summary>An object or array seen as a keyed container, as the patch library does.</summary>
    private abstract class Container
    {
        public static Container Of(JsonNode node) => node is JsonArray array ? new ArrayContainer(array) : new ObjectContainer((JsonObject)node);

        public abstract bool TryGet(string key, out JsonNode? value, out string error);

        public abstract void Set(string key, JsonNode? value);

        public abstract void Add(string key, JsonNode? value);

        public abstract void Remove(string key);
    }

    private sealed class ObjectContainer(JsonObject obj) : Container
    {
        public override bool TryGet(string key, out JsonNode? value, out string error)
        {
            // A missing key is not an error: it reads as null (why "replace" can add keys).
            error = "";
            value = obj.TryGetPropertyValue(key, out var v) ? v : null;
            return true;
        }

        public override void Set(string key, JsonNode? value) => obj[key] = value;

        public override void Add(string key, JsonNode? value) => obj[key] = value;

        public override void Remove(string key)
        {
            if (!obj.Remove(key))
            {
                throw new JsonPatchException($"Unable to remove nonexistent key: {key}: missing value");
            }
        }
    }

    private sealed class ArrayContainer(JsonArray array) : Container
    {
        public override bool TryGet(string key, out JsonNode? value, out string error)
        {
            value = null;
            if (!TryAtoi(key, out var index, out error))
            {
                return false;
            }
            if (index < 0)
            {
                if (index < -array.Count)
                {
                    error = InvalidIndex(index);
                    return false;
                }
                index += array.Count;
            }
            if (index >= array.Count)
            {
                error = InvalidIndex(index);
                return false;
            }
            value = array[index];
            return true;
        }

        public override void Set(string key, JsonNode? value)
        {
            if (!TryGet(key, out _, out var error))
            {
                throw new JsonPatchException(error);
            }
            var index = int.Parse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            array[index < 0 ? index + array.Count : index] = value;
        }

        public override void Add(string key, JsonNode? value)
        {
            if (key == "-")
            {
                array.Add(value);
                return;
            }
            if (!TryAtoi(key, out var index, out var error))
            {
                throw new JsonPatchException($"value was not a proper array index: '{key}': {error}");
            }
            var size = array.Count + 1;
            if (index >= size)
            {
                throw new JsonPatchException(InvalidIndex(index));
            }
            if (index < 0)
            {
                if (index < -size)
                {
                    throw new JsonPatchException(InvalidIndex(index));
                }
                index += size;
            }
            array.Insert(index, value);
        }

        public override void Remove(string key)
        {
            if (!TryAtoi(key, out var index, out var error))
            {
                throw new JsonPatchException(error);
            }
            if (index >= array.Count)
            {
                throw new JsonPatchException(InvalidIndex(index));
            }
            if (index < 0)
            {
                if (index < -array.Count)
                {
                    throw new JsonPatchException(InvalidIndex(index));
                }
                index += array.Count;
            }
            array.RemoveAt(index);
        }

        private static string InvalidIndex(int index) => $"Unable to access invalid index: {index}: invalid index referenced";

        /// <summary>Go's strconv.Atoi: an optional sign and decimal digits.</summary>
        private static bool TryAtoi(string s, out int value, out string error)
        {
            error = "";
            var body = s.Length > 0 && s[0] is '+' or '-' ? s[1..] : s;
            if (body.Length == 0 || !body.All(char.IsAsciiDigit))
            {
                value = 0;
                error = $"strconv.Atoi: parsing {JsonSerializer.Serialize(s)}: invalid syntax";
                return false;
            }
            if (!int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
            {
                error = $"strconv.Atoi: parsing {JsonSerializer.Serialize(s)}: value out of range";
                return false;
            }
            return true;
        }
    }
}
