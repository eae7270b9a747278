using System.Diagnostics;

namespace Dotkube.E2E.Harness;

/// <summary>One run of the server process: started, watched for its ready line, then stopped or killed.</summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _readyLine;

    private ServerProcess(Process process, string readyLine)
    {
        _process = process;
        _readyLine = readyLine;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public static ServerProcess Start(DotkubeBinary binary, IEnumerable<string> args, DotkubeServerOptions options, OutputLog log, int run)
    {
        var start = new ProcessStartInfo(binary.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in binary.PrefixArgs.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in options.Environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var server = new ServerProcess(process, options.ReadyLine);
        process.OutputDataReceived += (_, e) => server.OnLine(log, $"[{run}] ", e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(log, $"[{run} err] ", e.Data);
        log.Add($"[{run}] $ {binary.FileName} {string.Join(' ', start.ArgumentList)}");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Waits for the ready line; fails if the process exits first or the time runs out.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout, OutputLog log)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var exited = _process.WaitForExitAsync(deadline.Token);
        var winner = await Task.WhenAny(_ready.Task, exited);
        if (winner == _ready.Task)
        {
            return;
        }

        if (exited.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException(
                $"dotkube exited with exit code {_process.ExitCode} before printing '{_readyLine}'.\n{log}");
        }

        Kill();
        await _process.WaitForExitAsync();
        throw new TimeoutException(
            $"dotkube did not print '{_readyLine}' within {timeout.TotalSeconds:0.#} s; killed it.\n{log}");
    }

    /// <summary>Sends SIGTERM and waits; returns the exit code, or null if it did not exit in time.</summary>
    public async Task<int?> TerminateAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            Signals.Terminate(_process.Id);
        }

        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        return _process.ExitCode;
    }

    /// <summary>SIGKILL to the process and everything it started, like a crash of the machine's view of it.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Waits for the exit (and the end of its output) and returns the exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    public void Dispose() => _process.Dispose();

    private void OnLine(OutputLog log, string prefix, string? line)
    {
        if (line is null)
        {
            return;
        }

        log.Add(prefix + line);
        if (line.Contains(_readyLine, StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }
}
