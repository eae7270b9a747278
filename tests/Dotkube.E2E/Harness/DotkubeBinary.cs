using System.Reflection;

namespace Dotkube.E2E.Harness;

/// <summary>How to start dotkube: a program and the arguments that come before dotkube's own.</summary>
public sealed record DotkubeBinary(string FileName, IReadOnlyList<string> PrefixArgs)
{
    public const string OverrideVariable = "DOTKUBE_BINARY";

    /// <summary>
    /// <paramref name="path"/> as a command: a .dll runs under the dotnet host that runs these
    /// tests, anything else (the apphost, a script) runs as it is.
    /// </summary>
    public static DotkubeBinary FromPath(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"dotkube binary not found at {full}", full);
        }

        return full.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? new DotkubeBinary(DotnetHost(), [full])
            : new DotkubeBinary(full, []);
    }

    /// <summary>
    /// $DOTKUBE_BINARY when set; otherwise the build output of src/Dotkube for the configuration
    /// and target framework these tests were built with (the E2E project builds it first).
    /// </summary>
    public static DotkubeBinary Locate()
    {
        if (Environment.GetEnvironmentVariable(OverrideVariable) is { Length: > 0 } overridden)
        {
            return FromPath(overridden);
        }

        var testDir = AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar);
        var framework = System.IO.Path.GetFileName(testDir);
        var configuration = typeof(DotkubeBinary).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration
            ?? System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(testDir)) ?? "Debug";
        var root = RepositoryRoot(testDir);
        var output = System.IO.Path.Combine(root, "src", "Dotkube", "bin", configuration, framework);
        foreach (var candidate in new[] { "dotkube.dll", "dotkube" })
        {
            var path = System.IO.Path.Combine(output, candidate);
            if (File.Exists(path))
            {
                return FromPath(path);
            }
        }

        throw new FileNotFoundException(
            $"dotkube is not built in {output}; run `dotnet build -c {configuration}` or set {OverrideVariable}.");
    }

    private static string RepositoryRoot(string from)
    {
        for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Dotkube.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Dotkube.slnx in {from} or any folder above it");
    }

    // The dotnet CLI tells child processes which host it is; fall back to the one on PATH.
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
