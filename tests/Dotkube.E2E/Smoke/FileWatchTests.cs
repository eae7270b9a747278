using Dotkube.E2E.Harness;

namespace Dotkube.E2E.Smoke;

/// <summary>
/// The server reads its configuration from flags only, so it watches no files: ASP.NET's default appsettings.json
/// reload watched the whole working-directory tree, and every SQLite write under it woke a watcher thread.
/// </summary>
[Collection(SharedServerCollection.Name)]
public class FileWatchTests(SharedServerFixture fixture)
{
    [Fact]
    public void The_server_process_holds_no_inotify_watches()
    {
        var pid = fixture.Server.ProcessId ?? throw new InvalidOperationException("the shared server has no process");
        var inotify = new DirectoryInfo($"/proc/{pid}/fd").EnumerateFileSystemInfos()
            .Count(fd => fd.LinkTarget == "anon_inode:inotify");
        Assert.Equal(0, inotify);
    }
}
