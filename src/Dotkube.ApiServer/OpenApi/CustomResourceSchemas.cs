using System.Text.Json.Nodes;
using k8s.Models;

namespace Dotkube.ApiServer.OpenApi;

/// <summary>
/// Definitions of kinds that have no KubernetesClient model (custom resources): named as upstream
/// names them (the group reversed: stable.example.com → com.example.stable.v1.CronTab), their
/// schema taken from the CRD's openAPIV3Schema, with the standard apiVersion, kind and metadata.
/// </summary>
internal static class CustomResourceSchemas
{
    private static readonly Lazy<Dictionary<string, Schema>> ObjectFields = new(() => StandardFields(typeof(V1ConfigMap)));
    private static readonly Lazy<Dictionary<string, Schema>> ListFields = new(() => StandardFields(typeof(V1ConfigMapList)));

    public static string DefinitionName(string group, string version, string kind) =>
        $"{string.Join('.', group.Split('.').Reverse())}.{version}.{kind}";

    /// <summary>The kind's definition from its openAPIV3Schema, or an object keeping unknown fields when there is none.</summary>
    public static Schema Kind(JsonObject? openApiV3Schema)
    {
        var converted = openApiV3Schema is null
            ? new Schema { Type = "object", Extensions = [new("x-kubernetes-preserve-unknown-fields", JsonValue.Create(true))] }
            : Convert(openApiV3Schema);
        var properties = (converted.Properties ?? []).Where(p => p.Key is not ("apiVersion" or "kind" or "metadata")).ToList();
        properties.Add(new("apiVersion", ObjectFields.Value["apiVersion"]));
        properties.Add(new("kind", ObjectFields.Value["kind"]));
        properties.Add(new("metadata", ObjectFields.Value["metadata"]));
        properties.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return converted with { Type = "object", Properties = properties };
    }

    /// <summary>A list kind whose items are the given definition.</summary>
    public static Schema List(string kind, string itemDefinition) => new()
    {
        Type = "object",
        Description = $"{kind}List is a list of {kind}",
        Properties =
        [
            new("apiVersion", ListFields.Value["apiVersion"]),
            new("items", new Schema { Type = "array", Description = $"List of {kind.ToLowerInvariant()}s.", Items = new Schema { Ref = itemDefinition } }),
            new("kind", ListFields.Value["kind"]),
            new("metadata", ListFields.Value["metadata"]),
        ],
        Required = ["items"],
    };

    /// <summary>A JSONSchemaProps object as a schema: the keywords clients read, and x-kubernetes-* extensions.</summary>
    internal static Schema Convert(JsonObject props)
    {
        var properties = props["properties"] is JsonObject fields
            ? fields.Where(f => f.Value is JsonObject).Select(f => new KeyValuePair<string, Schema>(f.Key, Convert((JsonObject)f.Value!)))
                .OrderBy(f => f.Key, StringComparer.Ordinal).ToList()
            : null;
        var items = props["items"] switch
        {
            JsonObject single => Convert(single),
            JsonArray { Count: > 0 } many when many[0] is JsonObject first => Convert(first),
            _ => null,
        };
        var additional = props["additionalProperties"] switch
        {
            JsonObject schema => Convert(schema),
            JsonValue value when value.TryGetValue<bool>(out var allowed) && allowed => new Schema(),
            _ => null,
        };
        var extensions = props.Where(p => p.Key.StartsWith("x-kubernetes-", StringComparison.Ordinal) && p.Value is not null)
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new KeyValuePair<string, JsonNode>(p.Key, p.Value!.DeepClone()))
            .ToList();
        return new Schema
        {
            // Only imported swagger has references; CRD schemas may not use $ref.
            Ref = SwaggerImport.RefName(props),
            Type = Text(props, "type"),
            Format = Text(props, "format"),
            Description = Text(props, "description"),
            Properties = properties,
            Items = items,
            AdditionalProperties = additional,
            Required = props["required"] is JsonArray required ? [.. required.Select(r => r?.GetValue<string>() ?? "")] : null,
            Enum = props["enum"] is JsonArray values ? [.. values.Select(v => v?.DeepClone())] : null,
            Extensions = extensions,
        };
    }

    private static string? Text(JsonObject props, string name) =>
        props[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static Dictionary<string, Schema> StandardFields(Type model) =>
        ModelSchemas.Definition(model).Properties!.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
