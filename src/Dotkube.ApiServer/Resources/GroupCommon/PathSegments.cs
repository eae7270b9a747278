namespace Dotkube.ApiServer.Resources.GroupCommon;

/// <summary>
/// apimachinery's IsValidPathSegmentName: names that travel as a URL path segment (RBAC objects,
/// metric names, scale target kinds) may not be "." or ".." nor contain "/" or "%".
/// </summary>
public static class PathSegments
{
    public static IReadOnlyList<string> Validate(string name)
    {
        if (name is "." or "..")
        {
            return [$"may not be '{name}'"];
        }
        var errors = new List<string>();
        foreach (var illegal in new[] { "/", "%" })
        {
            if (name.Contains(illegal, StringComparison.Ordinal))
            {
                errors.Add($"may not contain '{illegal}'");
            }
        }
        return errors;
    }
}
