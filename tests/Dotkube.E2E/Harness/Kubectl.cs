using System.Diagnostics;

namespace Dotkube.E2E.Harness;

/// <summary>Runs the real kubectl against a kubeconfig, with a deadline.</summary>
public static class Kubectl
{
    public const string DefaultPath = "/usr/bin/kubectl";

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>kubectl's path: $KUBECTL when set, else /usr/bin/kubectl.</summary>
    public static string Path => Environment.GetEnvironmentVariable("KUBECTL") is { Length: > 0 } path ? path : DefaultPath;

    /// <summary>
    /// Runs kubectl with KUBECONFIG set to <paramref name="kubeconfig"/>; <paramref name="environment"/>
    /// is applied after, so it may override. A run past <paramref name="timeout"/> is killed and
    /// reported as a <see cref="TimeoutException"/> with whatever it printed.
    /// </summary>
    public static async Task<KubectlResult> RunAsync(
        string kubeconfig,
        IReadOnlyList<string> args,
        string? stdin = null,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null,
        string? cacheDir = null)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["KUBECONFIG"] = kubeconfig;
        if (cacheDir is not null)
        {
            // kubectl caches discovery per host:port on disk; a later server on a reused port must not see it.
            start.Environment["KUBECACHEDIR"] = cacheDir;
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Path}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();

        var limit = timeout ?? DefaultTimeout;
        using var deadline = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            var partial = new KubectlResult(args, -1, await stdout, await stderr);
            throw new TimeoutException($"kubectl did not finish within {limit.TotalSeconds:0.#} s: {partial}");
        }

        return new KubectlResult(args, process.ExitCode, await stdout, await stderr);
    }
}
