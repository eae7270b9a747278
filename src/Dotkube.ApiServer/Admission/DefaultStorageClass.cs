using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;

namespace Dotkube.ApiServer.Admission;

/// <summary>
/// Upstream's DefaultStorageClass: a new PersistentVolumeClaim that names no class (neither
/// spec.storageClassName, not even "", nor the beta annotation) gets the default StorageClass,
/// the one annotated <c>storageclass.kubernetes.io/is-default-class: "true"</c>; with several,
/// the newest (then the first by name).
/// </summary>
public sealed class DefaultStorageClass(IAdmissionObjects objects) : IMutatingAdmissionPlugin
{
    public string Name => "DefaultStorageClass";

    public const string IsDefaultAnnotation = "storageclass.kubernetes.io/is-default-class";
    public const string BetaIsDefaultAnnotation = "storageclass.beta.kubernetes.io/is-default-class";
    public const string BetaClassAnnotation = "volume.beta.kubernetes.io/storage-class";

    public async ValueTask AdmitAsync(AdmissionAttributes a, CancellationToken cancellationToken)
    {
        if (a.Operation != "CREATE" || a.Resource.Group.Length > 0 || a.Resource.Plural != "persistentvolumeclaims"
            || a.Subresource.Length > 0 || a.Object is not { } claim)
        {
            return;
        }
        var spec = claim.EnsureObj("spec");
        if (spec.ContainsKey("storageClassName") && spec["storageClassName"] is not null)
        {
            return;
        }
        if (claim.Obj("metadata").Obj("annotations")?.ContainsKey(BetaClassAnnotation) == true)
        {
            return;
        }
        var classes = await objects.ListAsync("storage.k8s.io", "storageclasses", "", cancellationToken);
        if (Newest(classes, IsDefaultAnnotation, BetaIsDefaultAnnotation) is { } chosen)
        {
            spec["storageClassName"] = chosen.Name();
        }
    }

    /// <summary>
    /// The class marked default by either annotation; several: the newest by creationTimestamp,
    /// ties to the first name (DefaultIngressClass picks the same way).
    /// </summary>
    public static JsonObject? Newest(IEnumerable<JsonObject> classes, params string[] annotations) =>
        classes
            .Where(c => c.Obj("metadata").Obj("annotations") is { } notes && annotations.Any(n => notes.Str(n) == "true"))
            .OrderByDescending(c => DateTimeOffset.TryParse(c.Obj("metadata").Str("creationTimestamp"), System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : DateTimeOffset.MinValue)
            .ThenBy(c => c.Name(), StringComparer.Ordinal)
            .FirstOrDefault();
}
