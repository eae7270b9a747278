using System.Globalization;

namespace Dotkube.Scheduler.Framework;

/// <summary>
/// The FailedScheduling message, worded as upstream's FitError: "0/N nodes are available:" then the
/// PreFilter message, or each distinct node reason with its count ("2 Insufficient cpu") sorted as
/// strings and joined by ", "; then the PostFilter (preemption) message; each part ends with ".".
/// </summary>
public static class FitError
{
    public static string Message(int allNodes, Diagnosis diagnosis) =>
        Message(allNodes, diagnosis.NodeStatuses.Values, diagnosis.PreFilterMessage, diagnosis.PostFilterMessage);

    public static string Message(int allNodes, IEnumerable<Status> nodeStatuses, string? preFilterMessage, string? postFilterMessage)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"0/{allNodes} nodes are available:");
        if (!string.IsNullOrEmpty(preFilterMessage))
        {
            text += " " + preFilterMessage + ".";
        }
        else
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var status in nodeStatuses)
            {
                foreach (var reason in status.Reasons)
                {
                    counts[reason] = counts.GetValueOrDefault(reason) + 1;
                }
            }

            if (counts.Count > 0)
            {
                var parts = counts.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Value} {kv.Key}")).ToList();
                parts.Sort(StringComparer.Ordinal);
                text += " " + string.Join(", ", parts) + ".";
            }
        }

        if (!string.IsNullOrEmpty(postFilterMessage))
        {
            text += " " + postFilterMessage + ".";
        }

        return text;
    }
}
