using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Registry;

namespace Dotkube.ApiServer.Admission;

/// <summary>Everything an admission plugin may look at for one write.</summary>
/// <param name="Operation">CREATE, UPDATE, DELETE or CONNECT, as admission.k8s.io names them.</param>
public sealed record AdmissionAttributes(
    ResourceDefinition Resource,
    string Operation,
    string Namespace,
    string Name,
    string Subresource,
    JsonObject? Object,
    JsonObject? OldObject,
    bool DryRun,
    UserInfo User);

/// <summary>
/// One admission plugin. It may mutate <see cref="AdmissionAttributes.Object"/> (mutating phase)
/// and refuses by throwing a StatusException. The full mutating/validating split with webhooks
/// comes with the extension issue.
/// </summary>
public interface IAdmissionPlugin
{
    ValueTask AdmitAsync(AdmissionAttributes attributes, CancellationToken cancellationToken);
}
