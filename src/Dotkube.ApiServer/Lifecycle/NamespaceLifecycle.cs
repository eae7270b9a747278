using System.Text.Json.Nodes;
using Dotkube.ApiServer.Admission;
using Dotkube.ApiServer.Registry;
using Dotkube.Machinery.Errors;

namespace Dotkube.ApiServer.Lifecycle;

/// <summary>
/// The NamespaceLifecycle admission plugin: no new content in a namespace that does not exist or
/// is terminating, and the system namespaces can never be deleted.
/// </summary>
/// <param name="forget">called when a namespace is being deleted, so lookups stop trusting a cached Active state.</param>
public sealed class NamespaceLifecycle(Func<string, CancellationToken, Task<JsonObject?>> getNamespace, Action<string>? forget = null) : IValidatingAdmissionPlugin
{
    public string Name => "NamespaceLifecycle";

    /// <summary>Namespaces that exist for the whole life of a cluster.</summary>
    public static readonly IReadOnlySet<string> Immortal = new HashSet<string> { "default", "kube-system", "kube-public" };

    public async ValueTask ValidateAsync(AdmissionAttributes a, CancellationToken cancellationToken)
    {
        var def = a.Resource;
        if (a.Operation == "DELETE" && def.Group.Length == 0 && def.Plural == "namespaces" && Immortal.Contains(a.Name))
        {
            throw StatusException.Forbidden($"namespaces \"{a.Name}\" is forbidden: this namespace may not be deleted");
        }
        if (a.Operation == "DELETE" && def.Group.Length == 0 && def.Plural == "namespaces")
        {
            forget?.Invoke(a.Name);
        }
        if (a.Operation != "CREATE" || !def.Namespaced || a.Namespace.Length == 0)
        {
            return;
        }
        var ns = await getNamespace(a.Namespace, cancellationToken)
            ?? throw StatusException.NotFound("", "namespaces", a.Namespace);
        if (ObjectJson.IsDeleting(ns) || ObjectJson.GetString(ns["status"], "phase") == "Terminating")
        {
            throw new StatusException(403, "Forbidden",
                $"{StatusException.Qualified(def.Group, def.Plural)} \"{a.Name}\" is forbidden: unable to create new content in namespace {a.Namespace} because it is being terminated")
            {
                DetailsName = a.Name,
                DetailsGroup = def.Group,
                DetailsKind = def.Plural,
                Causes = [new StatusCause("NamespaceTerminating", $"namespace {a.Namespace} is being terminated", "metadata.namespace")],
            };
        }
    }
}
