using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Registry;

namespace Dotkube.ApiServer.Admission;

/// <summary>Everything an admission plugin may look at for one write.</summary>
/// <param name="Operation">CREATE, UPDATE, DELETE or CONNECT, as admission.k8s.io names them.</param>
/// <param name="Subresource">"" for the resource itself, else e.g. "status", "scale", "binding", "eviction".</param>
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
