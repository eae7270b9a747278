using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;

namespace Dotkube.ApiServer.Resources.Core;

/// <summary>
/// What upstream warns about on a PersistentVolume create or update (pkg/api/persistentvolume):
/// the beta storage-class annotation, the Recycle reclaim policy, deprecated node labels in the
/// node affinity, and volume plugins that are deprecated or no longer work. Same order and
/// wording as upstream, so kubectl prints the same lines.
/// </summary>
public static class PersistentVolumeWarnings
{
    public const string BetaStorageClassAnnotation = "volume.beta.kubernetes.io/storage-class";

    public const string RecycleDeprecated =
        "spec.persistentVolumeReclaimPolicy: The Recycle reclaim policy is deprecated. Instead, the recommended approach is to use dynamic provisioning.";

    // (JSON field, path as upstream names it, message) for plugins kube 1.32 warns about.
    private static readonly (string Field, string Path, string Message)[] DeprecatedPlugins =
    [
        ("cephfs", "spec.cephfs", "deprecated in v1.28, non-functional in v1.31+"),
        ("photonPersistentDisk", "spec.photonPersistentDisk", "deprecated in v1.11, non-functional in v1.16+"),
        ("scaleIO", "spec.scaleIO", "deprecated in v1.16, non-functional in v1.22+"),
        ("storageos", "spec.storageOS", "deprecated in v1.22, non-functional in v1.25+"),
        ("glusterfs", "spec.glusterfs", "deprecated in v1.25, non-functional in v1.26+"),
        ("rbd", "spec.rbd", "deprecated in v1.28, non-functional in v1.31+"),
    ];

    public static IReadOnlyList<string> For(JsonObject pv)
    {
        var warnings = new List<string>();
        if (pv.Obj("metadata").Obj("annotations")?.ContainsKey(BetaStorageClassAnnotation) == true)
        {
            warnings.Add($"metadata.annotations[{BetaStorageClassAnnotation}]: deprecated since v1.8; use \"storageClassName\" attribute instead");
        }
        var spec = pv.Obj("spec");
        if (spec.Str("persistentVolumeReclaimPolicy") == "Recycle")
        {
            warnings.Add(RecycleDeprecated);
        }
        var terms = spec.Obj("nodeAffinity").Obj("required").Arr("nodeSelectorTerms");
        for (var i = 0; i < (terms?.Count ?? 0); i++)
        {
            warnings.AddRange(DeprecatedNodeLabels.ForNodeSelectorTerm(terms![i] as JsonObject, $"spec.nodeAffinity.required.nodeSelectorTerms[{i}]"));
        }
        foreach (var (field, path, message) in DeprecatedPlugins)
        {
            if (spec?[field] is JsonObject)
            {
                warnings.Add($"{path}: {message}");
            }
        }
        return warnings;
    }
}
