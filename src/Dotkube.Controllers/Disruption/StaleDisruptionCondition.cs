using k8s.Models;

namespace Dotkube.Controllers.Disruption;

/// <summary>
/// Upstream's nonTerminatingPodHasStaleDisruptionCondition: a pod marked DisruptionTarget=True
/// that was not deleted within <see cref="Timeout"/> (2 minutes in 1.32) has a stale condition,
/// which the disruption controller resets to False. Conditions the kubelet added
/// (TerminationByKubelet) and conditions of finished pods are never stale.
/// </summary>
public static class StaleDisruptionCondition
{
    public const string DisruptionTarget = "DisruptionTarget";
    public const string TerminationByKubelet = "TerminationByKubelet";

    /// <summary>The field manager of the reset (upstream's fieldManager of the disruption controller).</summary>
    public const string FieldManager = "DisruptionController";

    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <returns>whether the pod has a condition that is or will become stale, and how long until it is.</returns>
    public static (bool Has, TimeSpan WaitFor) Check(V1Pod pod, DateTimeOffset now)
    {
        if (pod.Metadata?.DeletionTimestamp is not null)
        {
            return (false, TimeSpan.Zero);
        }

        var condition = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == DisruptionTarget);
        if (condition is null || condition.Status != "True" || condition.Reason == TerminationByKubelet || pod.Status?.Phase is "Succeeded" or "Failed")
        {
            return (false, TimeSpan.Zero);
        }

        var since = condition.LastTransitionTime is { } t ? now - new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : TimeSpan.Zero;
        var wait = Timeout - since;
        return (true, wait < TimeSpan.Zero ? TimeSpan.Zero : wait);
    }

    /// <summary>The apply configuration of the reset: only the condition's type, status and transition time (reason and message stay whoever's they are).</summary>
    public static string ResetPatch(V1Pod pod, DateTimeOffset now) =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            apiVersion = "v1",
            kind = "Pod",
            metadata = new { name = pod.Metadata.Name, @namespace = pod.Metadata.NamespaceProperty, resourceVersion = pod.Metadata.ResourceVersion },
            status = new { conditions = new[] { new { type = DisruptionTarget, status = "False", lastTransitionTime = Client.Serialization.MetaTime.Format(now) } } },
        });
}
