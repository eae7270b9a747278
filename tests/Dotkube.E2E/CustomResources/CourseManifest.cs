namespace Dotkube.E2E.CustomResources;

/// <summary>The course's manifests, read where the course checkout keeps them (never copied into the repository).</summary>
public static class CourseManifest
{
    public const string Directory = "/work/shared/course/manifests";

    public static string PathOf(string file) => Path.Combine(Directory, file);

    public static string Read(string file) => File.ReadAllText(PathOf(file));

    /// <summary>The YAML documents of a multi-document manifest whose kind is <paramref name="kind"/>.</summary>
    public static IEnumerable<string> DocumentsOfKind(string file, string kind) =>
        Read(file).Split("\n---", StringSplitOptions.RemoveEmptyEntries)
            .Where(d => d.Split('\n').Any(l => l.TrimEnd() == $"kind: {kind}"));
}

/// <summary>A fact that needs course manifests; skipped, with the reason, when the course checkout is absent.</summary>
public sealed class CourseManifestFactAttribute : FactAttribute
{
    public CourseManifestFactAttribute(params string[] files)
    {
        var missing = files.Where(f => !File.Exists(CourseManifest.PathOf(f))).ToList();
        if (missing.Count > 0)
        {
            Skip = $"the course manifests {string.Join(", ", missing)} are not present in {CourseManifest.Directory}";
        }
    }
}
