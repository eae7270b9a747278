using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.CustomResources;

/// <summary>
/// Validation ratcheting (on by default since 1.30): on update, a schema error at a value that
/// is unchanged from the old object is dropped, so objects stored before a schema tightened can
/// still be updated elsewhere. A Required error ratchets when its parent object is unchanged.
/// </summary>
public static partial class Ratcheting
{
    public static List<FieldError> Filter(List<FieldError> errors, JsonObject obj, JsonObject old) =>
        errors.Where(e => !Unchanged(e, obj, old)).ToList();

    private static bool Unchanged(FieldError error, JsonObject obj, JsonObject old)
    {
        if (error.Field.Length == 0)
        {
            return false;
        }
        var segments = Segments(error.Field);
        if (error.Type == FieldErrorType.Required)
        {
            segments.RemoveAt(segments.Count - 1);
        }
        var (newFound, newValue) = Resolve(obj, segments);
        var (oldFound, oldValue) = Resolve(old, segments);
        return newFound && oldFound && JsonKinds.Equal(newValue, oldValue);
    }

    private static List<string> Segments(string path) =>
        SegmentRegex().Matches(path).Select(m => m.Value).ToList();

    private static (bool Found, JsonNode? Value) Resolve(JsonNode? root, List<string> segments)
    {
        var node = root;
        foreach (var s in segments)
        {
            if (s.StartsWith('['))
            {
                if (node is not JsonArray a || !int.TryParse(s[1..^1], out var i) || i >= a.Count)
                {
                    return (false, null);
                }
                node = a[i];
            }
            else
            {
                if (node is not JsonObject o || !o.TryGetPropertyValue(s, out var child))
                {
                    return (false, null);
                }
                node = child;
            }
        }
        return (true, node);
    }

    [GeneratedRegex(@"\[\d+\]|[^.\[]+")]
    private static partial Regex SegmentRegex();
}
