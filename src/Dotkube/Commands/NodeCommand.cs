using System.CommandLine;
using k8s;
using k8s.Models;

namespace Dotkube.Commands;

/// <summary>
/// <c>dotkube node stop|start NAME…</c>: powers simulated nodes off and on through their
/// <c>sim.dotkube.io/power</c> annotation, so a node failure can be tried out: a stopped node stops
/// renewing its Lease and reporting status and pods, and the node lifecycle controller takes it
/// from there. Talks to the server named by the kubeconfig, as kubectl does.
/// </summary>
public static class NodeCommand
{
    private const string PowerAnnotation = "sim.dotkube.io/power";
    private const string SimulatedLabel = "node.dotkube.io/simulated";

    public static Command Create()
    {
        var command = new Command("node", "Stop and start simulated nodes");
        command.Subcommands.Add(Power("stop", "Power simulated nodes off: no Lease renewals, no status, no pod updates", off: true));
        command.Subcommands.Add(Power("start", "Power simulated nodes back on", off: false));
        return command;
    }

    private static Command Power(string verb, string description, bool off)
    {
        var names = new Argument<string[]>("NAME") { Description = "node names", Arity = ArgumentArity.OneOrMore };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Path to the kubeconfig (default: $KUBECONFIG, then ~/.kube/config)" };
        var command = new Command(verb, description) { names, kubeconfig };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(kubeconfig) ?? Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(Path.PathSeparator)[0];
            KubernetesClientConfiguration config;
            try
            {
                config = KubernetesClientConfiguration.BuildConfigFromConfigFile(string.IsNullOrEmpty(path) ? null : path);
            }
            catch (Exception e) when (e is k8s.Exceptions.KubeConfigException or FileNotFoundException)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return 1;
            }
            using var client = new Kubernetes(config);
            var failed = false;
            foreach (var name in parse.GetValue(names) ?? [])
            {
                var error = await SetPowerAsync(client, name, off, ct);
                if (error is null)
                {
                    await Console.Out.WriteLineAsync($"node/{name} {(off ? "stopped" : "started")}");
                }
                else
                {
                    await Console.Error.WriteLineAsync($"error: {error}");
                    failed = true;
                }
            }
            return failed ? 1 : 0;
        });
        return command;
    }

    /// <summary>Sets the annotation (off) or removes it (on); null on success, else the message to print.</summary>
    public static async Task<string?> SetPowerAsync(IKubernetes client, string name, bool off, CancellationToken ct)
    {
        V1Node node;
        try
        {
            node = await client.CoreV1.ReadNodeAsync(name, cancellationToken: ct);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return $"nodes \"{name}\" not found";
        }
        catch (k8s.Autorest.HttpOperationException e)
        {
            return $"{e.Response.ReasonPhrase}: {e.Response.Content}";
        }
        if (node.Metadata.Labels?.TryGetValue(SimulatedLabel, out var simulated) != true || simulated != "true")
        {
            return $"node \"{name}\" is not a simulated node (no {SimulatedLabel}=true label): only simulated nodes can be stopped and started";
        }
        var value = off ? "\"off\"" : "null";
        var patch = new V1Patch("{\"metadata\":{\"annotations\":{\"" + PowerAnnotation + "\":" + value + "}}}", V1Patch.PatchType.MergePatch);
        try
        {
            await client.CoreV1.PatchNodeAsync(patch, name, cancellationToken: ct);
            return null;
        }
        catch (k8s.Autorest.HttpOperationException e)
        {
            return $"{e.Response.ReasonPhrase}: {e.Response.Content}";
        }
    }
}
