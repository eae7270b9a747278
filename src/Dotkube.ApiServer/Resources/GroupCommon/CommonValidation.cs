using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.GroupCommon;

/// <summary>Small upstream validators used across the API groups (apimachinery and core validation helpers).</summary>
public static class CommonValidation
{
    public const string ImmutableMessage = "field is immutable";

    /// <summary>ValidateNonnegativeField.</summary>
    public static void NonNegative(long value, string path, List<FieldError> errors)
    {
        if (value < 0)
        {
            errors.Add(FieldError.Invalid(path, value, "must be greater than or equal to 0"));
        }
    }

    /// <summary>ValidateNonnegativeField on an optional integer field of <paramref name="parent"/>.</summary>
    public static void NonNegative(JsonNode? parent, string key, string path, List<FieldError> errors)
    {
        if (parent.Int(key) is { } v)
        {
            NonNegative(v, FieldPath.Child(path, key), errors);
        }
    }

    /// <summary>
    /// ValidateImmutableField: an Invalid error carrying the new value when it differs from the old
    /// one by upstream's semantic equality (absent, null and empty collections are the same).
    /// </summary>
    public static void Immutable(JsonNode? newValue, JsonNode? oldValue, string path, object? badValue, List<FieldError> errors)
    {
        if (!SemanticEquals(newValue, oldValue))
        {
            errors.Add(FieldError.Invalid(path, badValue, ImmutableMessage));
        }
    }

    /// <summary>Immutable for a string field, showing the new string.</summary>
    public static void ImmutableString(JsonNode? newParent, JsonNode? oldParent, string key, string path, List<FieldError> errors) =>
        Immutable((newParent as JsonObject)?[key], (oldParent as JsonObject)?[key], path, newParent.Str(key) ?? "", errors);

    /// <summary>
    /// Go's semantic DeepEqual on decoded JSON: nil and empty slices and maps are equal, and an
    /// absent field equals a null one.
    /// </summary>
    public static bool SemanticEquals(JsonNode? a, JsonNode? b) => JsonNode.DeepEquals(Normalize(a), Normalize(b));

    private static JsonNode? Normalize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                var copy = new JsonObject();
                foreach (var (k, v) in o)
                {
                    var n = Normalize(v);
                    if (n is not null)
                    {
                        copy[k] = n;
                    }
                }
                return copy;
            case JsonArray a:
                if (a.Count == 0)
                {
                    return null;
                }
                var arr = new JsonArray();
                foreach (var item in a)
                {
                    arr.Add(Normalize(item) ?? JsonValue.Create((string?)null));
                }
                return arr;
            default:
                return node?.DeepClone();
        }
    }

    /// <summary>
    /// apimachinery IsDomainPrefixedPath, used for controller names such as
    /// <c>example.com/ingress-controller</c> and a Job's managedBy.
    /// </summary>
    public static void DomainPrefixedPath(string value, string path, List<FieldError> errors)
    {
        if (value.Length == 0)
        {
            errors.Add(FieldError.Required(path));
            return;
        }
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == value.Length - 1)
        {
            errors.Add(FieldError.Invalid(path, value, "must be a domain-prefixed path (such as \"acme.io/foo\")"));
            return;
        }
        var host = value[..slash];
        foreach (var msg in NameValidation.IsDns1123Subdomain(host))
        {
            errors.Add(FieldError.Invalid(path, host, msg));
        }
        var rest = value[(slash + 1)..];
        if (!rest.All(c => char.IsAsciiLetterOrDigit(c) || "/-._~%!$&'()*+,;=:".Contains(c)))
        {
            errors.Add(FieldError.Invalid(path, rest, NameValidation.RegexError("Invalid path", HttpPathFormat)));
        }
    }

    private const string HttpPathFormat = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";

    /// <summary>The values of a JSON string array, or none.</summary>
    public static IReadOnlyList<string> StringList(JsonNode? parent, string key) => parent.Arr(key).Strings().ToList();
}
