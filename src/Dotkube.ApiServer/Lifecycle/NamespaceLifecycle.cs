using System.Text.Json.Nodes;
using Dotkube.ApiServer.Admission;
using Dotkube.ApiServer.Registry;
using Dotkube.Machinery.Errors;

namespace Dotkube.ApiServer.Lifecycle;

/// <summary>
/// The NamespaceLifecycle admission plugin (a mutating plugin upstream, so it runs before
/// validation): the immortal namespaces can never be deleted; nothing is created or updated in a
/// namespace that does not exist; nothing new is created in a namespace that is terminating.
/// Deletes of namespaced objects and local access reviews always pass.
/// </summary>
/// <param name="forget">called when a namespace is being deleted, so lookups stop trusting a cached Active state.</param>
public sealed class NamespaceLifecycle(Func<string, CancellationToken, Task<JsonObject?>> getNamespace, Action<string>? forget = null) : IMutatingAdmissionPlugin
{
    public string Name => "NamespaceLifecycle";

    /// <summary>Namespaces that exist for the whole life of a cluster (upstream's set: kube-node-lease is not in it).</summary>
    public static readonly IReadOnlySet<string> Immortal = new HashSet<string> { "default", "kube-system", "kube-public" };

    public async ValueTask AdmitAsync(AdmissionAttributes a, CancellationToken cancellationToken)
    {
        var def = a.Resource;
        var isNamespace = def.Group.Length == 0 && def.Plural == "namespaces";
        if (a.Operation == "DELETE" && isNamespace && Immortal.Contains(a.Name))
        {
            throw AdmissionErrors.Forbidden("", "namespaces", a.Name, "this namespace may not be deleted");
        }
        if (isNamespace)
        {
            if (a.Operation == "DELETE")
            {
                forget?.Invoke(a.Name);
            }
            return;
        }
        if (a.Namespace.Length == 0 || a.Operation is not ("CREATE" or "UPDATE"))
        {
            return;
        }
        // Answering "not found" to an access review would tell who may not look whether a namespace exists.
        if (def.Group == "authorization.k8s.io" && def.Plural == "localsubjectaccessreviews")
        {
            return;
        }
        var ns = await getNamespace(a.Namespace, cancellationToken)
            ?? throw StatusException.NotFound("", "namespaces", a.Namespace);
        if (a.Operation == "CREATE" && (ObjectJson.IsDeleting(ns) || ObjectJson.GetString(ns["status"], "phase") == "Terminating"))
        {
            throw new StatusException(403, "Forbidden",
                $"{StatusException.Qualified(def.Group, def.Plural)} \"{AdmissionErrors.NameOf(a)}\" is forbidden: unable to create new content in namespace {a.Namespace} because it is being terminated")
            {
                DetailsName = AdmissionErrors.NameOf(a),
                DetailsGroup = def.Group,
                DetailsKind = def.Plural,
                Causes = [new StatusCause("NamespaceTerminating", $"namespace {a.Namespace} is being terminated", "metadata.namespace")],
            };
        }
    }
}
