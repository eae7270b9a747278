using System.Diagnostics;
using Dotkube.E2E.Harness;

namespace Dotkube.E2E.Nodes;

/// <summary>Runs the dotkube binary's client commands (node stop|start) against a server's kubeconfig.</summary>
public static class DotkubeCli
{
    public static async Task<KubectlResult> RunAsync(DotkubeServer server, params string[] args)
    {
        var binary = DotkubeBinary.Locate();
        var start = new ProcessStartInfo(binary.FileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in binary.PrefixArgs.Concat(args))
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["KUBECONFIG"] = server.Kubeconfig;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return new KubectlResult(["dotkube", .. args], process.ExitCode, await stdout, await stderr);
    }
}
