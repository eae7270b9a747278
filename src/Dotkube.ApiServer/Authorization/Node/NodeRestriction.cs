using Dotkube.ApiServer.Admission;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;

namespace Dotkube.ApiServer.Authorization.Node;

/// <summary>
/// The NodeRestriction admission plugin: a node may change only its own Node, create only mirror
/// pods bound to itself, delete and update the status of only its own pods, and touch only its
/// own Lease and CSINode.
/// </summary>
public sealed class NodeRestriction : IValidatingAdmissionPlugin
{
    public string Name => "NodeRestriction";

    private const string MirrorAnnotation = "kubernetes.io/config.mirror";

    public ValueTask ValidateAsync(AdmissionAttributes a, CancellationToken cancellationToken)
    {
        if (!NodeIdentity.TryGetNodeName(a.User, out var node))
        {
            return ValueTask.CompletedTask;
        }
        var name = a.Name.Length > 0 ? a.Name : a.Object is null ? "" : ObjectJson.Name(a.Object);
        switch (a.Resource.Group, a.Resource.Plural)
        {
            case ("", "nodes") when name != node:
                throw Refuse(a, name, $"node \"{node}\" is not allowed to modify node \"{name}\"");
            case ("", "pods"):
                CheckPod(a, node, name);
                break;
            case ("coordination.k8s.io", "leases") when a.Namespace == "kube-node-lease" && name != node:
                throw Refuse(a, name, "can only access node lease with the same name as the requesting node");
            case ("storage.k8s.io", "csinodes") when name != node:
                throw Refuse(a, name, "can only access CSINode with the same name as the requesting node");
        }
        return ValueTask.CompletedTask;
    }

    private static void CheckPod(AdmissionAttributes a, string node, string name)
    {
        switch (a.Operation)
        {
            case "CREATE":
                if (ObjectJson.Metadata(a.Object!).Obj("annotations")?.ContainsKey(MirrorAnnotation) != true)
                {
                    throw Refuse(a, name, $"pod does not have \"{MirrorAnnotation}\" annotation, node \"{node}\" can only create mirror pods");
                }
                if (a.Object.Obj("spec").StrOrEmpty("nodeName") != node)
                {
                    throw Refuse(a, name, $"node \"{node}\" can only create pods with spec.nodeName set to itself");
                }
                break;
            case "DELETE" when a.OldObject.Obj("spec").StrOrEmpty("nodeName") != node:
                throw Refuse(a, name, $"node \"{node}\" can only delete pods with spec.nodeName set to itself");
            case "UPDATE" when a.Subresource == "status" && a.OldObject.Obj("spec").StrOrEmpty("nodeName") != node:
                throw Refuse(a, name, $"node \"{node}\" can only update pod status for pods with spec.nodeName set to itself");
            case "UPDATE" when a.Subresource != "status":
                throw Refuse(a, name, $"node \"{node}\" can only update pod status");
        }
    }

    private static Machinery.Errors.StatusException Refuse(AdmissionAttributes a, string name, string message) =>
        ForbiddenError.Build(a.Resource.Group, a.Resource.Plural, name, message);
}
