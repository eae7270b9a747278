using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;

namespace Dotkube.ApiServer.Admission;

/// <summary>
/// Upstream's TaintNodesByCondition: a new Node starts with the
/// <c>node.kubernetes.io/not-ready:NoSchedule</c> taint, so nothing is scheduled onto it before
/// the node lifecycle controller has seen it Ready (and removed the taint).
/// </summary>
public sealed class TaintNodesByCondition : IMutatingAdmissionPlugin
{
    public string Name => "TaintNodesByCondition";

    public const string NotReadyTaint = "node.kubernetes.io/not-ready";

    public ValueTask AdmitAsync(AdmissionAttributes a, CancellationToken cancellationToken)
    {
        if (a.Operation != "CREATE" || a.Resource.Group.Length > 0 || a.Resource.Plural != "nodes" || a.Subresource.Length > 0 || a.Object is not { } node)
        {
            return ValueTask.CompletedTask;
        }
        var spec = node.EnsureObj("spec");
        var taints = spec["taints"] as JsonArray ?? [];
        // A taint matches another with the same key and effect, whatever its value.
        if (taints.Objects().Any(t => t.Str("key") == NotReadyTaint && t.Str("effect") == "NoSchedule"))
        {
            return ValueTask.CompletedTask;
        }
        taints.Add(new JsonObject { ["key"] = NotReadyTaint, ["effect"] = "NoSchedule" });
        spec["taints"] = taints;
        return ValueTask.CompletedTask;
    }
}
