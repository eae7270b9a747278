using System.Collections.Concurrent;
using System.Diagnostics;

namespace Dotkube.Bench.Api;

/// <summary>
/// A server process under test: started with its output captured, timed from the moment before
/// <see cref="Process.Start()"/> to the first output line containing its ready text, and stopped
/// with SIGTERM (then SIGKILL). Every process still running when the benchmark exits is killed.
/// </summary>
internal sealed class ServedProcess : IAsyncDisposable
{
    private const int TailLines = 60;
    private static readonly ConcurrentDictionary<int, Process> Running = new();

    private readonly Process process;
    private readonly long startedAt;
    private readonly string readyText;
    private readonly ConcurrentQueue<string> tail = new();
    private readonly TaskCompletionSource<(string Line, long At)> ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool disposed;

    static ServedProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();

    private ServedProcess(ProcessStartInfo start, string readyText)
    {
        this.readyText = readyText;
        process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException(
            $"{Path.GetFileName(start.FileName)} exited with code {process.ExitCode} before it was ready:\n{Tail()}"));
        startedAt = Stopwatch.GetTimestamp();
        process.Start();
        Id = process.Id;
        Running[Id] = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id { get; }

    /// <summary>The <see cref="Stopwatch"/> timestamp taken just before the process was started.</summary>
    public long StartedAt => startedAt;

    /// <summary>
    /// Starts <paramref name="fileName"/>; its readiness is the first stdout or stderr line that
    /// contains <paramref name="readyText"/>. Its stdin is a pipe this process holds, so a child
    /// that watches stdin can notice when the benchmark is gone.
    /// </summary>
    public static ServedProcess Start(string fileName, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, string readyText)
    {
        var start = new ProcessStartInfo(fileName)
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

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new ServedProcess(start, readyText);
    }

    /// <summary>Waits for the ready line; returns it and the time from start to it.</summary>
    public async Task<(string Line, TimeSpan Elapsed)> WaitReadyAsync(TimeSpan timeout)
    {
        try
        {
            var (line, at) = await ready.Task.WaitAsync(timeout);
            return (line, Stopwatch.GetElapsedTime(startedAt, at));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"not ready within {timeout.TotalSeconds:0} s:\n{Tail()}");
        }
    }

    /// <summary>The last lines the process printed, for error messages.</summary>
    public string Tail() => string.Join('\n', tail);

    /// <summary>SIGTERM, then SIGKILL if it has not exited within <paramref name="grace"/>. Returns whether it exited by itself.</summary>
    public async Task<bool> StopAsync(TimeSpan grace)
    {
        if (process.HasExited)
        {
            return true;
        }

        Posix.Terminate(process.Id);
        try
        {
            await process.WaitForExitAsync().WaitAsync(grace);
            return true;
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        await StopAsync(TimeSpan.FromSeconds(10));
        Running.TryRemove(Id, out _);
        process.Dispose();
        PerfProfile.DeleteSymbolMaps(Id);
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        var at = Stopwatch.GetTimestamp();
        tail.Enqueue(line);
        while (tail.Count > TailLines && tail.TryDequeue(out _))
        {
        }

        if (line.Contains(readyText, StringComparison.Ordinal))
        {
            ready.TrySetResult((line, at));
        }
    }

    private static void KillAll()
    {
        foreach (var process in Running.Values)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            catch (InvalidOperationException)
            {
                // It exited between the check and the kill: nothing left to clean up.
            }
        }
    }
}
