using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.FieldValidation;

/// <summary>
/// The keys that appeared more than once in each object of a parsed JSON document. The parsed
/// tree keeps the last value of such a key, as Go's decoder does; this remembers that there
/// were others so strict decoding can report them.
/// </summary>
public sealed class DuplicateFields
{
    private readonly Dictionary<JsonObject, List<Repeat>>? byObject;

    private DuplicateFields(Dictionary<JsonObject, List<Repeat>>? byObject) => this.byObject = byObject;

    /// <summary>A document without duplicate keys.</summary>
    public static readonly DuplicateFields None = new(null);

    public bool Any => byObject is not null;

    /// <summary>The repeats in <paramref name="obj"/>, in document order, or null.</summary>
    internal List<Repeat>? In(JsonObject obj) =>
        byObject is not null && byObject.TryGetValue(obj, out var repeats) ? repeats : null;

    /// <summary>A repeated key, and how many distinct keys the object had when it came again (to report it in document order).</summary>
    internal readonly record struct Repeat(string Key, int Position);

    internal sealed class Builder
    {
        private Dictionary<JsonObject, List<Repeat>>? byObject;

        /// <summary>Records that <paramref name="key"/>, already in <paramref name="obj"/>, came again.</summary>
        public void Add(JsonObject obj, string key)
        {
            byObject ??= new Dictionary<JsonObject, List<Repeat>>(ReferenceEqualityComparer.Instance);
            if (!byObject.TryGetValue(obj, out var repeats))
            {
                byObject[obj] = repeats = [];
            }
            repeats.Add(new Repeat(key, obj.Count));
        }

        public DuplicateFields Build() => byObject is null ? None : new DuplicateFields(byObject);
    }
}
