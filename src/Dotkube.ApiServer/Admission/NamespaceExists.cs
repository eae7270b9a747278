using System.Text.Json.Nodes;
using Dotkube.Machinery.Errors;

namespace Dotkube.ApiServer.Admission;

/// <summary>
/// Upstream's NamespaceExists (off by default): creates, updates and deletes of namespaced objects
/// are refused with NotFound when their namespace does not exist.
/// </summary>
public sealed class NamespaceExists(Func<string, CancellationToken, Task<JsonObject?>> getNamespace) : IValidatingAdmissionPlugin
{
    public string Name => "NamespaceExists";

    public async ValueTask ValidateAsync(AdmissionAttributes a, CancellationToken cancellationToken)
    {
        if (a.Operation is not ("CREATE" or "UPDATE" or "DELETE") || a.Namespace.Length == 0
            || (a.Resource.Group.Length == 0 && a.Resource.Plural == "namespaces"))
        {
            return;
        }
        if (await getNamespace(a.Namespace, cancellationToken) is null)
        {
            throw StatusException.NotFound("", "namespaces", a.Namespace);
        }
    }
}
