using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.FieldValidation;

/// <summary>
/// The keys that appeared more than once in each object of a parsed JSON document. The parsed
/// tree keeps the last value of such a key, as Go's decoder does; this remembers that there
/// were others so strict decoding can report them.
/// </summary>
public sealed class DuplicateFields
{
    private readonly Dictionary<JsonObject, List<string>>? byObject;

    private DuplicateFields(Dictionary<JsonObject, List<string>>? byObject) => this.byObject = byObject;

    /// <summary>A document without duplicate keys.</summary>
    public static readonly DuplicateFields None = new(null);

    public bool Any => byObject is not null;

    /// <summary>The keys repeated in <paramref name="obj"/>, or null.</summary>
    internal List<string>? In(JsonObject obj) =>
        byObject is not null && byObject.TryGetValue(obj, out var keys) ? keys : null;

    internal sealed class Builder
    {
        private Dictionary<JsonObject, List<string>>? byObject;

        public void Add(JsonObject obj, string key)
        {
            byObject ??= new Dictionary<JsonObject, List<string>>(ReferenceEqualityComparer.Instance);
            if (!byObject.TryGetValue(obj, out var keys))
            {
                byObject[obj] = keys = [];
            }
            keys.Add(key);
        }

        public DuplicateFields Build() => byObject is null ? None : new DuplicateFields(byObject);
    }
}
