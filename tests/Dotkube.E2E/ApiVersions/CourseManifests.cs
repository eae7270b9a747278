namespace Dotkube.E2E.ApiVersions;

/// <summary>
/// The course's manifests (../shared/course/manifests, outside the repository), when this machine
/// has them; tests over them are skipped with the reason otherwise.
/// </summary>
public static class CourseManifests
{
    public const string Directory = "/work/shared/course/manifests";

    /// <summary>$COURSE_MANIFESTS when set, else the shared course folder.</summary>
    public static string Path => Environment.GetEnvironmentVariable("COURSE_MANIFESTS") is { Length: > 0 } p ? p : Directory;

    public static bool Present => System.IO.Directory.Exists(Path);

    public static IEnumerable<string> Files => Present
        ? System.IO.Directory.GetFiles(Path, "*.yaml").Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal)!
        : [];

    /// <summary>File names as theory data; one placeholder row when absent, so the skipped theory still shows.</summary>
    public static TheoryData<string> FileNames()
    {
        var data = new TheoryData<string>();
        foreach (var file in Files)
        {
            data.Add(file);
        }
        if (data.Count == 0)
        {
            data.Add("(none)");
        }
        return data;
    }
}

/// <summary>A theory over the course manifests, skipped with the reason when they are not on this machine.</summary>
public sealed class CourseManifestsTheoryAttribute : TheoryAttribute
{
    public CourseManifestsTheoryAttribute()
    {
        if (!CourseManifests.Present)
        {
            Skip = $"the course manifests are not on this machine ({CourseManifests.Path}); set COURSE_MANIFESTS to their folder";
        }
    }
}
