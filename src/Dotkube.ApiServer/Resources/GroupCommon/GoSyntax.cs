using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;

namespace Dotkube.ApiServer.Resources.GroupCommon;

/// <summary>
/// Bad values that upstream renders with Go's <c>%#v</c> on a struct (field errors show them so):
/// <c>v1.LabelSelector{MatchLabels:map[string]string{"a":"b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}</c>.
/// </summary>
public sealed class GoSyntax
{
    private readonly string text;

    private GoSyntax(string text) => this.text = text;

    public override string ToString() => text;

    /// <summary>Any pre-rendered Go value.</summary>
    public static GoSyntax Raw(string text) => new(text);

    /// <summary>A metav1.LabelSelector (a nil selector prints as <c>null</c>).</summary>
    public static GoSyntax LabelSelector(JsonObject? selector)
    {
        if (selector is null)
        {
            return new("null");
        }
        var labels = selector.Obj("matchLabels") is { Count: > 0 } ml ? GoValue.StringMap(ml).ToString() : "map[string]string(nil)";
        var exprs = selector.Arr("matchExpressions").Objects().ToList();
        var exprText = exprs.Count == 0
            ? "[]v1.LabelSelectorRequirement(nil)"
            : "[]v1.LabelSelectorRequirement{" + string.Join(", ", exprs.Select(e =>
                $"v1.LabelSelectorRequirement{{Key:{GoValue.Quote(e.StrOrEmpty("key"))}, Operator:{GoValue.Quote(e.StrOrEmpty("operator"))}, Values:{GoValue.StringSlice(e.Arr("values").Strings())}}}")) + "}";
        return new($"v1.LabelSelector{{MatchLabels:{labels}, MatchExpressions:{exprText}}}");
    }

    /// <summary>A pod template's labels, as the "selector does not match" error shows them.</summary>
    public static GoValue StringMap(JsonObject? map) => GoValue.StringMap(map);
}
