using System.Text;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;

namespace Dotkube.ApiServer.Authorization.Rbac;

/// <summary>One rule of a Role or ClusterRole (rbac.authorization.k8s.io/v1 PolicyRule).</summary>
public sealed record PolicyRule(
    IReadOnlyList<string> Verbs,
    IReadOnlyList<string> ApiGroups,
    IReadOnlyList<string> Resources,
    IReadOnlyList<string> ResourceNames,
    IReadOnlyList<string> NonResourceURLs)
{
    public const string All = "*";

    public static PolicyRule Resource(IReadOnlyList<string> verbs, IReadOnlyList<string> groups, IReadOnlyList<string> resources, IReadOnlyList<string>? names = null) =>
        new(verbs, groups, resources, names ?? [], []);

    public static PolicyRule NonResource(IReadOnlyList<string> verbs, IReadOnlyList<string> urls) => new(verbs, [], [], [], urls);

    public static PolicyRule FromJson(JsonObject rule) => new(
        [.. rule.Arr("verbs").Strings()],
        [.. rule.Arr("apiGroups").Strings()],
        [.. rule.Arr("resources").Strings()],
        [.. rule.Arr("resourceNames").Strings()],
        [.. rule.Arr("nonResourceURLs").Strings()]);

    /// <summary>The rules of a role object; none when it has no rules.</summary>
    public static IReadOnlyList<PolicyRule> ListFrom(JsonObject role) =>
        [.. role.Arr("rules").Objects().Select(FromJson)];

    /// <summary>The wire form, omitting empty lists as the Go type's omitempty does (verbs always present).</summary>
    public JsonObject ToJson()
    {
        var o = new JsonObject { ["verbs"] = Array(Verbs) };
        if (ApiGroups.Count > 0)
        {
            o["apiGroups"] = Array(ApiGroups);
        }
        if (Resources.Count > 0)
        {
            o["resources"] = Array(Resources);
        }
        if (ResourceNames.Count > 0)
        {
            o["resourceNames"] = Array(ResourceNames);
        }
        if (NonResourceURLs.Count > 0)
        {
            o["nonResourceURLs"] = Array(NonResourceURLs);
        }
        return o;
    }

    private static JsonArray Array(IReadOnlyList<string> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);

    /// <summary>
    /// Upstream's PolicyRule.CompactString, used in escalation errors:
    /// <c>{APIGroups:[""], Resources:["pods"], Verbs:["create"]}</c> (Go's %q of a string slice).
    /// </summary>
    public string CompactString()
    {
        var parts = new List<string>();
        Add("APIGroups", ApiGroups);
        Add("Resources", Resources);
        Add("NonResourceURLs", NonResourceURLs);
        Add("ResourceNames", ResourceNames);
        Add("Verbs", Verbs);
        return "{" + string.Join(", ", parts) + "}";

        void Add(string name, IReadOnlyList<string> values)
        {
            if (values.Count > 0)
            {
                parts.Add($"{name}:{GoQuotedList(values)}");
            }
        }
    }

    /// <summary>Go's %q of a []string: ["a" "b"].</summary>
    public static string GoQuotedList(IEnumerable<string> values)
    {
        var sb = new StringBuilder("[");
        var first = true;
        foreach (var v in values)
        {
            if (!first)
            {
                sb.Append(' ');
            }
            first = false;
            sb.Append(GoValue.Quote(v));
        }
        return sb.Append(']').ToString();
    }

    public bool Equals(PolicyRule? other) =>
        other is not null && Verbs.SequenceEqual(other.Verbs) && ApiGroups.SequenceEqual(other.ApiGroups) &&
        Resources.SequenceEqual(other.Resources) && ResourceNames.SequenceEqual(other.ResourceNames) &&
        NonResourceURLs.SequenceEqual(other.NonResourceURLs);

    public override int GetHashCode() => HashCode.Combine(Verbs.Count, ApiGroups.Count, Resources.Count, string.Join(',', Resources), string.Join(',', Verbs));

    public override string ToString() => CompactString();
}
