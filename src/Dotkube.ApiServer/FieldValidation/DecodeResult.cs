using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.FieldValidation;

/// <summary>What decoding a JSON value into a typed schema found.</summary>
internal sealed class DecodeResult(IReadOnlyList<string> strictErrors, string? error, IReadOnlyList<(JsonObject Object, string Key)> unknownFields)
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

    /// <summary>Removes the unknown fields from the JSON, as decoding into the Go struct loses them.</summary>
    public void DropUnknownFields()
    {
        foreach (var (obj, key) in unknownFields)
        {
            obj.Remove(key);
        }
    }
}
