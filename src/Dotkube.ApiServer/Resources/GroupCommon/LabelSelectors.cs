using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Selectors;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.GroupCommon;

/// <summary>
/// metav1.LabelSelector fields of workloads, on top of machinery's <see cref="LabelSelector"/>:
/// an absent selector selects nothing, an empty one everything (LabelSelectorAsSelector), and one
/// that does not convert (bad operator, key or value) is reported by the callers as upstream does.
/// </summary>
public static class LabelSelectors
{
    /// <summary>True when the selector is present and has no matchLabels and no matchExpressions.</summary>
    public static bool IsEmpty(JsonObject? selector) =>
        selector is not null && (selector.Obj("matchLabels")?.Count ?? 0) + (selector.Arr("matchExpressions")?.Count ?? 0) == 0;

    /// <summary>upstream LabelSelectorAsSelector; false when it would return an error.</summary>
    public static bool TryConvert(JsonObject? selector, out LabelSelector result)
    {
        try
        {
            result = LabelSelector.FromJson(selector);
            return true;
        }
        catch (FormatException)
        {
            result = LabelSelector.Nothing;
            return false;
        }
    }

    /// <summary>Whether the selector converts and selects <paramref name="labels"/>.</summary>
    public static bool Matches(JsonObject? selector, JsonObject? labels) =>
        TryConvert(selector, out var s) && s.Matches(labels);

    /// <summary>The selector string (<c>a=b,c in (d,e)</c>); "" for an absent, empty or invalid selector.</summary>
    public static string ToSelectorString(JsonObject? selector) =>
        TryConvert(selector, out var s) ? s.ToString() : "";

    /// <summary>metav1.FormatLabelSelector: the selector string, <c>&lt;none&gt;</c> when empty, <c>&lt;error&gt;</c> when invalid.</summary>
    public static string Format(JsonObject? selector)
    {
        if (!TryConvert(selector, out var s))
        {
            return "<error>";
        }
        var text = s.ToString();
        return text.Length == 0 ? "<none>" : text;
    }

    /// <summary>Upstream's unversioned ValidateLabelSelector (strict label values).</summary>
    public static void Validate(JsonObject? selector, string path, List<FieldError> errors) =>
        LabelSelector.Validate(selector, path, errors);
}
