using System.Text.Json;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;

namespace Dotkube.ApiServer.FieldValidation;

/// <summary>
/// Parses JSON request bodies like Go's decoder treats them: a key that appears twice in one
/// object keeps its last value (System.Text.Json's JsonNode would instead fail on first access),
/// and the repeats are remembered for strict field validation; invalid UTF-8 and unpaired
/// surrogate escapes in strings become U+FFFD instead of failing when the string is read.
/// </summary>
public static class StrictJson
{
    private static readonly JsonDocumentOptions NoDuplicates = ObjectJson.DocumentOptions with { AllowDuplicateProperties = false };

    /// <summary>
    /// Parses <paramref name="utf8"/>; throws <see cref="JsonException"/> when it is not JSON.
    /// The common case (no repeated keys) costs one ordinary parse.
    /// </summary>
    public static JsonNode? Parse(byte[] utf8, out DuplicateFields duplicates)
    {
        // Invalid UTF-8 and unpaired surrogate escapes decode to U+FFFD, as in Go.
        utf8 = Http.JsonTextRepair.Repair(utf8);
        try
        {
            duplicates = DuplicateFields.None;
            return JsonNode.Parse(utf8, ObjectJson.NodeOptions, NoDuplicates);
        }
        catch (JsonException)
        {
            // Malformed, or only repeated keys: parsing again with repeats allowed tells which,
            // and throws the malformed document's own error.
        }
        JsonElement root;
        using (var doc = JsonDocument.Parse(utf8, ObjectJson.DocumentOptions))
        {
            root = doc.RootElement.Clone();
        }
        var found = new DuplicateFields.Builder();
        var node = Build(root, found);
        duplicates = found.Build();
        return node;
    }

    /// <summary>
    /// Builds the tree of a document with repeated keys, the last value winning. Iterative, so
    /// nesting as deep as the parser allows cannot exhaust the stack.
    /// </summary>
    private static JsonNode? Build(JsonElement root, DuplicateFields.Builder found)
    {
        var rootNode = Leaf(root);
        var pending = new Stack<(JsonElement Element, JsonNode Node)>();
        if (rootNode is JsonObject or JsonArray)
        {
            pending.Push((root, rootNode));
        }
        while (pending.TryPop(out var item))
        {
            if (item.Node is JsonObject obj)
            {
                foreach (var p in item.Element.EnumerateObject())
                {
                    var child = Leaf(p.Value);
                    if (obj.ContainsKey(p.Name))
                    {
                        found.Add(obj, p.Name);
                    }
                    obj[p.Name] = child;
                    if (child is JsonObject or JsonArray)
                    {
                        pending.Push((p.Value, child));
                    }
                }
                continue;
            }
            var array = (JsonArray)item.Node;
            foreach (var element in item.Element.EnumerateArray())
            {
                var child = Leaf(element);
                array.Add(child);
                if (child is JsonObject or JsonArray)
                {
                    pending.Push((element, child));
                }
            }
        }
        return rootNode;
    }

    /// <summary>A node for the element: empty containers (filled in later), values, or null.</summary>
    private static JsonNode? Leaf(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => new JsonObject(ObjectJson.NodeOptions),
        JsonValueKind.Array => new JsonArray(ObjectJson.NodeOptions),
        JsonValueKind.Null => null,
        _ => JsonValue.Create(e, ObjectJson.NodeOptions),
    };
}
