using System.Text.Json;
using System.Text.Json.Nodes;
using Dotkube.Machinery.Validation;

namespace Dotkube.Machinery.Selectors;

/// <summary>
/// A label selector: an AND of requirements. Built from the query-string form
/// (<see cref="Parse"/>) or from a metav1.LabelSelector object (<see cref="FromJson"/>).
/// </summary>
public sealed class LabelSelector
{
    private readonly bool _nothing;

    private LabelSelector(IReadOnlyList<LabelRequirement> requirements, bool nothing = false)
    {
        Requirements = requirements;
        _nothing = nothing;
    }

    /// <summary>Matches every object; prints as the empty string.</summary>
    public static LabelSelector Everything { get; } = new([]);

    /// <summary>Matches no object (what a null metav1.LabelSelector means).</summary>
    public static LabelSelector Nothing { get; } = new([], nothing: true);

    /// <summary>The requirements, sorted by key.</summary>
    public IReadOnlyList<LabelRequirement> Requirements { get; }

    /// <summary>True when the selector does not restrict anything (upstream's Empty()).</summary>
    public bool IsEmpty => !_nothing && Requirements.Count == 0;

    /// <summary>True for <see cref="Nothing"/>.</summary>
    public bool IsNothing => _nothing;

    /// <summary>Parses the string form; throws <see cref="FormatException"/> with upstream's message.</summary>
    public static LabelSelector Parse(string selector) =>
        TryParse(selector, out var result, out var error) ? result : throw new FormatException(error);

    public static bool TryParse(string selector, out LabelSelector result, out string error)
    {
        if (LabelSelectorParser.TryParse(selector, out var requirements, out error))
        {
            result = requirements.Count == 0 ? Everything : new LabelSelector(requirements);
            return true;
        }
        result = Nothing;
        return false;
    }

    /// <summary>A selector requiring each label to equal the given value (upstream SelectorFromSet).</summary>
    public static LabelSelector FromSet(IReadOnlyDictionary<string, string> labels) =>
        labels.Count == 0
            ? Everything
            : new LabelSelector([.. labels.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => LabelRequirement.Unchecked(kv.Key, SelectorOperator.Equals, [kv.Value]))]);

    /// <summary>
    /// Converts a metav1.LabelSelector (<c>matchLabels</c>, <c>matchExpressions</c>) as upstream's
    /// LabelSelectorAsSelector: null is <see cref="Nothing"/>, empty is <see cref="Everything"/>, and
    /// invalid content throws <see cref="FormatException"/> with upstream's message.
    /// </summary>
    public static LabelSelector FromJson(JsonObject? labelSelector)
    {
        if (labelSelector is null)
        {
            return Nothing;
        }
        var matchLabels = labelSelector["matchLabels"] as JsonObject;
        var matchExpressions = labelSelector["matchExpressions"] as JsonArray;
        if ((matchLabels?.Count ?? 0) + (matchExpressions?.Count ?? 0) == 0)
        {
            return Everything;
        }
        var requirements = new List<LabelRequirement>();
        foreach (var (key, value) in matchLabels ?? [])
        {
            requirements.Add(LabelRequirement.Create(key, SelectorOperator.Equals, [Text(value)]));
        }
        foreach (var node in matchExpressions ?? [])
        {
            var expression = node as JsonObject;
            var op = Text(expression?["operator"]);
            var selectorOp = op switch
            {
                "In" => SelectorOperator.In,
                "NotIn" => SelectorOperator.NotIn,
                "Exists" => SelectorOperator.Exists,
                "DoesNotExist" => SelectorOperator.DoesNotExist,
                _ => throw new FormatException($"{JsonSerializer.Serialize(op)} is not a valid label selector operator"),
            };
            var values = (expression?["values"] as JsonArray)?.Select(Text).ToList() ?? [];
            requirements.Add(LabelRequirement.Create(Text(expression?["key"]), selectorOp, values));
        }
        return new LabelSelector([.. requirements.OrderBy(r => r.Key, StringComparer.Ordinal)]);
    }

    /// <summary>
    /// Validates a metav1.LabelSelector inside an object (upstream ValidateLabelSelector), adding
    /// errors such as <c>spec.selector.matchExpressions[0].values: Required value</c>.
    /// </summary>
    public static void Validate(JsonObject? labelSelector, string path, List<FieldError> errors)
    {
        if (labelSelector is null)
        {
            return;
        }
        ObjectMetaValidation.ValidateLabels(labelSelector["matchLabels"] as JsonObject, path + ".matchLabels", errors);
        var expressions = labelSelector["matchExpressions"] as JsonArray ?? [];
        for (var i = 0; i < expressions.Count; i++)
        {
            var expression = expressions[i] as JsonObject ?? [];
            var at = $"{path}.matchExpressions[{i}]";
            var op = Text(expression["operator"]);
            var values = expression["values"] as JsonArray ?? [];
            switch (op)
            {
                case "In" or "NotIn":
                    if (values.Count == 0)
                    {
                        errors.Add(FieldError.Required(at + ".values", "must be specified when `operator` is 'In' or 'NotIn'"));
                    }
                    break;
                case "Exists" or "DoesNotExist":
                    if (values.Count > 0)
                    {
                        errors.Add(FieldError.Forbidden(at + ".values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                    }
                    break;
                default:
                    errors.Add(FieldError.Invalid(at + ".operator", op, "not a valid selector operator"));
                    break;
            }
            var key = Text(expression["key"]);
            foreach (var msg in NameValidation.IsQualifiedName(key))
            {
                errors.Add(FieldError.Invalid(at + ".key", key, msg));
            }
            for (var v = 0; v < values.Count; v++)
            {
                var value = Text(values[v]);
                foreach (var msg in NameValidation.IsValidLabelValue(value))
                {
                    errors.Add(FieldError.Invalid($"{at}.values[{v}]", value, msg));
                }
            }
        }
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        if (_nothing)
        {
            return false;
        }
        foreach (var requirement in Requirements)
        {
            if (!requirement.Matches(labels))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Matches an object's <c>metadata.labels</c> (null means no labels).</summary>
    public bool Matches(JsonObject? labels)
    {
        if (IsEmpty)
        {
            return true;
        }
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in labels ?? [])
        {
            map[key] = Text(value);
        }
        return Matches(map);
    }

    /// <summary>
    /// The value a label must have for this selector to match, when it pins one (<c>a=b</c>,
    /// <c>a==b</c>, <c>a in (b)</c>); upstream's RequiresExactMatch, useful for indexes.
    /// </summary>
    public bool TryGetExactMatch(string label, out string value)
    {
        value = "";
        var requirement = Requirements.FirstOrDefault(r => r.Key == label);
        if (requirement is { Operator: SelectorOperator.Equals or SelectorOperator.DoubleEquals or SelectorOperator.In, Values.Count: 1 })
        {
            value = requirement.Values[0];
            return true;
        }
        return false;
    }

    /// <summary>The string form, requirements joined by commas: <c>a=b,c in (d,e)</c>.</summary>
    public override string ToString() => string.Join(",", Requirements);

    private static string Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node?.ToJsonString() ?? "";
}
