using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;

namespace Dotkube.ApiServer.CustomResources;

/// <summary>
/// The deletion side of a CustomResourceDefinition, as upstream's CRD store: the first delete
/// adds the customresourcecleanup.apiextensions.k8s.io finalizer and a Terminating condition;
/// the CRD controller deletes every custom resource, then removes the finalizer. A CRD
/// strategy calls <see cref="KeepOnDelete"/> from its IDeletionStrategy.
/// </summary>
public static class CustomResourceCleanup
{
    public const string Finalizer = "customresourcecleanup.apiextensions.k8s.io";

    /// <summary>On the first delete request: adds the finalizer and the condition, keeping the CRD.</summary>
    public static bool KeepOnDelete(JsonObject crd, DateTimeOffset now)
    {
        if (ObjectJson.IsDeleting(crd))
        {
            // Later writes: the finalizer (if still there) keeps it, nothing else does.
            return false;
        }
        var meta = ObjectJson.Metadata(crd);
        if (meta["finalizers"] is not JsonArray finalizers)
        {
            finalizers = [];
            meta["finalizers"] = finalizers;
        }
        if (!finalizers.Any(f => f?.GetValue<string>() == Finalizer))
        {
            finalizers.Add(Finalizer);
        }
        if (crd["status"] is not JsonObject status)
        {
            status = [];
            crd["status"] = status;
        }
        CrdConditions.Set(status, "Terminating", "True", "InstanceDeletionPending",
            "CustomResourceDefinition marked for deletion; cleanup of instances pending", ObjectJson.Timestamp(now));
        return true;
    }
}
