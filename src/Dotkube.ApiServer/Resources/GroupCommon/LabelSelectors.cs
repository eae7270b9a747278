using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.GroupCommon;

/// <summary>
/// metav1.LabelSelector held as JSON: matching, the selector string upstream prints, and
/// upstream's ValidateLabelSelector. A selector that is absent selects nothing; an empty one
/// selects everything (LabelSelectorAsSelector).
/// </summary>
public static class LabelSelectors
{
    /// <summary>True when the selector is present and has no matchLabels and no matchExpressions.</summary>
    public static bool IsEmpty(JsonObject? selector) =>
        selector is not null && (selector.Obj("matchLabels")?.Count ?? 0) + (selector.Arr("matchExpressions")?.Count ?? 0) == 0;

    /// <summary>Whether the selector selects <paramref name="labels"/> (absent selector: nothing; empty: everything).</summary>
    public static bool Matches(JsonObject? selector, JsonObject? labels)
    {
        if (selector is null)
        {
            return false;
        }
        string? Label(string key) => labels is not null && labels.TryGetPropertyValue(key, out var v) ? JsonFields.AsString(v) ?? "" : null;
        foreach (var (key, value) in selector.Obj("matchLabels") ?? [])
        {
            if (Label(key) != (JsonFields.AsString(value) ?? ""))
            {
                return false;
            }
        }
        foreach (var expr in selector.Arr("matchExpressions").Objects())
        {
            var actual = Label(expr.StrOrEmpty("key"));
            var values = expr.Arr("values").Strings().ToHashSet(StringComparer.Ordinal);
            var ok = expr.StrOrEmpty("operator") switch
            {
                "In" => actual is not null && values.Contains(actual),
                "NotIn" => actual is null || !values.Contains(actual),
                "Exists" => actual is not null,
                "DoesNotExist" => actual is null,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The selector as upstream's labels.Selector String(): requirements sorted by key,
    /// <c>a=b,c in (d,e),!f,g</c>; "" for an absent or empty selector.
    /// </summary>
    public static string ToSelectorString(JsonObject? selector)
    {
        if (selector is null)
        {
            return "";
        }
        var requirements = new List<(string Key, string Text)>();
        foreach (var (key, value) in selector.Obj("matchLabels") ?? [])
        {
            requirements.Add((key, key + "=" + (JsonFields.AsString(value) ?? "")));
        }
        foreach (var expr in selector.Arr("matchExpressions").Objects())
        {
            var key = expr.StrOrEmpty("key");
            var values = string.Join(",", expr.Arr("values").Strings().Distinct().Order(StringComparer.Ordinal));
            var text = expr.StrOrEmpty("operator") switch
            {
                "In" => $"{key} in ({values})",
                "NotIn" => $"{key} notin ({values})",
                "Exists" => key,
                "DoesNotExist" => "!" + key,
                _ => key,
            };
            requirements.Add((key, text));
        }
        // Upstream sorts requirements by key; the sort is stable for equal keys.
        return string.Join(",", requirements.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Text));
    }

    /// <summary>metav1.FormatLabelSelector: the selector string, or <c>&lt;none&gt;</c> when it is empty.</summary>
    public static string Format(JsonObject? selector)
    {
        if (HasInvalidOperator(selector))
        {
            return "<error>";
        }
        var s = ToSelectorString(selector);
        return s.Length == 0 ? "<none>" : s;
    }

    private static bool HasInvalidOperator(JsonObject? selector) =>
        selector.Arr("matchExpressions").Objects().Any(e => e.StrOrEmpty("operator") is not ("In" or "NotIn" or "Exists" or "DoesNotExist"));

    /// <summary>Upstream's unversioned ValidateLabelSelector (strict label values).</summary>
    public static void Validate(JsonObject? selector, string path, List<FieldError> errors)
    {
        if (selector is null)
        {
            return;
        }
        ObjectMetaValidation.ValidateLabels(selector.Obj("matchLabels"), FieldPath.Child(path, "matchLabels"), errors);
        var i = 0;
        foreach (var expr in selector.Arr("matchExpressions").Objects())
        {
            ValidateRequirement(expr, FieldPath.Index(FieldPath.Child(path, "matchExpressions"), i++), errors);
        }
    }

    private static void ValidateRequirement(JsonObject expr, string path, List<FieldError> errors)
    {
        var values = expr.Arr("values").Strings().ToList();
        var op = expr.StrOrEmpty("operator");
        switch (op)
        {
            case "In" or "NotIn":
                if (values.Count == 0)
                {
                    errors.Add(FieldError.Required(FieldPath.Child(path, "values"), "must be specified when `operator` is 'In' or 'NotIn'"));
                }
                break;
            case "Exists" or "DoesNotExist":
                if (values.Count > 0)
                {
                    errors.Add(FieldError.Forbidden(FieldPath.Child(path, "values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                }
                break;
            default:
                errors.Add(FieldError.Invalid(FieldPath.Child(path, "operator"), op, "not a valid selector operator"));
                break;
        }
        var key = expr.StrOrEmpty("key");
        foreach (var msg in NameValidation.IsQualifiedName(key))
        {
            errors.Add(FieldError.Invalid(FieldPath.Child(path, "key"), key, msg));
        }
        for (var v = 0; v < values.Count; v++)
        {
            foreach (var msg in NameValidation.IsValidLabelValue(values[v]))
            {
                errors.Add(FieldError.Invalid(FieldPath.Index(FieldPath.Child(path, "values"), v), values[v], msg));
            }
        }
    }
}
