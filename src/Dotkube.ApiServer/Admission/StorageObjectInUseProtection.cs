using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;

namespace Dotkube.ApiServer.Admission;

/// <summary>
/// Upstream's StorageObjectInUseProtection: a new PersistentVolumeClaim gets the
/// <c>kubernetes.io/pvc-protection</c> finalizer and a new PersistentVolume the
/// <c>kubernetes.io/pv-protection</c> one, so neither disappears while in use (the pvc-protection
/// and pv-protection controllers remove them once it is safe).
/// </summary>
public sealed class StorageObjectInUseProtection : IMutatingAdmissionPlugin
{
    public string Name => "StorageObjectInUseProtection";

    public const string PvcFinalizer = "kubernetes.io/pvc-protection";
    public const string PvFinalizer = "kubernetes.io/pv-protection";

    public ValueTask AdmitAsync(AdmissionAttributes a, CancellationToken cancellationToken)
    {
        if (a.Operation != "CREATE" || a.Resource.Group.Length > 0 || a.Subresource.Length > 0 || a.Object is not { } obj)
        {
            return ValueTask.CompletedTask;
        }
        var finalizer = a.Resource.Plural switch
        {
            "persistentvolumeclaims" => PvcFinalizer,
            "persistentvolumes" => PvFinalizer,
            _ => null,
        };
        if (finalizer is null)
        {
            return ValueTask.CompletedTask;
        }
        var metadata = obj.EnsureObj("metadata");
        var finalizers = metadata["finalizers"] as JsonArray ?? [];
        if (!finalizers.Strings().Contains(finalizer))
        {
            finalizers.Add(finalizer);
        }
        metadata["finalizers"] = finalizers;
        return ValueTask.CompletedTask;
    }
}
