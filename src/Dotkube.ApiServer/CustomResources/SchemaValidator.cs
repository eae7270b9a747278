using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dotkube.ApiServer.FieldValidation;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.CustomResources;

/// <summary>
/// Validates a custom resource (or a part of it) against its structural schema as upstream's
/// OpenAPI validator does, in its order per node (type, composition, string, format, number,
/// array, enum, object) and with its wording turned into field errors:
/// <c>spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"</c>.
/// </summary>
public static class SchemaValidator
{
    public static List<FieldError> Validate(JsonNode? value, StructuralSchema schema, string path = "")
    {
        var errors = new List<FieldError>();
        Validate(value, schema, path, errors);
        return errors;
    }

    public static void Validate(JsonNode? value, StructuralSchema schema, string path, List<FieldError> errors)
    {
        if (JsonKinds.IsNull(value))
        {
            if (schema.Types.Count > 0 && !schema.Nullable)
            {
                errors.Add(TypeInvalid(path, "null", $"{Name(path)} in body must be of type {string.Join(",", schema.Types)}: \"null\""));
            }
            CheckEnum(value, schema, path, errors);
            return;
        }
        var actual = JsonKinds.TypeName(value);
        CheckType(value!, actual, schema, path, errors);
        CheckComposition(value, schema, path, errors);
        switch (value)
        {
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                CheckString(v.GetValue<string>(), schema, path, errors);
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                CheckNumber(v, schema, path, errors);
                break;
            case JsonArray a:
                CheckArray(a, schema, path, errors);
                break;
        }
        CheckEnum(value, schema, path, errors);
        if (value is JsonObject o)
        {
            CheckObject(o, schema, path, errors);
        }
    }

    private static void CheckType(JsonNode value, string actual, StructuralSchema schema, string path, List<FieldError> errors)
    {
        var types = schema.Types;
        if (types.Count == 0)
        {
            return;
        }
        var ok = types.Contains(actual)
            || (actual == "integer" && types.Contains("number"))
            || (actual == "number" && types.Contains("integer") && value is JsonValue v && IsWhole(JsonKinds.AsDouble(v)));
        if (!ok)
        {
            errors.Add(TypeInvalid(path, actual, $"{Name(path)} in body must be of type {string.Join(",", types)}: \"{actual}\""));
        }
    }

    private static bool IsWhole(double d) => !double.IsInfinity(d) && Math.Floor(d) == d;

    private static void CheckComposition(JsonNode? value, StructuralSchema schema, string path, List<FieldError> errors)
    {
        foreach (var s in schema.AllOf)
        {
            Validate(value, s, path, errors);
        }
        if (schema.AnyOf.Count > 0 && !schema.AnyOf.Any(s => Validate(value, s, path).Count == 0))
        {
            errors.Add(FieldError.Invalid(path, "", $"\"{Name(path)}\" must validate at least one schema (anyOf)"));
            // Upstream then reports the first branch's errors.
            errors.AddRange(Validate(value, schema.AnyOf[0], path));
        }
        if (schema.OneOf.Count > 0)
        {
            var passing = schema.OneOf.Count(s => Validate(value, s, path).Count == 0);
            if (passing != 1)
            {
                errors.Add(FieldError.Invalid(path, "", $"\"{Name(path)}\" must validate one and only one schema (oneOf)"));
            }
        }
        if (schema.Not is { } not && Validate(value, not, path).Count == 0)
        {
            errors.Add(FieldError.Invalid(path, "", $"\"{Name(path)}\" must not validate the schema (not)"));
        }
    }

    private static void CheckString(string s, StructuralSchema schema, string path, List<FieldError> errors)
    {
        // Lengths count characters (runes), as upstream's utf8.RuneCountInString.
        var length = s.EnumerateRunes().Count();
        if (schema.MaxLength is { } max && length > max)
        {
            errors.Add(FieldError.TooLong(path, "", (int)max));
        }
        if (schema.MinLength is { } min && length < min)
        {
            errors.Add(FieldError.Invalid(path, s, $"{Name(path)} in body should be at least {min} chars long"));
        }
        if (schema.PatternText is { } pattern)
        {
            bool matches;
            try
            {
                matches = schema.Pattern?.IsMatch(s) ?? false;
            }
            catch (RegexMatchTimeoutException)
            {
                matches = false;
            }
            if (!matches)
            {
                errors.Add(FieldError.Invalid(path, s, $"{Name(path)} in body should match '{pattern}'"));
            }
        }
        if (schema.Format is { Length: > 0 } format && schema.Types.Contains("string") && !StringFormats.IsValid(format, s))
        {
            errors.Add(TypeInvalid(path, s, $"{Name(path)} in body must be of type {format}: \"{s}\""));
        }
    }

    private static void CheckNumber(JsonValue v, StructuralSchema schema, string path, List<FieldError> errors)
    {
        var d = JsonKinds.AsDouble(v);
        var shown = JsonKinds.ErrorValue(v);
        if (schema.MultipleOf is { } factor && factor > 0 && !IsWhole(d / factor))
        {
            errors.Add(FieldError.Invalid(path, shown, $"{Name(path)} in body should be a multiple of {GoText.FormatFloat(factor)}"));
        }
        if (schema.Maximum is { } max && (schema.ExclusiveMaximum ? d >= max : d > max))
        {
            var op = schema.ExclusiveMaximum ? "less than" : "less than or equal to";
            errors.Add(FieldError.Invalid(path, shown, $"{Name(path)} in body should be {op} {GoText.FormatFloat(max)}"));
        }
        if (schema.Minimum is { } min && (schema.ExclusiveMinimum ? d <= min : d < min))
        {
            var op = schema.ExclusiveMinimum ? "greater than" : "greater than or equal to";
            errors.Add(FieldError.Invalid(path, shown, $"{Name(path)} in body should be {op} {GoText.FormatFloat(min)}"));
        }
    }

    private static void CheckArray(JsonArray a, StructuralSchema schema, string path, List<FieldError> errors)
    {
        if (schema.Items is { } items)
        {
            for (var i = 0; i < a.Count; i++)
            {
                Validate(a[i], items, $"{path}[{i}]", errors);
            }
        }
        if (schema.MinItems is { } min && a.Count < min)
        {
            errors.Add(FieldError.Invalid(path, a.Count, $"{Name(path)} in body should have at least {min} items"));
        }
        if (schema.MaxItems is { } max && a.Count > max)
        {
            errors.Add(FieldError.TooMany(path, a.Count, (int)max));
        }
        if (schema.UniqueItems && HasDuplicates(a))
        {
            errors.Add(FieldError.Invalid(path, JsonKinds.ErrorValue(a), $"{Name(path)} in body shouldn't contain duplicates"));
        }
    }

    private static bool HasDuplicates(JsonArray a)
    {
        for (var i = 0; i < a.Count; i++)
        {
            for (var j = i + 1; j < a.Count; j++)
            {
                if (JsonKinds.Equal(a[i], a[j]))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static void CheckEnum(JsonNode? value, StructuralSchema schema, string path, List<FieldError> errors)
    {
        if (schema.Enum is not { Count: > 0 } allowed || allowed.Any(e => JsonKinds.Equal(e, value)))
        {
            return;
        }
        var supported = allowed.Select(e => e is JsonValue ev && ev.GetValueKind() == JsonValueKind.String
            ? ev.GetValue<string>()
            : e is null ? "null" : Registry.ObjectJson.ToJsonString(e));
        errors.Add(FieldError.NotSupported(path, JsonKinds.ErrorValue(value), supported));
    }

    private static void CheckObject(JsonObject o, StructuralSchema schema, string path, List<FieldError> errors)
    {
        if (schema.MinProperties is { } min && o.Count < min)
        {
            errors.Add(FieldError.Invalid(path, o.Count, $"{Name(path)} in body should have at least {min} properties"));
        }
        if (schema.MaxProperties is { } max && o.Count > max)
        {
            errors.Add(FieldError.TooMany(path, o.Count, (int)max));
        }
        if (schema.AdditionalProperties is { } additional)
        {
            foreach (var (key, child) in o)
            {
                if (schema.Properties is null || !schema.Properties.ContainsKey(key))
                {
                    Validate(child, additional, Join(path, key), errors);
                }
            }
        }
        if (schema.Properties is { } properties)
        {
            foreach (var (name, propertySchema) in properties.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (o.TryGetPropertyValue(name, out var child))
                {
                    Validate(child, propertySchema, Join(path, name), errors);
                }
            }
        }
        foreach (var required in schema.Required)
        {
            if (!o.ContainsKey(required))
            {
                errors.Add(FieldError.Required(Join(path, required)));
            }
        }
    }

    internal static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    /// <summary>The name in upstream's messages: the path, or "." for the root.</summary>
    private static string Name(string path) => path.Length == 0 ? "." : path;

    private static FieldError TypeInvalid(string path, object? value, string detail) =>
        new(FieldErrorType.TypeInvalid, path, value, detail);

    internal static string Invariant(double d) => d.ToString(CultureInfo.InvariantCulture);
}
