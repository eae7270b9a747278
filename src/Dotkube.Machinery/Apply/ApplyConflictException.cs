using System.Globalization;
using System.Text.Json.Nodes;
using Dotkube.Machinery.Errors;

namespace Dotkube.Machinery.Apply;

/// <summary>An apply that would change fields other managers own; becomes a 409 Status with one cause per field.</summary>
public sealed class ApplyConflictException(IReadOnlyList<ApplyConflict> conflicts) : Exception(MessageFor(conflicts))
{
    public IReadOnlyList<ApplyConflict> Conflicts { get; } = conflicts;

    public StatusException ToStatus() => new(409, "Conflict", Message)
    {
        Causes = Conflicts.Select(c => new StatusCause("FieldManagerConflict", "conflict with " + PrintManager(c.Manager), c.Path.ToString())).ToList(),
    };

    private static string MessageFor(IReadOnlyList<ApplyConflict> conflicts)
    {
        if (conflicts.Count == 1)
        {
            return $"Apply failed with 1 conflict: conflict with {PrintManager(conflicts[0].Manager)}: {conflicts[0].Path}";
        }
        var lines = new List<string>();
        foreach (var group in conflicts.GroupBy(c => c.Manager).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            lines.Add($"conflicts with {PrintManager(group.Key)}:");
            lines.AddRange(group.Select(c => $"- {c.Path}"));
        }
        return string.Create(CultureInfo.InvariantCulture, $"Apply failed with {conflicts.Count} conflicts: {string.Join("\n", lines)}");
    }

    /// <summary>A manager identifier as upstream prints it: the name quoted, its subresource, and for updaters the apiVersion.</summary>
    public static string PrintManager(string identifier)
    {
        JsonObject? entry;
        try
        {
            entry = JsonNode.Parse(identifier) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            entry = null;
        }
        if (entry is null)
        {
            return Quote(identifier);
        }
        var text = Quote(Str(entry, "manager"));
        if (Str(entry, "subresource") is { Length: > 0 } sub)
        {
            text += $" with subresource {Quote(sub)}";
        }
        if (Str(entry, "operation") == ManagedFieldsEntry.Update)
        {
            text += $" using {Str(entry, "apiVersion")}";
        }
        return text;
    }

    private static string Str(JsonObject o, string key) => o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    private static string Quote(string s) => GoJson.PathText(JsonValue.Create(s));
}
