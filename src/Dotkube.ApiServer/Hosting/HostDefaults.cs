using Microsoft.AspNetCore.Builder;

namespace Dotkube.ApiServer.Hosting;

/// <summary>How every Kestrel host in dotkube is built.</summary>
internal static class HostDefaults
{
    /// <summary>
    /// dotkube takes its configuration from flags, never from appsettings.json. ASP.NET's defaults would read that
    /// file from the working directory and watch the directory tree under it for changes: with the data directory
    /// under the working directory (e.g. `dotkube server --data-dir ./data`), every SQLite write then woke a
    /// FileSystemWatcher thread (8 % of the server's CPU during creates). The content root is the binary's own
    /// folder and nothing is watched.
    /// </summary>
    public static WebApplicationOptions Options() => new()
    {
        ContentRootPath = AppContext.BaseDirectory,
        Args = ["--hostBuilder:reloadConfigOnChange=false"],
    };
}
