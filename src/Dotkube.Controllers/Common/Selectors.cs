using System.Text.Json;
using System.Text.Json.Nodes;
using Dotkube.Client.Serialization;
using Dotkube.Machinery.Selectors;
using k8s.Models;

namespace Dotkube.Controllers.Common;

/// <summary>Turns a V1LabelSelector into the machinery's selector (matchLabels and matchExpressions).</summary>
public static class Selectors
{
    /// <summary>The selector; a null selector selects nothing, an empty one everything (upstream's LabelSelectorAsSelector).</summary>
    public static LabelSelector From(V1LabelSelector? selector)
    {
        if (selector is null)
        {
            return LabelSelector.Nothing;
        }
        var json = JsonSerializer.SerializeToNode(selector, KubeJson.Options) as JsonObject;
        return LabelSelector.FromJson(json);
    }

    private static readonly Dictionary<string, string> NoLabels = [];

    public static bool Matches(LabelSelector selector, V1ObjectMeta meta) =>
        selector.Matches(meta.Labels as IReadOnlyDictionary<string, string> ?? NoLabels);
}
