using k8s.Models;

namespace Dotkube.Controllers.PersistentVolume;

/// <summary>How claims and volumes name their class, and which class is the default.</summary>
public static class StorageClasses
{
    public const string WaitForFirstConsumer = "WaitForFirstConsumer";

    /// <summary>The claim's class: the beta annotation wins, then spec.storageClassName; "" for none.</summary>
    public static string ClassOf(V1PersistentVolumeClaim claim) =>
        claim.Metadata?.Annotations?.TryGetValue(VolumeAnnotations.BetaStorageClass, out var c) == true ? c : claim.Spec?.StorageClassName ?? "";

    public static string ClassOf(V1PersistentVolume volume) =>
        volume.Metadata?.Annotations?.TryGetValue(VolumeAnnotations.BetaStorageClass, out var c) == true ? c : volume.Spec?.StorageClassName ?? "";

    /// <summary>Whether the claim names no class at all (neither field nor annotation): only such claims get the default class.</summary>
    public static bool HasUnsetClass(V1PersistentVolumeClaim claim) =>
        claim.Spec?.StorageClassName is null && claim.Metadata?.Annotations?.ContainsKey(VolumeAnnotations.BetaStorageClass) != true;

    public static bool IsDefault(V1StorageClass storageClass) =>
        storageClass.Metadata?.Annotations is { } a
        && ((a.TryGetValue(VolumeAnnotations.DefaultClass, out var v) && v == "true")
            || (a.TryGetValue(VolumeAnnotations.BetaDefaultClass, out var b) && b == "true"));

    /// <summary>The default class; with several, the newest (then the first by name), as upstream since 1.26.</summary>
    public static V1StorageClass? Default(IEnumerable<V1StorageClass> classes) =>
        classes.Where(IsDefault)
            .OrderByDescending(c => c.Metadata?.CreationTimestamp ?? DateTime.MinValue)
            .ThenBy(c => c.Metadata?.Name, StringComparer.Ordinal)
            .FirstOrDefault();

    /// <summary>Whether binding of the claim waits for a pod to be scheduled (its class's volumeBindingMode).</summary>
    public static bool IsDelayBinding(V1PersistentVolumeClaim claim, Func<string, V1StorageClass?> getClass)
    {
        var name = ClassOf(claim);
        return name.Length > 0 && getClass(name)?.VolumeBindingMode == WaitForFirstConsumer;
    }
}
