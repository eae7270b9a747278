using k8s.Models;

namespace Dotkube.Controllers.Job;

/// <summary>What a Job's podFailurePolicy says about one failed pod.</summary>
/// <param name="Action">FailJob, FailIndex, Ignore or Count; null when no rule matched (the pod counts).</param>
/// <param name="Message">for FailJob, the message of the Job's failure condition.</param>
public sealed record PodFailureVerdict(string? Action, string? Message);

/// <summary>
/// Matches a failed pod against spec.podFailurePolicy's rules in order (upstream's
/// matchPodFailurePolicy): onExitCodes looks at terminated containers' non-zero exit codes,
/// onPodConditions at the pod's conditions (e.g. DisruptionTarget); the first rule that matches wins.
/// </summary>
public static class PodFailurePolicyMatcher
{
    public static PodFailureVerdict Match(V1PodFailurePolicy? policy, V1Pod pod)
    {
        if (policy?.Rules is null || pod.Status?.Phase != "Failed")
        {
            return new PodFailureVerdict(null, null);
        }
        var where = $"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}";
        for (var i = 0; i < policy.Rules.Count; i++)
        {
            var rule = policy.Rules[i];
            if (rule.OnExitCodes is { } codes && MatchingContainer(codes, pod) is { } container)
            {
                return new PodFailureVerdict(rule.Action,
                    $"Container {container.Name} for pod {where} failed with exit code {container.State.Terminated.ExitCode} matching {rule.Action} rule at index {i}");
            }
            if (rule.OnPodConditions is { } patterns)
            {
                foreach (var pattern in patterns)
                {
                    var status = pattern.Status ?? "True";
                    if (pod.Status.Conditions?.Any(c => c.Type == pattern.Type && c.Status == status) == true)
                    {
                        return new PodFailureVerdict(rule.Action, $"Pod {where} has condition {pattern.Type} matching {rule.Action} rule at index {i}");
                    }
                }
            }
        }
        return new PodFailureVerdict(null, null);
    }

    private static V1ContainerStatus? MatchingContainer(V1PodFailurePolicyOnExitCodesRequirement codes, V1Pod pod)
    {
        var statuses = (pod.Status?.InitContainerStatuses ?? []).Concat(pod.Status?.ContainerStatuses ?? []);
        foreach (var status in statuses)
        {
            if (status.State?.Terminated is not { ExitCode: not 0 } terminated)
            {
                continue;
            }
            if (codes.ContainerName is { } name && name != status.Name)
            {
                continue;
            }
            var listed = codes.Values.Contains(terminated.ExitCode);
            if ((codes.OperatorProperty == "In" && listed) || (codes.OperatorProperty == "NotIn" && !listed))
            {
                return status;
            }
        }
        return null;
    }
}
