using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;

namespace Dotkube.ApiServer.Admission;

/// <summary>
/// Upstream's Priority plugin. New pods: spec.priorityClassName is resolved to spec.priority and
/// spec.preemptionPolicy (a pod naming no class gets the globalDefault class, or priority 0); a
/// pod that names a missing class, or sets a priority or policy other than its class's, is
/// refused. Updates keep the priority set at creation. PriorityClasses: only one may be
/// globalDefault.
/// </summary>
public sealed class PriorityAdmission(IAdmissionObjects objects) : IMutatingAdmissionPlugin, IValidatingAdmissionPlugin
{
    public string Name => "Priority";

    private const string Group = "scheduling.k8s.io";

    public async ValueTask AdmitAsync(AdmissionAttributes a, CancellationToken cancellationToken)
    {
        if (a.Subresource.Length > 0 || a.Resource.Group.Length > 0 || a.Resource.Plural != "pods" || a.Object is not { } pod)
        {
            return;
        }
        var spec = pod.EnsureObj("spec");
        if (a.Operation == "UPDATE")
        {
            // Validation forbids changing them; an update that leaves them out keeps the stored ones.
            var old = a.OldObject.Obj("spec");
            foreach (var field in new[] { "priority", "preemptionPolicy" })
            {
                if (spec[field] is null && old?[field] is { } kept)
                {
                    spec[field] = kept.DeepClone();
                }
            }
            return;
        }
        if (a.Operation != "CREATE")
        {
            return;
        }
        long priority;
        string? policy;
        var className = spec.StrOrEmpty("priorityClassName");
        if (className.Length == 0)
        {
            var fallback = await DefaultClassAsync(cancellationToken);
            if (fallback is not null)
            {
                spec["priorityClassName"] = fallback.Name();
            }
            priority = fallback?.Int("value") ?? 0;
            // With no class at all, the pod is left to preempt lower priorities, as the API's default.
            policy = fallback is null ? "PreemptLowerPriority" : fallback.Str("preemptionPolicy");
        }
        else
        {
            var pc = await objects.GetReadOnlyAsync(Group, "priorityclasses", "", className, cancellationToken)
                ?? throw AdmissionErrors.Forbidden(a, $"no PriorityClass with name {className} was found");
            priority = pc.Int("value") ?? 0;
            policy = pc.Str("preemptionPolicy");
        }
        if (spec.Int("priority") is { } given && given != priority)
        {
            throw AdmissionErrors.Forbidden(a,
                $"the integer value of priority ({given}) must not be provided in pod spec; priority admission controller computed {priority} from the given PriorityClass name");
        }
        spec["priority"] = priority;
        if (policy is not null)
        {
            if (spec.Str("preemptionPolicy") is { } givenPolicy && givenPolicy != policy)
            {
                throw AdmissionErrors.Forbidden(a,
                    $"the string value of PreemptionPolicy ({givenPolicy}) must not be provided in pod spec; priority admission controller computed {policy} from the given PriorityClass name");
            }
            spec["preemptionPolicy"] = policy;
        }
    }

    public async ValueTask ValidateAsync(AdmissionAttributes a, CancellationToken cancellationToken)
    {
        if (a.Subresource.Length > 0 || a.Resource.Group != Group || a.Resource.Plural != "priorityclasses"
            || a.Operation is not ("CREATE" or "UPDATE") || a.Object is not { } pc || pc.Bool("globalDefault") != true)
        {
            return;
        }
        var current = await DefaultClassAsync(cancellationToken);
        if (current is not null && (a.Operation == "CREATE" || current.Name() != pc.Name()))
        {
            throw AdmissionErrors.Forbidden(a, $"PriorityClass {current.Name()} is already marked as default. Only one default can exist");
        }
    }

    /// <summary>The globalDefault class; should a race have made two, the one with the lowest value.</summary>
    private async Task<JsonObject?> DefaultClassAsync(CancellationToken ct)
    {
        JsonObject? found = null;
        foreach (var pc in await objects.ListReadOnlyAsync(Group, "priorityclasses", "", ct))
        {
            if (pc.Bool("globalDefault") == true && (found is null || (pc.Int("value") ?? 0) < (found.Int("value") ?? 0)))
            {
                found = pc;
            }
        }
        return found;
    }
}
