using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.FieldValidation;

/// <summary>
/// The keys that appeared more than once in each object of a parsed JSON document. The parsed
/// tree keeps the last value of such a key, as Go's decoder does; this remembers that there
/// were others so strict decoding can report them. For a YAML document, what go-yaml's strict
/// decoding says of its repeated keys instead (one error, as upstream's YAML-to-JSON step gives it).
/// </summary>
public sealed class DuplicateFields
{
    private readonly Dictionary<JsonObject, List<Repeat>>? byObject;

    private DuplicateFields(Dictionary<JsonObject, List<Repeat>>? byObject, string? yamlError = null)
    {
        this.byObject = byObject;
        YamlError = yamlError;
    }

    /// <summary>A document without duplicate keys.</summary>
    public static readonly DuplicateFields None = new(null);

    /// <summary>A YAML document whose repeated keys go-yaml's strict decoding reported as <paramref name="problems"/>.</summary>
    public static DuplicateFields FromYaml(IReadOnlyList<string> problems) =>
        problems.Count == 0 ? None : new DuplicateFields(null, Machinery.Serialization.YamlJson.UnmarshalErrors(problems));

    /// <summary>Whether a JSON document repeated keys.</summary>
    public bool Any => byObject is not null;

    /// <summary>
    /// For a YAML document with repeated keys: <c>yaml: unmarshal errors:\n  line 10: key "x" already set in map</c>,
    /// the first strict error upstream reports for it; else null.
    /// </summary>
    public string? YamlError { get; }

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
