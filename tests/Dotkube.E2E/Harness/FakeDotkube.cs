namespace Dotkube.E2E.Harness;

/// <summary>
/// A bash stand-in for the dotkube binary, so the harness's start, wait, stop, kill and restart
/// are tested against a real process. It echoes its arguments, counts its starts in the data
/// directory, writes a kubeconfig for its port and, depending on FAKE_MODE, becomes ready, fails,
/// never becomes ready, or ignores SIGTERM.
/// </summary>
internal sealed class FakeDotkube : IDisposable
{
    private const string Script = """
        #!/bin/bash
        echo "fake dotkube args: $*"
        data_dir=""
        port=""
        while [ $# -gt 0 ]; do
          case "$1" in
            --data-dir) data_dir="$2"; shift 2 ;;
            --port) port="$2"; shift 2 ;;
            *) shift ;;
          esac
        done
        starts=$(( $(cat "$data_dir/starts" 2>/dev/null || echo 0) + 1 ))
        echo "$starts" > "$data_dir/starts"
        echo "start $starts pid $$"
        case "$FAKE_MODE" in
          fail) echo "cannot open the database" >&2; exit 3 ;;
          never-ready) while true; do sleep 0.1; done ;;
          ignore-term) trap 'echo "ignoring SIGTERM"' TERM ;;
          *) trap 'echo "got SIGTERM, shutting down"; exit 0' TERM ;;
        esac
        cat > "$data_dir/kubeconfig" <<KUBECONFIG
        apiVersion: v1
        kind: Config
        clusters:
        - cluster:
            server: https://127.0.0.1:$port
          name: fake
        contexts:
        - context:
            cluster: fake
            user: fake
          name: fake
        current-context: fake
        users:
        - name: fake
          user:
            token: fake-token
        KUBECONFIG
        echo "I0101 00:00:00.000000 server.go:1] dotkube is ready on https://127.0.0.1:$port"
        while true; do sleep 0.1; done
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("dotkube-fake-").FullName;

    public FakeDotkube()
    {
        Path = System.IO.Path.Combine(_dir, "dotkube");
        File.WriteAllText(Path, Script.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public string Path { get; }

    public DotkubeServerOptions Options(string mode = "ready") => new()
    {
        BinaryPath = Path,
        Environment = new Dictionary<string, string> { ["FAKE_MODE"] = mode },
        ReadyTimeout = TimeSpan.FromSeconds(10),
        StopTimeout = TimeSpan.FromSeconds(5),
    };

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
