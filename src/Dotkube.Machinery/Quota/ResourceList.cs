using System.Text.Json.Nodes;
using Dotkube.Machinery.Quantities;

namespace Dotkube.Machinery.Quota;

/// <summary>
/// corev1.ResourceList arithmetic as the quota system uses it (upstream's quota helpers): sums,
/// differences, masks, comparisons, and the "k=v,k=v" text of quota error messages.
/// </summary>
public static class ResourceList
{
    /// <summary>A JSON resource list (spec.hard, status.used, requests, limits); unparsable values are skipped.</summary>
    public static Dictionary<string, Quantity> Parse(JsonNode? node)
    {
        var result = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        if (node is JsonObject obj)
        {
            foreach (var (name, value) in obj)
            {
                if (Quantity.TryParse(value, out var q))
                {
                    result[name] = q;
                }
            }
        }
        return result;
    }

    public static JsonObject ToJson(IReadOnlyDictionary<string, Quantity> list)
    {
        var obj = new JsonObject();
        foreach (var key in list.Keys.Order(StringComparer.Ordinal))
        {
            obj[key] = Canonical(list[key]);
        }
        return obj;
    }

    /// <summary>Upstream's String(): the canonical form, whatever text the quantity was parsed from.</summary>
    public static string Canonical(Quantity q) => q.WithFormat(q.Format).ToString();

    public static Dictionary<string, Quantity> Add(IReadOnlyDictionary<string, Quantity> a, IReadOnlyDictionary<string, Quantity> b)
    {
        var result = new Dictionary<string, Quantity>(a, StringComparer.Ordinal);
        foreach (var (k, v) in b)
        {
            result[k] = result.TryGetValue(k, out var have) ? have + v : v;
        }
        return result;
    }

    /// <summary>a - b for every key of either (a missing key counts as zero).</summary>
    public static Dictionary<string, Quantity> Subtract(IReadOnlyDictionary<string, Quantity> a, IReadOnlyDictionary<string, Quantity> b)
    {
        var result = new Dictionary<string, Quantity>(a, StringComparer.Ordinal);
        foreach (var (k, v) in b)
        {
            result[k] = (result.TryGetValue(k, out var have) ? have : Quantity.Zero) - v;
        }
        return result;
    }

    /// <summary>Only the entries whose names are in <paramref name="names"/>.</summary>
    public static Dictionary<string, Quantity> Mask(IReadOnlyDictionary<string, Quantity> list, IEnumerable<string> names)
    {
        var result = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (list.TryGetValue(name, out var q))
            {
                result[name] = q;
            }
        }
        return result;
    }

    /// <summary>Names of <paramref name="a"/> whose value is above <paramref name="b"/>'s (names missing from b are ignored).</summary>
    public static List<string> Exceeding(IReadOnlyDictionary<string, Quantity> a, IReadOnlyDictionary<string, Quantity> b) =>
        [.. a.Where(e => b.TryGetValue(e.Key, out var limit) && e.Value > limit).Select(e => e.Key).Order(StringComparer.Ordinal)];

    public static bool IsZero(IReadOnlyDictionary<string, Quantity> list) => list.Values.All(q => q.IsZero);

    /// <summary>"cpu=1,memory=1Gi": sorted by name, canonical quantities, as quota messages print them.</summary>
    public static string PrettyPrint(IReadOnlyDictionary<string, Quantity> list) =>
        string.Join(",", list.Keys.Order(StringComparer.Ordinal).Select(k => $"{k}={Canonical(list[k])}"));
}
