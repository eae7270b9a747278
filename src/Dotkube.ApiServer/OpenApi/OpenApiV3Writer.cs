using System.Buffers;
using System.Text.Json;

namespace Dotkube.ApiServer.OpenApi;

/// <summary>
/// One group version's OpenAPI 3.0 document (/openapi/v3/apis/apps/v1): its paths, and the schemas
/// they use under components.schemas. kubectl explain reads the schemas (finding the kind through
/// the operations' x-kubernetes-group-version-kind), and kubectl decides whether the server
/// validates fields by looking for the fieldValidation query parameter of the kind's patch operation.
/// </summary>
internal static class OpenApiV3Writer
{
    public static byte[] Write(ApiModel model, GroupVersionPaths groupVersion, OpenApiOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 18);
        using (var json = new Utf8JsonWriter(buffer, SwaggerJsonWriter.Options))
        {
            var schemas = new SchemaJsonWriter(v3: true);
            json.WriteStartObject();
            json.WriteString("openapi", "3.0.0");
            json.WriteStartObject("info");
            json.WriteString("title", "Kubernetes");
            json.WriteString("version", options.KubernetesVersion);
            json.WriteEndObject();
            json.WriteStartObject("paths");
            foreach (var path in groupVersion.Paths)
            {
                json.WriteStartObject(path.Path);
                foreach (var method in SwaggerJsonWriter.Methods)
                {
                    if (path.Operations.FirstOrDefault(o => o.Method == method) is { } operation)
                    {
                        json.WritePropertyName(method);
                        WriteOperation(json, schemas, operation);
                    }
                }
                json.WriteStartArray("parameters");
                foreach (var parameter in path.Parameters)
                {
                    WriteParameter(json, parameter);
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteStartObject("components");
            json.WriteStartObject("schemas");
            foreach (var (name, definition) in model.DefinitionsUsedBy(groupVersion.Paths, groupVersion))
            {
                json.WritePropertyName(name);
                schemas.Write(json, definition);
            }
            json.WriteEndObject();
            json.WriteStartObject("securitySchemes");
            json.WriteStartObject("BearerToken");
            json.WriteString("type", "apiKey");
            json.WriteString("description", "Bearer Token authentication");
            json.WriteString("name", "authorization");
            json.WriteString("in", "header");
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartArray("security");
            json.WriteStartObject();
            json.WriteStartArray("BearerToken");
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteOperation(Utf8JsonWriter json, SchemaJsonWriter schemas, ApiOperation operation)
    {
        json.WriteStartObject();
        SchemaJsonWriter.WriteStrings(json, "tags", [operation.Tag]);
        json.WriteString("description", operation.Description);
        json.WriteString("operationId", operation.OperationId);
        var query = operation.Parameters.Where(p => p.BodySchema is null).ToList();
        if (query.Count > 0)
        {
            json.WriteStartArray("parameters");
            foreach (var parameter in query)
            {
                WriteParameter(json, parameter);
            }
            json.WriteEndArray();
        }
        if (operation.Parameters.FirstOrDefault(p => p.BodySchema is not null) is { BodySchema: { } body } bodyParameter)
        {
            json.WriteStartObject("requestBody");
            WriteContent(json, schemas, operation.Consumes, body);
            if (bodyParameter.Required)
            {
                json.WriteBoolean("required", true);
            }
            json.WriteEndObject();
        }
        json.WriteStartObject("responses");
        foreach (var response in operation.Responses)
        {
            json.WriteStartObject(response.Code);
            json.WriteString("description", response.Description);
            if (response.Schema is { } schema)
            {
                WriteContent(json, schemas, operation.Produces, schema);
            }
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteString("x-kubernetes-action", operation.Action);
        if (operation.Kind is { } kind)
        {
            json.WritePropertyName("x-kubernetes-group-version-kind");
            ApiModel.KindNode(kind).WriteTo(json);
        }
        json.WriteEndObject();
    }

    private static void WriteContent(Utf8JsonWriter json, SchemaJsonWriter schemas, IReadOnlyList<string> mediaTypes, Schema schema)
    {
        json.WriteStartObject("content");
        foreach (var mediaType in mediaTypes)
        {
            json.WriteStartObject(mediaType);
            json.WritePropertyName("schema");
            schemas.Write(json, schema);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WriteParameter(Utf8JsonWriter json, ApiParameter parameter)
    {
        json.WriteStartObject();
        json.WriteString("name", parameter.Name);
        json.WriteString("in", parameter.In);
        json.WriteString("description", parameter.Description);
        if (parameter.Required)
        {
            json.WriteBoolean("required", true);
        }
        json.WriteStartObject("schema");
        json.WriteString("type", parameter.Type);
        json.WriteBoolean("uniqueItems", true);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
