using k8s.Models;

namespace Dotkube.Controllers.PersistentVolume;

/// <summary>Which pods use a claim: by a persistentVolumeClaim volume, or a generic ephemeral volume (claim "POD-VOLUME").</summary>
public static class ClaimUsers
{
    public static bool Uses(V1Pod pod, string claimName)
    {
        foreach (var volume in pod.Spec?.Volumes ?? [])
        {
            if (volume.PersistentVolumeClaim?.ClaimName == claimName)
            {
                return true;
            }

            if (volume.Ephemeral is not null && $"{pod.Metadata.Name}-{volume.Name}" == claimName)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the pod still holds its volumes: not finished (Succeeded or Failed).</summary>
    public static bool IsActive(V1Pod pod) => pod.Status?.Phase is not ("Succeeded" or "Failed");
}
