using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Quantities;

namespace Dotkube.ApiServer.Admission;

/// <summary>
/// Upstream's PersistentVolumeClaimResize: a claim's storage request may grow only once it is
/// Bound, and only when its StorageClass (the same before and after) sets allowVolumeExpansion.
/// </summary>
public sealed class PersistentVolumeClaimResize(IAdmissionObjects objects) : IValidatingAdmissionPlugin
{
    public string Name => "PersistentVolumeClaimResize";

    public async ValueTask ValidateAsync(AdmissionAttributes a, CancellationToken cancellationToken)
    {
        if (a.Operation != "UPDATE" || a.Resource.Group.Length > 0 || a.Resource.Plural != "persistentvolumeclaims"
            || a.Subresource.Length > 0 || a.Object is not { } claim || a.OldObject is not { } old)
        {
            return;
        }
        var size = Storage(claim);
        var oldSize = Storage(old);
        if (size <= oldSize)
        {
            return;
        }
        if (old.Obj("status").Str("phase") != "Bound")
        {
            throw AdmissionErrors.Forbidden(a, "Only bound persistent volume claims can be expanded");
        }
        if (!await AllowsResizeAsync(ClassOf(claim), ClassOf(old), cancellationToken))
        {
            throw AdmissionErrors.Forbidden(a, "only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize");
        }
    }

    private async Task<bool> AllowsResizeAsync(string className, string oldClassName, CancellationToken ct)
    {
        if (className.Length == 0 || className != oldClassName)
        {
            return false;
        }
        var sc = await objects.GetAsync("storage.k8s.io", "storageclasses", "", className, ct);
        return sc?.Bool("allowVolumeExpansion") == true;
    }

    private static Quantity Storage(System.Text.Json.Nodes.JsonObject claim) =>
        Quantity.TryParse(claim.Obj("spec").Obj("resources").Obj("requests")?["storage"], out var q) ? q : Quantity.Zero;

    /// <summary>The beta annotation wins over spec.storageClassName, as upstream reads a claim's class.</summary>
    private static string ClassOf(System.Text.Json.Nodes.JsonObject claim) =>
        claim.Obj("metadata").Obj("annotations").Str(DefaultStorageClass.BetaClassAnnotation)
        ?? claim.Obj("spec").StrOrEmpty("storageClassName");
}
