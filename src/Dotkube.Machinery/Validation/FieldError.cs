using System.Text.Json;

namespace Dotkube.Machinery.Validation;

/// <summary>The kinds of field error Kubernetes reports; each maps to a cause reason and a message prefix.</summary>
public enum FieldErrorType
{
    NotFound,
    Required,
    Duplicate,
    Invalid,
    NotSupported,
    Forbidden,
    TooLong,
    TooMany,
    Internal,
    TypeInvalid,
}

/// <summary>
/// One validation failure at a field path (e.g. <c>spec.containers[0].image</c>). Its
/// <see cref="ToString"/> is the upstream wording, e.g.
/// <c>metadata.name: Invalid value: "Foo": a lowercase RFC 1123 subdomain must ...</c>.
/// </summary>
/// <param name="BadValue">the offending value, already a CLR value (string, long, bool, ...) or null when not shown.</param>
public sealed record FieldError(FieldErrorType Type, string Field, object? BadValue, string Detail)
{
    public static FieldError Required(string field, string detail = "") => new(FieldErrorType.Required, field, null, detail);
    public static FieldError Invalid(string field, object? value, string detail) => new(FieldErrorType.Invalid, field, value, detail);
    public static FieldError Duplicate(string field, object? value) => new(FieldErrorType.Duplicate, field, value, "");
    public static FieldError Forbidden(string field, string detail) => new(FieldErrorType.Forbidden, field, null, detail);
    public static FieldError NotFound(string field, object? value) => new(FieldErrorType.NotFound, field, value, "");
    public static FieldError TooLong(string field, object? value, int max) =>
        new(FieldErrorType.TooLong, field, value, $"may not be more than {max} bytes");
    public static FieldError TooMany(string field, int actual, int max) =>
        new(FieldErrorType.TooMany, field, actual, $"must have at most {max} items");

    public static FieldError NotSupported(string field, object? value, IEnumerable<string> supported) =>
        new(FieldErrorType.NotSupported, field, value,
            "supported values: " + string.Join(", ", supported.Select(s => "\"" + s + "\"")));

    /// <summary>The Status cause reason, as upstream (<c>FieldValueInvalid</c>, ...).</summary>
    public string Reason => Type switch
    {
        FieldErrorType.NotFound => "FieldValueNotFound",
        FieldErrorType.Required => "FieldValueRequired",
        FieldErrorType.Duplicate => "FieldValueDuplicate",
        FieldErrorType.Invalid => "FieldValueInvalid",
        FieldErrorType.NotSupported => "FieldValueNotSupported",
        FieldErrorType.Forbidden => "FieldValueForbidden",
        FieldErrorType.TooLong => "FieldValueTooLong",
        FieldErrorType.TooMany => "FieldValueTooMany",
        FieldErrorType.Internal => "InternalError",
        FieldErrorType.TypeInvalid => "FieldValueTypeInvalid",
        _ => "FieldValueInvalid",
    };

    private string TypeText => Type switch
    {
        FieldErrorType.NotFound => "Not found",
        FieldErrorType.Required => "Required value",
        FieldErrorType.Duplicate => "Duplicate value",
        FieldErrorType.Invalid => "Invalid value",
        FieldErrorType.NotSupported => "Unsupported value",
        FieldErrorType.Forbidden => "Forbidden",
        FieldErrorType.TooLong => "Too long",
        FieldErrorType.TooMany => "Too many",
        FieldErrorType.Internal => "Internal error",
        FieldErrorType.TypeInvalid => "Invalid value",
        _ => "Invalid value",
    };

    /// <summary>The message without the field path, as put in a Status cause.</summary>
    public string CauseMessage
    {
        get
        {
            // Upstream omits the value for Required, Forbidden, TooLong and Internal.
            var showValue = Type is FieldErrorType.NotFound or FieldErrorType.Duplicate or FieldErrorType.Invalid
                or FieldErrorType.NotSupported or FieldErrorType.TypeInvalid or FieldErrorType.TooMany;
            var text = TypeText;
            if (showValue && BadValue is not null)
            {
                text += ": " + FormatValue(BadValue);
            }
            if (Detail.Length > 0)
            {
                text += ": " + Detail;
            }
            return text;
        }
    }

    public override string ToString() => Field.Length > 0 ? $"{Field}: {CauseMessage}" : CauseMessage;

    private static string FormatValue(object value) => value switch
    {
        string s => JsonSerializer.Serialize(s, FormatOptions),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };

    private static readonly JsonSerializerOptions FormatOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

/// <summary>A growing list of field errors with path helpers, used by validators.</summary>
public sealed class FieldErrorList : List<FieldError>
{
}
