using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.Admission;

/// <summary>
/// Upstream's NamespaceAutoProvision (off by default): creating a namespaced object in a namespace
/// that does not exist creates the namespace first. Dry-run requests create nothing.
/// </summary>
public sealed class NamespaceAutoProvision(Func<string, CancellationToken, Task<JsonObject?>> getNamespace, IAdmissionObjects objects) : IMutatingAdmissionPlugin
{
    public string Name => "NamespaceAutoProvision";

    public async ValueTask AdmitAsync(AdmissionAttributes a, CancellationToken cancellationToken)
    {
        if (a.Operation != "CREATE" || a.DryRun || a.Namespace.Length == 0 || (a.Resource.Group.Length == 0 && a.Resource.Plural == "namespaces"))
        {
            return;
        }
        if (await getNamespace(a.Namespace, cancellationToken) is not null)
        {
            return;
        }
        await objects.CreateAsync("", "namespaces", "", new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new JsonObject { ["name"] = a.Namespace },
        }, cancellationToken);
    }
}
