using System.CommandLine;
using k8s;

namespace Dotkube.Commands;

/// <summary>
/// <c>dotkube who-can VERB RESOURCE [NAME] [-n NS]</c>: which users, groups and service accounts
/// RBAC lets do something, read from the live Roles, ClusterRoles and bindings through the API
/// (what the kubectl-who-can plugin answers).
/// </summary>
public static class WhoCanCommand
{
    public static Command Create()
    {
        var verb = new Argument<string>("VERB") { Description = "get, list, create, delete, use, bind, … or *" };
        var resource = new Argument<string>("RESOURCE") { Description = "pods, deployments.apps, pods/log, …; or a /non-resource/url" };
        var name = new Argument<string?>("NAME") { Description = "one object's name", Arity = ArgumentArity.ZeroOrOne };
        var ns = new Option<string?>("--namespace", "-n") { Description = "The namespace (default: the kubeconfig context's, else default)" };
        var allNamespaces = new Option<bool>("--all-namespaces", "-A") { Description = "Look at role bindings in every namespace" };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Path to the kubeconfig (default: $KUBECONFIG, then ~/.kube/config)" };
        var command = new Command("who-can", "Show which subjects RBAC allows to perform an action")
        {
            verb, resource, name, ns, allNamespaces, kubeconfig,
        };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(kubeconfig) ?? Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(Path.PathSeparator)[0];
            var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(string.IsNullOrEmpty(path) ? null : path);
            using var client = new Kubernetes(config);
            var request = new WhoCanRequest(
                parse.GetValue(verb)!,
                parse.GetValue(resource)!,
                parse.GetValue(name) ?? "",
                parse.GetValue(allNamespaces) ? "" : parse.GetValue(ns) ?? config.Namespace ?? "default");
            try
            {
                var answer = await WhoCan.AskAsync(client, request, ct);
                await Console.Out.WriteAsync(WhoCanReport.Format(request, answer));
                return 0;
            }
            catch (k8s.Autorest.HttpOperationException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Response.ReasonPhrase}: {e.Response.Content}");
                return 1;
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
