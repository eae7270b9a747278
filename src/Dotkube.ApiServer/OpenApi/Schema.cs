using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.OpenApi;

/// <summary>
/// One schema, neutral between OpenAPI v2 and v3; the writers render the differences (reference
/// prefixes, allOf around references with siblings in v3, oneOf for Quantity and IntOrString).
/// Built once and then only read, so it can be shared across documents and threads.
/// </summary>
internal sealed record Schema
{
    /// <summary>Definition name this schema refers to (without "#/definitions/").</summary>
    public string? Ref { get; init; }

    public string? Type { get; init; }

    public string? Format { get; init; }

    public string? Description { get; init; }

    /// <summary>Properties in the order they are written (sorted by name, as upstream's JSON is).</summary>
    public IReadOnlyList<KeyValuePair<string, Schema>>? Properties { get; init; }

    public IReadOnlyList<string>? Required { get; init; }

    public Schema? Items { get; init; }

    public Schema? AdditionalProperties { get; init; }

    /// <summary>v3 only: alternatives that replace Type (Quantity: string or number).</summary>
    public IReadOnlyList<string>? OneOfTypes { get; init; }

    public IReadOnlyList<JsonNode?>? Enum { get; init; }

    /// <summary>Vendor extensions (x-kubernetes-…), in the order they are written.</summary>
    public IReadOnlyList<KeyValuePair<string, JsonNode>> Extensions { get; init; } = [];

    /// <summary>Every definition name this schema refers to, directly or through nested schemas.</summary>
    public void CollectRefs(ICollection<string> into)
    {
        if (Ref is not null)
        {
            into.Add(Ref);
        }
        Items?.CollectRefs(into);
        AdditionalProperties?.CollectRefs(into);
        if (Properties is not null)
        {
            foreach (var (_, property) in Properties)
            {
                property.CollectRefs(into);
            }
        }
    }
}
