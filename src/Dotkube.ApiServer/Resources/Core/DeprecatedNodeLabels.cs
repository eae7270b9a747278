using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;

namespace Dotkube.ApiServer.Resources.Core;

/// <summary>
/// Node labels upstream warns about when a selector uses them (pkg/api/node), with the wording
/// of its warnings.
/// </summary>
public static class DeprecatedNodeLabels
{
    private static readonly Dictionary<string, string> Messages = new(StringComparer.Ordinal)
    {
        ["beta.kubernetes.io/arch"] = "deprecated since v1.14; use \"kubernetes.io/arch\" instead",
        ["beta.kubernetes.io/os"] = "deprecated since v1.14; use \"kubernetes.io/os\" instead",
        ["failure-domain.beta.kubernetes.io/region"] = "deprecated since v1.17; use \"topology.kubernetes.io/region\" instead",
        ["failure-domain.beta.kubernetes.io/zone"] = "deprecated since v1.17; use \"topology.kubernetes.io/zone\" instead",
        ["beta.kubernetes.io/instance-type"] = "deprecated since v1.17; use \"node.kubernetes.io/instance-type\" instead",
    };

    public static bool TryGetMessage(string key, out string message) => Messages.TryGetValue(key, out message!);

    /// <summary>
    /// One warning per matchExpressions key of a node selector term that is deprecated:
    /// <c>PATH.matchExpressions[j].key: KEY is MESSAGE</c>.
    /// </summary>
    public static IEnumerable<string> ForNodeSelectorTerm(JsonObject? term, string path)
    {
        var expressions = term.Arr("matchExpressions");
        for (var j = 0; j < (expressions?.Count ?? 0); j++)
        {
            var key = expressions![j].Str("key") ?? "";
            if (TryGetMessage(key, out var message))
            {
                yield return $"{path}.matchExpressions[{j}].key: {key} is {message}";
            }
        }
    }
}
