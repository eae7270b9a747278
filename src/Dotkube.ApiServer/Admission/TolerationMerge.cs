using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;

namespace Dotkube.ApiServer.Admission;

/// <summary>
/// Merging two toleration lists as upstream's MergeTolerations does: a toleration is dropped when
/// another one already tolerates everything it does (a superset); of two equal ones the first
/// is kept.
/// </summary>
public static class TolerationMerge
{
    public static JsonArray Merge(IEnumerable<JsonObject> first, IEnumerable<JsonObject> second)
    {
        var all = first.Concat(second).ToList();
        var merged = new List<JsonObject>();
        for (var i = 0; i < all.Count; i++)
        {
            var t = all[i];
            if (merged.Any(m => IsSuperset(m, t)))
            {
                continue;
            }
            if (all.Skip(i + 1).Any(later => !JsonNode.DeepEquals(t, later) && IsSuperset(later, t)))
            {
                continue;
            }
            merged.Add(t);
        }
        return new JsonArray([.. merged.Select(t => t.DeepClone())]);
    }

    /// <summary>Whether <paramref name="ss"/> tolerates every taint <paramref name="t"/> does.</summary>
    public static bool IsSuperset(JsonObject ss, JsonObject t)
    {
        if (JsonNode.DeepEquals(ss, t))
        {
            return true;
        }
        var ssKey = ss.StrOrEmpty("key");
        var ssOp = ss.StrOrEmpty("operator");
        // An empty key with Exists matches every key.
        if (t.StrOrEmpty("key") != ssKey && (ssKey.Length > 0 || ssOp != "Exists"))
        {
            return false;
        }
        var ssEffect = ss.StrOrEmpty("effect");
        if (t.StrOrEmpty("effect") != ssEffect && ssEffect.Length > 0)
        {
            return false;
        }
        if (ssEffect == "NoExecute" && ss.Int("tolerationSeconds") is { } ssSeconds
            && (t.Int("tolerationSeconds") is not { } tSeconds || tSeconds > ssSeconds))
        {
            return false;
        }
        return ssOp switch
        {
            "Equal" or "" => t.StrOrEmpty("operator") == "Equal" && t.StrOrEmpty("value") == ss.StrOrEmpty("value"),
            "Exists" => true,
            _ => false,
        };
    }
}
