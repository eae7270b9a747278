using System.Globalization;
using System.Text;
using Dotkube.Machinery.Validation;

namespace Dotkube.Machinery.Selectors;

/// <summary>One clause of a label selector: a key, an operator and its values.</summary>
public sealed record LabelRequirement
{
    public string Key { get; }
    public SelectorOperator Operator { get; }
    public IReadOnlyList<string> Values { get; }

    private LabelRequirement(string key, SelectorOperator op, IReadOnlyList<string> values)
    {
        Key = key;
        Operator = op;
        Values = values;
    }

    /// <summary>
    /// A checked requirement. The errors are upstream's (labels.NewRequirement): the key must be a
    /// qualified name, values valid label values, and the value count must suit the operator.
    /// </summary>
    /// <param name="path">The field path prefix for messages; null reads as upstream's unnamed root.</param>
    public static LabelRequirement Create(string key, SelectorOperator op, IReadOnlyList<string> values, string? path = null)
    {
        var errors = Check(key, op, values, path);
        if (errors.Count > 0)
        {
            throw new FormatException(Aggregate(errors));
        }
        return new LabelRequirement(key, op, values);
    }

    /// <summary>A requirement known to be valid already (e.g. from a validated object).</summary>
    internal static LabelRequirement Unchecked(string key, SelectorOperator op, IReadOnlyList<string> values) => new(key, op, values);

    internal static List<FieldError> Check(string key, SelectorOperator op, IReadOnlyList<string> values, string? path)
    {
        var errors = new List<FieldError>();
        var keyErrors = NameValidation.IsQualifiedName(key);
        if (keyErrors.Count > 0)
        {
            errors.Add(FieldError.Invalid(Child(path, "key"), key, string.Join("; ", keyErrors)));
        }
        var valuesPath = Child(path, "values");
        switch (op)
        {
            case SelectorOperator.In or SelectorOperator.NotIn when values.Count == 0:
                errors.Add(FieldError.Invalid(valuesPath, new GoStrings(values), "for 'in', 'notin' operators, values set can't be empty"));
                break;
            case SelectorOperator.Equals or SelectorOperator.DoubleEquals or SelectorOperator.NotEquals when values.Count != 1:
                errors.Add(FieldError.Invalid(valuesPath, new GoStrings(values), "exact-match compatibility requires one single value"));
                break;
            case SelectorOperator.Exists or SelectorOperator.DoesNotExist when values.Count != 0:
                errors.Add(FieldError.Invalid(valuesPath, new GoStrings(values), "values set must be empty for exists and does not exist"));
                break;
            case SelectorOperator.GreaterThan or SelectorOperator.LessThan:
                if (values.Count != 1)
                {
                    errors.Add(FieldError.Invalid(valuesPath, new GoStrings(values), "for 'Gt', 'Lt' operators, exactly one value is required"));
                }
                for (var i = 0; i < values.Count; i++)
                {
                    if (!long.TryParse(values[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                    {
                        errors.Add(FieldError.Invalid($"{valuesPath}[{i}]", values[i], "for 'Gt', 'Lt' operators, the value must be an integer"));
                    }
                }
                break;
        }
        for (var i = 0; i < values.Count; i++)
        {
            var valueErrors = NameValidation.IsValidLabelValue(values[i]);
            if (valueErrors.Count > 0)
            {
                errors.Add(FieldError.Invalid($"{valuesPath}[{i}][{key}]", values[i], string.Join("; ", valueErrors)));
            }
        }
        return errors;
    }

    /// <summary>Whether a set of labels satisfies this clause.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var has = labels.TryGetValue(Key, out var value);
        switch (Operator)
        {
            case SelectorOperator.In or SelectorOperator.Equals or SelectorOperator.DoubleEquals:
                return has && Values.Contains(value!);
            case SelectorOperator.NotIn or SelectorOperator.NotEquals:
                return !has || !Values.Contains(value!);
            case SelectorOperator.Exists:
                return has;
            case SelectorOperator.DoesNotExist:
                return !has;
            case SelectorOperator.GreaterThan or SelectorOperator.LessThan:
                if (!has || Values.Count != 1
                    || !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var actual)
                    || !long.TryParse(Values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var bound))
                {
                    return false;
                }
                return Operator == SelectorOperator.GreaterThan ? actual > bound : actual < bound;
            default:
                return false;
        }
    }

    /// <summary>The string form: <c>a=b</c>, <c>a in (b,c)</c>, <c>!a</c>; several values print sorted.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        if (Operator == SelectorOperator.DoesNotExist)
        {
            sb.Append('!');
        }
        sb.Append(Key);
        var op = Operator switch
        {
            SelectorOperator.Equals => "=",
            SelectorOperator.DoubleEquals => "==",
            SelectorOperator.NotEquals => "!=",
            SelectorOperator.In => " in ",
            SelectorOperator.NotIn => " notin ",
            SelectorOperator.GreaterThan => ">",
            SelectorOperator.LessThan => "<",
            _ => null,
        };
        if (op is null)
        {
            return sb.ToString();
        }
        sb.Append(op);
        var set = Operator is SelectorOperator.In or SelectorOperator.NotIn;
        if (set)
        {
            sb.Append('(');
        }
        sb.Append(Values.Count == 1 ? Values[0] : string.Join(",", Values.Order(StringComparer.Ordinal)));
        if (set)
        {
            sb.Append(')');
        }
        return sb.ToString();
    }

    public bool Equals(LabelRequirement? other) =>
        other is not null && Key == other.Key && Operator == other.Operator && Values.SequenceEqual(other.Values);

    public override int GetHashCode() => HashCode.Combine(Key, Operator, Values.Count);

    /// <summary>Upstream's aggregate error text: one message alone, several in brackets.</summary>
    internal static string Aggregate(IReadOnlyList<FieldError> errors)
    {
        var messages = errors.Select(GoError).Distinct().ToList();
        return messages.Count == 1 ? messages[0] : "[" + string.Join(", ", messages) + "]";
    }

    /// <summary>A field error as Go prints it: the path is "&lt;nil&gt;" when there is none.</summary>
    internal static string GoError(FieldError e) => (e.Field.Length == 0 ? "<nil>" : e.Field) + ": " + e.CauseMessage;

    private static string Child(string? path, string name) => string.IsNullOrEmpty(path) ? name : path + "." + name;

    /// <summary>A list of strings printed the way Go's %#v prints a []string.</summary>
    private sealed class GoStrings(IReadOnlyList<string> values)
    {
        public override string ToString() =>
            values.Count == 0 ? "[]string(nil)" : "[]string{" + string.Join(", ", values.Select(v => System.Text.Json.JsonSerializer.Serialize(v))) + "}";
    }
}
