using k8s.Models;

namespace Dotkube.Controllers.Job;

/// <summary>
/// spec.successPolicy of an Indexed Job (upstream's JobSuccessPolicy, on by default since 1.31):
/// the Job succeeds once any rule holds — every index of its succeededIndexes succeeded (or at
/// least succeededCount of them), or, without indexes, succeededCount indexes in all.
/// </summary>
public static class SuccessPolicyMatcher
{
    /// <returns>the SuccessCriteriaMet message ("Matched rules at index N"), or null when no rule holds.</returns>
    public static string? Match(V1SuccessPolicy? policy, int completions, IReadOnlySet<int> succeeded)
    {
        if (policy?.Rules is null || succeeded.Count == 0)
        {
            return null;
        }
        for (var i = 0; i < policy.Rules.Count; i++)
        {
            var rule = policy.Rules[i];
            if (rule.SucceededIndexes is { } text)
            {
                var required = CompletedIndexes.Parse(text, completions);
                if (required.Count == 0)
                {
                    // Unparseable (validation refuses it): the rule never holds.
                    continue;
                }
                var met = required.Count(succeeded.Contains);
                if (rule.SucceededCount is { } count ? met >= count : met == required.Count)
                {
                    return $"Matched rules at index {i}";
                }
            }
            else if (rule.SucceededCount is { } count && succeeded.Count >= count)
            {
                return $"Matched rules at index {i}";
            }
        }
        return null;
    }
}
