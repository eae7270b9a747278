using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using Dotkube.E2E.Harness;

namespace Dotkube.E2E.KubectlCli;

/// <summary>
/// A long-lived kubectl (<c>get -w</c>) whose stdout is read line by line as it arrives. Lines
/// queue in an unbounded channel (a watch in a test prints a handful); waiting for one has a
/// deadline and fails with everything printed so far. Disposing kills the process.
/// </summary>
public sealed class BackgroundKubectl : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _seen = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _lock = new();
    private readonly string _command;

    private BackgroundKubectl(Process process, string command)
    {
        _process = process;
        _command = command;
    }

    /// <summary>Starts kubectl <paramref name="args"/> against <paramref name="server"/>.</summary>
    public static BackgroundKubectl Start(DotkubeServer server, params string[] args)
    {
        var start = new ProcessStartInfo(Harness.Kubectl.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["KUBECONFIG"] = server.Kubeconfig;
        // The same discovery cache the harness's kubectl runs use, so it is never stale from another server.
        start.Environment["KUBECACHEDIR"] = Path.Combine(server.DataDir, "kubectl-cache");

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var kubectl = new BackgroundKubectl(process, $"kubectl {string.Join(' ', args)}");
        process.OutputDataReceived += (_, e) => kubectl.OnStdout(e.Data);
        process.ErrorDataReceived += (_, e) => kubectl.OnStderr(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return kubectl;
    }

    /// <summary>
    /// Reads lines until one satisfies <paramref name="match"/> and returns it; lines before it are
    /// consumed. Fails when kubectl exits or <paramref name="timeout"/> passes first.
    /// </summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, string description, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(15);
        using var deadline = new CancellationTokenSource(limit);
        try
        {
            while (await _lines.Reader.WaitToReadAsync(deadline.Token))
            {
                while (_lines.Reader.TryRead(out var line))
                {
                    if (match(line))
                    {
                        return line;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{_command} printed no line that is {description} within {limit.TotalSeconds:0.#} s.\n{Transcript()}");
        }

        throw new InvalidOperationException($"{_command} exited (code {_process.ExitCode}) before printing a line that is {description}.\n{Transcript()}");
    }

    /// <summary>Everything kubectl printed so far, for failure messages.</summary>
    public string Transcript()
    {
        lock (_lock)
        {
            return $"--- stdout ---\n{_seen}--- stderr ---\n{_stderr}";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void OnStdout(string? line)
    {
        if (line is null)
        {
            _lines.Writer.TryComplete();
            return;
        }

        lock (_lock)
        {
            _seen.AppendLine(line);
        }

        _lines.Writer.TryWrite(line);
    }

    private void OnStderr(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _stderr.AppendLine(line);
        }
    }
}
