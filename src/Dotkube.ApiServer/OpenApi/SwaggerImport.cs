using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.OpenApi;

/// <summary>
/// Reads an extension API server's /openapi/v2 (swagger 2.0 JSON) into the model the writers
/// render, so its paths and definitions go out in both the JSON and the protobuf form. Only
/// paths under /apis/ are taken, as kube-aggregator keeps them; the keywords kept are those the
/// writers render (kubectl reads no others).
/// </summary>
internal static class SwaggerImport
{
    private const string DefinitionPrefix = "#/definitions/";

    public static List<ApiPath> Paths(JsonObject swagger)
    {
        var result = new List<ApiPath>();
        if (swagger["paths"] is not JsonObject paths)
        {
            return result;
        }
        foreach (var (path, node) in paths)
        {
            if (!path.StartsWith("/apis/", StringComparison.Ordinal) || node is not JsonObject item)
            {
                continue;
            }
            var apiPath = new ApiPath { Path = path, Parameters = Parameters(item["parameters"]) };
            foreach (var method in SwaggerJsonWriter.Methods)
            {
                if (item[method] is JsonObject operation)
                {
                    apiPath.Operations.Add(Operation(method, operation));
                }
            }
            result.Add(apiPath);
        }
        return result;
    }

    public static Dictionary<string, Schema> Definitions(JsonObject swagger)
    {
        var result = new Dictionary<string, Schema>(StringComparer.Ordinal);
        if (swagger["definitions"] is JsonObject definitions)
        {
            foreach (var (name, node) in definitions)
            {
                if (node is JsonObject schema)
                {
                    result[name] = CustomResourceSchemas.Convert(schema);
                }
            }
        }
        return result;
    }

    /// <summary>A "#/definitions/NAME" reference's NAME (the v3 form "#/components/schemas/NAME" too).</summary>
    public static string? RefName(JsonObject schema) =>
        schema["$ref"] is JsonValue value && value.TryGetValue<string>(out var text)
            ? text[(text.LastIndexOf('/') + 1)..]
            : null;

    private static ApiOperation Operation(string method, JsonObject operation)
    {
        var responses = new List<ApiResponse>();
        if (operation["responses"] is JsonObject codes)
        {
            foreach (var (code, node) in codes)
            {
                if (node is JsonObject response)
                {
                    responses.Add(new ApiResponse(code, Text(response, "description"),
                        response["schema"] is JsonObject schema ? CustomResourceSchemas.Convert(schema) : null));
                }
            }
        }
        GroupVersionKind? kind = operation["x-kubernetes-group-version-kind"] is JsonObject gvk
            ? new GroupVersionKind(Text(gvk, "group"), Text(gvk, "version"), Text(gvk, "kind"))
            : null;
        return new ApiOperation
        {
            Method = method,
            OperationId = Text(operation, "operationId"),
            Description = Text(operation, "description"),
            Tag = operation["tags"] is JsonArray { Count: > 0 } tags ? tags[0]?.GetValue<string>() ?? "" : "",
            Action = Text(operation, "x-kubernetes-action"),
            Kind = kind,
            Consumes = Strings(operation["consumes"]) ?? ["*/*"],
            Produces = Strings(operation["produces"]) ?? [],
            Parameters = Parameters(operation["parameters"]),
            Responses = responses,
        };
    }

    private static List<ApiParameter> Parameters(JsonNode? node)
    {
        var result = new List<ApiParameter>();
        if (node is not JsonArray parameters)
        {
            return result;
        }
        foreach (var p in parameters.OfType<JsonObject>())
        {
            result.Add(new ApiParameter(Text(p, "name"), Text(p, "in"), Text(p, "type"), Text(p, "description"),
                p["required"] is JsonValue required && required.TryGetValue<bool>(out var r) && r)
            {
                BodySchema = p["schema"] is JsonObject schema ? CustomResourceSchemas.Convert(schema) : null,
            });
        }
        return result;
    }

    private static List<string>? Strings(JsonNode? node) =>
        node is JsonArray values ? [.. values.Select(v => v?.GetValue<string>() ?? "")] : null;

    private static string Text(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";
}
