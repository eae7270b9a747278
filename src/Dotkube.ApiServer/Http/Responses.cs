using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.Machinery.Errors;
using Microsoft.AspNetCore.Http;

namespace Dotkube.ApiServer.Http;

/// <summary>Writes API responses: objects, lists and Status errors, in the negotiated shape.</summary>
public static class Responses
{
    public static async Task WriteJsonAsync(HttpContext ctx, int statusCode, JsonNode body)
    {
        ctx.Response.StatusCode = statusCode;
        ctx.Response.ContentType = MediaTypes.Json;
        var bytes = IsPrettyPrint(ctx.Request) ? ObjectJson.ToIndentedBytes(body) : ObjectJson.ToBytes(body);
        ctx.Response.ContentLength = bytes.Length;
        await ctx.Response.Body.WriteAsync(bytes, ctx.RequestAborted);
    }

    public static async Task WriteYamlAsync(HttpContext ctx, int statusCode, JsonNode body)
    {
        ctx.Response.StatusCode = statusCode;
        ctx.Response.ContentType = MediaTypes.Yaml;
        var bytes = System.Text.Encoding.UTF8.GetBytes(Machinery.Serialization.YamlJson.ToYaml(body));
        ctx.Response.ContentLength = bytes.Length;
        await ctx.Response.Body.WriteAsync(bytes, ctx.RequestAborted);
    }

    /// <summary>An object (with apiVersion and kind) in Kubernetes protobuf: magic, envelope, typed message.</summary>
    public static async Task WriteProtobufAsync(HttpContext ctx, int statusCode, JsonObject obj)
    {
        var bytes = Machinery.Protobuf.KubeProtobuf.EncodeObject(obj);
        ctx.Response.StatusCode = statusCode;
        ctx.Response.ContentType = MediaTypes.Protobuf;
        ctx.Response.ContentLength = bytes.Length;
        await ctx.Response.Body.WriteAsync(bytes, ctx.RequestAborted);
    }

    public static Task WriteStatusAsync(HttpContext ctx, StatusException e)
    {
        if (e.RetryAfterSeconds is { } retry)
        {
            ctx.Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return WriteJsonAsync(ctx, e.Code, e.ToStatus());
    }

    /// <summary>A success Status, as some deletes return.</summary>
    public static JsonObject SuccessStatus(JsonObject? details = null)
    {
        var s = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
        };
        if (details is not null)
        {
            s["details"] = details;
        }
        return s;
    }

    /// <summary>Writes one object in the negotiated shape (Table for kubectl get, plain JSON otherwise).</summary>
    public static Task WriteObjectAsync(HttpContext ctx, int statusCode, JsonObject obj, ResponseShape shape, ResourceDefinition def, DateTimeOffset now)
    {
        switch (shape)
        {
            case ResponseShape.Table:
                var table = TableConverter.Convert(def.Strategy.Columns, [obj], Query(ctx, "includeObject"), false, now,
                    ObjectJson.ResourceVersion(obj));
                return WriteJsonAsync(ctx, statusCode, table);
            case ResponseShape.PartialObjectMetadata:
                return WriteJsonAsync(ctx, statusCode, TableConverter.PartialObjectMetadata(obj));
            case ResponseShape.Yaml:
                return WriteYamlAsync(ctx, statusCode, obj);
            case ResponseShape.Protobuf:
                return WriteProtobufAsync(ctx, statusCode, obj);
            default:
                return WriteJsonAsync(ctx, statusCode, obj);
        }
    }

    /// <summary>
    /// Upstream indents JSON for <c>?pretty=</c> (Go's ParseBool) and, when it is absent, for
    /// user agents that are people: curl, Wget and browsers (what the course's <c>curl -k</c> shows).
    /// </summary>
    public static bool IsPrettyPrint(HttpRequest request)
    {
        var pretty = request.Query["pretty"].ToString();
        if (pretty.Length > 0)
        {
            return pretty is "1" or "t" or "T" or "true" or "TRUE" or "True";
        }
        var agent = request.Headers.UserAgent.ToString();
        return agent.StartsWith("curl", StringComparison.Ordinal) || agent.StartsWith("Wget", StringComparison.Ordinal)
            || agent.StartsWith("Mozilla/5.0", StringComparison.Ordinal);
    }

    public static string Query(HttpContext ctx, string name) => ctx.Request.Query[name].ToString();
}
