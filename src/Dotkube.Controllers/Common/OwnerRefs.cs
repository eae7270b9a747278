using k8s.Models;

namespace Dotkube.Controllers.Common;

/// <summary>Controller ownerReferences (upstream's metav1.GetControllerOf / NewControllerRef).</summary>
public static class OwnerRefs
{
    public static V1OwnerReference? ControllerOf(V1ObjectMeta meta) =>
        meta.OwnerReferences?.FirstOrDefault(r => r.Controller == true);

    public static V1OwnerReference NewControllerRef(V1ObjectMeta owner, string apiVersion, string kind) => new()
    {
        ApiVersion = apiVersion,
        Kind = kind,
        Name = owner.Name,
        Uid = owner.Uid,
        Controller = true,
        BlockOwnerDeletion = true,
    };
}
