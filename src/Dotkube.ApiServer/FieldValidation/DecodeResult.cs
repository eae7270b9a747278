using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.FieldValidation;

/// <summary>What decoding a JSON value into a typed schema found.</summary>
internal sealed class DecodeResult(IReadOnlyList<string> strictErrors, string? error, IReadOnlyList<(JsonObject Object, string Key)> unknownFields,
    IReadOnlyList<(JsonNode Node, string Value)>? timeRewrites = null)
{
    /// <summary>
    /// Unknown and duplicate fields as upstream words them (<c>unknown field "spec.foo"</c>), in the
    /// order upstream reports them; empty when strict checks were off.
    /// </summary>
    public IReadOnlyList<string> StrictErrors => strictErrors;

    /// <summary>
    /// The error that makes the value undecodable whatever the directive (a wrong JSON type, a
    /// malformed quantity...), in upstream's wording; null when it decodes.
    /// </summary>
    public string? Error => error;

    /// <summary>How many fields the schema does not know (found even when strict checks are off).</summary>
    public int UnknownFieldCount => unknownFields.Count;

    /// <summary>
    /// Makes the JSON what upstream stores after decoding it into the Go struct and encoding that
    /// again: unknown fields gone, and metav1.Time values in UTC whole seconds (MicroTime values
    /// in UTC with six fractional digits).
    /// </summary>
    public void ApplyToJson()
    {
        DropUnknownFields();
        foreach (var (node, value) in timeRewrites ?? [])
        {
            if (node.Parent is not null)
            {
                node.ReplaceWith(value);
            }
        }
    }

    /// <summary>Removes the unknown fields from the JSON, as decoding into the Go struct loses them.</summary>
    public void DropUnknownFields()
    {
        foreach (var (obj, key) in unknownFields)
        {
            obj.Remove(key);
        }
    }
}
