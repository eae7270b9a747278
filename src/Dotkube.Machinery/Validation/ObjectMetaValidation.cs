using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dotkube.Machinery.Validation;

/// <summary>Label and annotation checks shared by every object's metadata validation.</summary>
public static class ObjectMetaValidation
{
    /// <summary>The total size of all annotation keys and values (upstream TotalAnnotationSizeLimitB).</summary>
    public const int TotalAnnotationSizeLimitBytes = 256 * 1024;

    /// <summary>Each key must be a qualified name and each value a valid label value; errors name <paramref name="path"/>.</summary>
    public static void ValidateLabels(JsonObject? labels, string path, List<FieldError> errors)
    {
        if (labels is null)
        {
            return;
        }
        foreach (var (key, node) in labels)
        {
            foreach (var msg in NameValidation.IsQualifiedName(key))
            {
                errors.Add(FieldError.Invalid(path, key, msg));
            }
            var value = StringValue(node);
            foreach (var msg in NameValidation.IsValidLabelValue(value))
            {
                errors.Add(FieldError.Invalid(path, value, msg));
            }
        }
    }

    /// <summary>Keys are qualified names compared case-insensitively; keys and values together at most 256 KiB.</summary>
    public static void ValidateAnnotations(JsonObject? annotations, string path, List<FieldError> errors)
    {
        if (annotations is null)
        {
            return;
        }
        long total = 0;
        foreach (var (key, node) in annotations)
        {
            // Upstream lowercases the key first: case does not matter in annotation keys.
            foreach (var msg in NameValidation.IsQualifiedName(key.ToLowerInvariant()))
            {
                errors.Add(FieldError.Invalid(path, key, msg));
            }
            total += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(StringValue(node));
        }
        if (total > TotalAnnotationSizeLimitBytes)
        {
            errors.Add(FieldError.TooLong(path, null, TotalAnnotationSizeLimitBytes));
        }
    }

    /// <summary>Label and annotation values are strings; anything else is shown as its JSON text.</summary>
    private static string StringValue(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node?.ToJsonString() ?? "";
}
