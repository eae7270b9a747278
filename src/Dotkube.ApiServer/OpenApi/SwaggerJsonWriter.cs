using System.Buffers;
using System.Text.Json;

namespace Dotkube.ApiServer.OpenApi;

/// <summary>The /openapi/v2 document as swagger 2.0 JSON: every group version's paths and their definitions.</summary>
internal static class SwaggerJsonWriter
{
    /// <summary>Go's encoding/json escaping, as kube-openapi marshals the documents: &lt;, &gt; and &amp; in descriptions are \u003c etc.</summary>
    public static readonly JsonWriterOptions Options = new() { Encoder = Dotkube.Machinery.Serialization.GoJsonEncoder.Instance };

    /// <summary>Methods in the order swagger's path item lists them.</summary>
    public static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch"];

    public static byte[] Write(ApiModel model, OpenApiOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 20);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            var schemas = new SchemaJsonWriter(v3: false);
            var paths = model.V2Paths;
            json.WriteStartObject();
            json.WriteString("swagger", "2.0");
            json.WriteStartObject("info");
            json.WriteString("title", "Kubernetes");
            json.WriteString("version", options.KubernetesVersion);
            json.WriteEndObject();
            json.WriteStartObject("paths");
            foreach (var path in paths)
            {
                json.WriteStartObject(path.Path);
                foreach (var method in Methods)
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
                    WriteParameter(json, schemas, parameter);
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteStartObject("definitions");
            foreach (var (name, definition) in model.DefinitionsUsedBy(paths))
            {
                json.WritePropertyName(name);
                schemas.Write(json, definition);
            }
            json.WriteEndObject();
            json.WriteStartObject("securityDefinitions");
            json.WriteStartObject("BearerToken");
            json.WriteString("description", "Bearer Token authentication");
            json.WriteString("type", "apiKey");
            json.WriteString("name", "authorization");
            json.WriteString("in", "header");
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
        json.WriteString("description", operation.Description);
        SchemaJsonWriter.WriteStrings(json, "consumes", operation.Consumes);
        SchemaJsonWriter.WriteStrings(json, "produces", operation.Produces);
        SchemaJsonWriter.WriteStrings(json, "schemes", ["https"]);
        SchemaJsonWriter.WriteStrings(json, "tags", [operation.Tag]);
        json.WriteString("operationId", operation.OperationId);
        if (operation.Parameters.Count > 0)
        {
            json.WriteStartArray("parameters");
            foreach (var parameter in operation.Parameters)
            {
                WriteParameter(json, schemas, parameter);
            }
            json.WriteEndArray();
        }
        json.WriteStartObject("responses");
        foreach (var response in operation.Responses)
        {
            json.WriteStartObject(response.Code);
            json.WriteString("description", response.Description);
            if (response.Schema is { } schema)
            {
                json.WritePropertyName("schema");
                schemas.Write(json, schema);
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

    private static void WriteParameter(Utf8JsonWriter json, SchemaJsonWriter schemas, ApiParameter parameter)
    {
        json.WriteStartObject();
        json.WriteString("name", parameter.Name);
        json.WriteString("in", parameter.In);
        if (parameter.Required)
        {
            json.WriteBoolean("required", true);
        }
        if (parameter.BodySchema is { } body)
        {
            json.WritePropertyName("schema");
            schemas.Write(json, body);
        }
        else
        {
            json.WriteString("description", parameter.Description);
            json.WriteString("type", parameter.Type);
            json.WriteBoolean("uniqueItems", true);
        }
        json.WriteEndObject();
    }
}
