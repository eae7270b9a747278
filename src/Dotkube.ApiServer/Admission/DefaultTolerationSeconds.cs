using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;

namespace Dotkube.ApiServer.Admission;

/// <summary>
/// Upstream's DefaultTolerationSeconds: a pod that does not already tolerate the
/// <c>node.kubernetes.io/not-ready</c> or <c>node.kubernetes.io/unreachable</c> NoExecute taints
/// gets a toleration for each, for --default-not-ready-toleration-seconds and
/// --default-unreachable-toleration-seconds (300 s), so it is evicted five minutes after its
/// node fails rather than at once.
/// </summary>
public sealed class DefaultTolerationSeconds(long notReadySeconds = 300, long unreachableSeconds = 300) : IMutatingAdmissionPlugin
{
    public string Name => "DefaultTolerationSeconds";

    public const string NotReadyTaint = "node.kubernetes.io/not-ready";
    public const string UnreachableTaint = "node.kubernetes.io/unreachable";

    public ValueTask AdmitAsync(AdmissionAttributes a, CancellationToken cancellationToken)
    {
        if (a.Operation is not ("CREATE" or "UPDATE") || a.Resource.Group.Length > 0 || a.Resource.Plural != "pods"
            || a.Subresource.Length > 0 || a.Object is not { } pod)
        {
            return ValueTask.CompletedTask;
        }
        var spec = pod.EnsureObj("spec");
        var tolerations = spec["tolerations"] as JsonArray;
        var list = tolerations.Objects().ToList();
        var notReady = list.Any(t => Tolerates(t, NotReadyTaint));
        var unreachable = list.Any(t => Tolerates(t, UnreachableTaint));
        if (notReady && unreachable)
        {
            return ValueTask.CompletedTask;
        }
        tolerations ??= [];
        spec["tolerations"] = tolerations;
        if (!notReady)
        {
            tolerations.Add(Toleration(NotReadyTaint, notReadySeconds));
        }
        if (!unreachable)
        {
            tolerations.Add(Toleration(UnreachableTaint, unreachableSeconds));
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>An empty key or effect matches any, as upstream reads them (the operator is not looked at).</summary>
    private static bool Tolerates(JsonObject t, string key) =>
        (t.StrOrEmpty("key") is var k && (k == key || k.Length == 0))
        && (t.StrOrEmpty("effect") is var e && (e == "NoExecute" || e.Length == 0));

    private static JsonObject Toleration(string key, long seconds) => new()
    {
        ["key"] = key,
        ["operator"] = "Exists",
        ["effect"] = "NoExecute",
        ["tolerationSeconds"] = seconds,
    };
}
