using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Common;

/// <summary>
/// The small field checks upstream's validators repeat everywhere, phrased as upstream phrases them;
/// each appends to <paramref name="errors"/> and does nothing on success.
/// </summary>
public static class Validators
{
    public const string NegativeError = "must be greater than or equal to 0";

    public static void Dns1123Label(string value, string path, List<FieldError> errors) =>
        AddAll(NameValidation.IsDns1123Label(value), path, value, errors);

    public static void Dns1123Subdomain(string value, string path, List<FieldError> errors) =>
        AddAll(NameValidation.IsDns1123Subdomain(value), path, value, errors);

    public static void Dns1035Label(string value, string path, List<FieldError> errors) =>
        AddAll(NameValidation.IsDns1035Label(value), path, value, errors);

    public static void QualifiedName(string value, string path, List<FieldError> errors) =>
        AddAll(NameValidation.IsQualifiedName(value), path, value, errors);

    /// <summary>Names of referenced objects (secrets, config maps, claims): DNS-1123 subdomains, Required when empty.</summary>
    public static void RequiredSubdomain(string? value, string path, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(FieldError.Required(path));
            return;
        }
        Dns1123Subdomain(value, path, errors);
    }

    public static void NonNegative(long value, string path, List<FieldError> errors)
    {
        if (value < 0)
        {
            errors.Add(FieldError.Invalid(path, value, NegativeError));
        }
    }

    /// <summary>An int-or-string port: a number 1-65535 or an IANA service name.</summary>
    public static void PortNumOrName(System.Text.Json.Nodes.JsonNode? port, string path, List<FieldError> errors)
    {
        if (JsonFields.AsLong(port) is { } n)
        {
            foreach (var msg in NameValidation.IsValidPortNum(n is > int.MaxValue or < int.MinValue ? 0 : (int)n))
            {
                errors.Add(FieldError.Invalid(path, n, msg));
            }
        }
        else if (JsonFields.AsString(port) is { } s)
        {
            foreach (var msg in NameValidation.IsValidPortName(s))
            {
                errors.Add(FieldError.Invalid(path, s, msg));
            }
        }
        else
        {
            // An absent int-or-string is Go's zero value: the integer 0.
            foreach (var msg in NameValidation.IsValidPortNum(0))
            {
                errors.Add(FieldError.Invalid(path, 0L, msg));
            }
        }
    }

    /// <summary>A value that must be one of a fixed set: Required when empty, NotSupported (listing them in order) otherwise.</summary>
    public static void OneOf(string? value, string path, IReadOnlyList<string> supported, List<FieldError> errors, bool required = true)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                errors.Add(FieldError.Required(path));
            }
            return;
        }
        if (!supported.Contains(value))
        {
            errors.Add(FieldError.NotSupported(path, value, supported));
        }
    }

    /// <summary>Rejects changes to a field, with upstream's "field is immutable" wording.</summary>
    public static void Immutable(System.Text.Json.Nodes.JsonNode? newValue, System.Text.Json.Nodes.JsonNode? oldValue, string path, List<FieldError> errors)
    {
        if (!JsonFields.DeepEquals(newValue, oldValue))
        {
            errors.Add(FieldError.Invalid(path, GoDisplay(newValue), "field is immutable"));
        }
    }

    /// <summary>A JSON value as upstream would show it as a bad value (strings quoted, numbers bare, objects as JSON).</summary>
    public static object? GoDisplay(System.Text.Json.Nodes.JsonNode? node) => node switch
    {
        null => "null",
        System.Text.Json.Nodes.JsonValue v when JsonFields.AsString(v) is { } s => s,
        System.Text.Json.Nodes.JsonValue v when JsonFields.AsBool(v) is { } b => b,
        System.Text.Json.Nodes.JsonValue v when JsonFields.AsLong(v) is { } l => l,
        _ => new RawText(node.ToJsonString()),
    };

    private static void AddAll(IReadOnlyList<string> messages, string path, string value, List<FieldError> errors)
    {
        foreach (var msg in messages)
        {
            errors.Add(FieldError.Invalid(path, value, msg));
        }
    }

    private sealed class RawText(string text)
    {
        public override string ToString() => text;
    }
}
