using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Quantities;

namespace Dotkube.ApiServer.Admission;

/// <summary>
/// Upstream's RuntimeClass plugin, on new pods naming spec.runtimeClassName: the class must exist;
/// its overhead.podFixed becomes spec.overhead (a pod may only state the same overhead itself);
/// its scheduling.nodeSelector is merged into spec.nodeSelector (a conflicting value is refused)
/// and its scheduling.tolerations into spec.tolerations. A pod stating an overhead without a
/// class that defines one is refused.
/// </summary>
public sealed class RuntimeClassAdmission(IAdmissionObjects objects) : IMutatingAdmissionPlugin, IValidatingAdmissionPlugin
{
    public string Name => "RuntimeClass";

    public async ValueTask AdmitAsync(AdmissionAttributes a, CancellationToken cancellationToken)
    {
        if (!Applies(a, out var pod))
        {
            return;
        }
        var runtimeClass = await LookUpAsync(a, pod, cancellationToken);
        if (runtimeClass is null)
        {
            return;
        }
        var spec = pod.EnsureObj("spec");
        if (runtimeClass.Obj("overhead").Obj("podFixed") is { } podFixed)
        {
            if (spec.Obj("overhead") is { Count: > 0 } stated && !SameResources(stated, podFixed))
            {
                throw AdmissionErrors.Forbidden(a, "pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead");
            }
            spec["overhead"] = podFixed.DeepClone();
        }
        if (runtimeClass.Obj("scheduling") is { } scheduling)
        {
            MergeNodeSelector(a, spec, scheduling.Obj("nodeSelector"));
            if (scheduling.Arr("tolerations") is { Count: > 0 } extra)
            {
                spec["tolerations"] = TolerationMerge.Merge(spec.Arr("tolerations").Objects(), extra.Objects());
            }
        }
    }

    public async ValueTask ValidateAsync(AdmissionAttributes a, CancellationToken cancellationToken)
    {
        if (!Applies(a, out var pod))
        {
            return;
        }
        var runtimeClass = await LookUpAsync(a, pod, cancellationToken);
        var overhead = pod.Obj("spec").Obj("overhead");
        if (runtimeClass?.Obj("overhead").Obj("podFixed") is { } podFixed)
        {
            if (overhead is null || !SameResources(overhead, podFixed))
            {
                throw AdmissionErrors.Forbidden(a, "pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead");
            }
        }
        else if (overhead is not null)
        {
            throw AdmissionErrors.Forbidden(a, "pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead");
        }
    }

    private static bool Applies(AdmissionAttributes a, out JsonObject pod)
    {
        pod = a.Object!;
        return a.Operation == "CREATE" && a.Resource.Group.Length == 0 && a.Resource.Plural == "pods" && a.Subresource.Length == 0 && a.Object is not null;
    }

    private async Task<JsonObject?> LookUpAsync(AdmissionAttributes a, JsonObject pod, CancellationToken ct)
    {
        if (pod.Obj("spec").Str("runtimeClassName") is not { } name)
        {
            return null;
        }
        return await objects.GetAsync("node.k8s.io", "runtimeclasses", "", name, ct)
            ?? throw AdmissionErrors.Forbidden(a, $"pod rejected: RuntimeClass \"{name}\" not found");
    }

    private static void MergeNodeSelector(AdmissionAttributes a, JsonObject spec, JsonObject? fromClass)
    {
        if (fromClass is null)
        {
            return;
        }
        if (spec.Obj("nodeSelector") is not { } selector)
        {
            spec["nodeSelector"] = fromClass.DeepClone();
            return;
        }
        foreach (var (key, node) in fromClass)
        {
            var value = JsonFields.AsString(node) ?? "";
            if (selector.Str(key) is { } podValue && podValue != value)
            {
                throw AdmissionErrors.Forbidden(a,
                    $"conflict: runtimeClass.scheduling.nodeSelector[{key}] = {value}; pod.spec.nodeSelector[{key}] = {podValue}");
            }
            selector[key] = value;
        }
    }

    /// <summary>Same resource names with equal quantities (Go's semantic equality of resource lists).</summary>
    private static bool SameResources(JsonObject a, JsonObject b) =>
        a.Count == b.Count && a.All(kv => b[kv.Key] is { } other
            && Quantity.TryParse(kv.Value, out var x) && Quantity.TryParse(other, out var y) && x == y);
}
