using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;

namespace Dotkube.ApiServer.FieldValidation;

/// <summary>
/// Parses JSON request bodies like Go's decoder treats them: a key that appears twice in one
/// object keeps its last value (System.Text.Json's JsonNode would instead fail on first access),
/// and the repeats are remembered for strict field validation.
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

    private static JsonNode? Build(JsonElement e, DuplicateFields.Builder found)
    {
        // Nesting is bounded by the parser's MaxDepth; stop short of the stack's end before that.
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject(ObjectJson.NodeOptions);
                foreach (var p in e.EnumerateObject())
                {
                    var child = Build(p.Value, found);
                    if (obj.ContainsKey(p.Name))
                    {
                        found.Add(obj, p.Name);
                    }
                    obj[p.Name] = child;
                }
                return obj;
            case JsonValueKind.Array:
                var array = new JsonArray(ObjectJson.NodeOptions);
                foreach (var item in e.EnumerateArray())
                {
                    array.Add(Build(item, found));
                }
                return array;
            case JsonValueKind.Null:
                return null;
            default:
                return JsonValue.Create(e, ObjectJson.NodeOptions);
        }
    }
}
