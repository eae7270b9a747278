using System.Reflection;
using System.Text;

namespace Dotkube.ApiServer.OpenApi;

/// <summary>
/// Descriptions of KubernetesClient model types and properties, from the package's XML docs
/// (extracted at build time by ModelDocs.targets). The package wraps upstream descriptions at
/// about 80 columns; <see cref="Unwrap"/> turns them back into upstream's paragraphs.
/// </summary>
internal static class ModelDocs
{
    private const string ResourceName = "Dotkube.ApiServer.OpenApi.KubernetesModelDocs.bin";

    private static readonly Lazy<Dictionary<string, string>> Summaries = new(Load);

    public static int Count => Summaries.Value.Count;

    public static string? ForType(Type type) => Find("T:" + type.FullName);

    public static string? ForProperty(PropertyInfo property) =>
        Find("P:" + property.DeclaringType!.FullName + "." + property.Name);

    private static string? Find(string member) =>
        Summaries.Value.TryGetValue(member, out var raw) ? Unwrap(raw) : null;

    /// <summary>Joins wrapped lines of a paragraph with spaces; keeps blank lines as paragraph breaks.</summary>
    internal static string Unwrap(string raw)
    {
        var text = new StringBuilder(raw.Length);
        var blankLines = 0;
        foreach (var line in raw.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0)
            {
                blankLines++;
                continue;
            }
            if (text.Length > 0)
            {
                text.Append(blankLines > 0 ? "\n\n" : " ");
            }
            text.Append(trimmed);
            blankLines = 0;
        }
        return text.ToString();
    }

    private static Dictionary<string, string> Load()
    {
        using var stream = typeof(ModelDocs).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing; ModelDocs.targets did not run");
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        var count = reader.ReadInt32();
        var summaries = new Dictionary<string, string>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            summaries[name] = reader.ReadString();
        }
        return summaries;
    }
}
