using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.Core;

namespace Dotkube.ApiServer.Admission;

/// <summary>
/// Upstream's LimitRanger. Mutating, on new pods: every LimitRange in the namespace fills in its
/// <c>Container</c> defaults (default → limits, defaultRequest → requests) where a container or
/// init container names none, and records what it set in the <c>kubernetes.io/limit-ranger</c>
/// annotation. Validating, on new pods and on new or updated claims: min, max and
/// maxLimitRequestRatio per Container and per Pod, min and max storage requests per
/// PersistentVolumeClaim, refused as upstream words it (e.g. <c>maximum cpu usage per Container
/// is 1, but limit is 2</c>).
/// </summary>
public sealed class LimitRanger(IAdmissionObjects objects) : IMutatingAdmissionPlugin, IValidatingAdmissionPlugin
{
    public string Name => "LimitRanger";

    public const string Annotation = "kubernetes.io/limit-ranger";

    public async ValueTask AdmitAsync(AdmissionAttributes a, CancellationToken cancellationToken)
    {
        if (!Applies(a) || !IsPod(a) || a.Object is not { } pod)
        {
            return;
        }
        var changed = false;
        foreach (var range in await objects.ListAsync("", "limitranges", a.Namespace, cancellationToken))
        {
            changed |= LimitRangeDefaults.Apply(range, pod);
        }
        if (changed && pod["status"] is JsonObject status && status.ContainsKey("qosClass"))
        {
            // dotkube prepares a pod (and its QoS class) before mutating admission; upstream after.
            status["qosClass"] = PodQos.Compute(pod);
        }
    }

    public async ValueTask ValidateAsync(AdmissionAttributes a, CancellationToken cancellationToken)
    {
        if (!Applies(a) || a.Object is not { } obj)
        {
            return;
        }
        foreach (var range in await objects.ListAsync("", "limitranges", a.Namespace, cancellationToken))
        {
            var errors = IsPod(a) ? LimitRangeConstraints.CheckPod(range, obj) : LimitRangeConstraints.CheckClaim(range, obj);
            if (errors.Count > 0)
            {
                throw AdmissionErrors.Forbidden(a, AdmissionErrors.Aggregate(errors));
            }
        }
    }

    /// <summary>
    /// Pods on create only (their containers cannot change afterwards), claims on create and
    /// update; never subresources, never an object already being deleted.
    /// </summary>
    private static bool Applies(AdmissionAttributes a)
    {
        if (a.Subresource.Length > 0 || a.Resource.Group.Length > 0 || (a.OldObject is { } old && ObjectJson.IsDeleting(old)))
        {
            return false;
        }
        return (a.Resource.Plural, a.Operation) switch
        {
            ("pods", "CREATE") => true,
            ("persistentvolumeclaims", "CREATE" or "UPDATE") => true,
            _ => false,
        };
    }

    private static bool IsPod(AdmissionAttributes a) => a.Resource.Plural == "pods";
}
