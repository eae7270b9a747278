using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.Http;

/// <summary>What /version reports: the Kubernetes version whose API dotkube serves.</summary>
public static class VersionInfo
{
    public const string Major = "1";
    public const string Minor = "32";
    public const string GitVersion = "v1.32.0-dotkube";

    public static JsonObject Document() => new()
    {
        ["major"] = Major,
        ["minor"] = Minor,
        ["gitVersion"] = GitVersion,
        ["gitCommit"] = ThisAssemblyCommit,
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-11-26T00:00:00Z",
        ["goVersion"] = "dotnet" + Environment.Version,
        ["compiler"] = "roslyn",
        ["platform"] = $"{(OperatingSystem.IsLinux() ? "linux" : "unknown")}/{System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant() switch { "x64" => "amd64", var a => a }}",
    };

    private const string ThisAssemblyCommit = "0000000000000000000000000000000000000000";
}
