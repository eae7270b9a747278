using System.Collections.Frozen;

namespace Dotkube.ApiServer.OpenApi;

/// <summary>
/// The required fields of each built-in type, as upstream's OpenAPI lists them: fields without
/// <c>+optional</c> and without <c>omitempty</c> (or marked <c>+required</c>), in declaration
/// order. From OpenApi/Data/required-fields.tsv, generated from the v0.32 Go API types by
/// extract_required_fields.py.
/// </summary>
internal static class RequiredFields
{
    private static readonly Lazy<FrozenDictionary<string, string[]>> Table = new(Load);

    /// <summary>The required fields of a model class, or null when the table does not know the type.</summary>
    public static IReadOnlyList<string>? For(string modelName) =>
        Table.Value.TryGetValue(modelName, out var fields) ? fields : null;

    private static FrozenDictionary<string, string[]> Load()
    {
        using var stream = typeof(RequiredFields).Assembly.GetManifestResourceStream("Dotkube.ApiServer.required-fields.tsv")
            ?? throw new InvalidOperationException("the required-fields table is not embedded");
        using var reader = new StreamReader(stream);
        var rows = new Dictionary<string, string[]>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var cols = line.Split('\t');
            if (cols.Length != 2)
            {
                throw new InvalidDataException($"required-fields.tsv: bad line: {line}");
            }
            rows[cols[0]] = cols[1].Length == 0 ? [] : cols[1].Split(',');
        }
        return rows.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
