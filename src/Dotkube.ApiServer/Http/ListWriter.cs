using System.Text.Json;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Microsoft.AspNetCore.Http;

namespace Dotkube.ApiServer.Http;

/// <summary>
/// Streams a list document (<c>{"kind":..., "metadata":..., "items":[...]}</c>) item by item, so a
/// list of 10,000 objects is never held as one buffer; flushes every few hundred kilobytes.
/// </summary>
public static class ListWriter
{
    private const int FlushBytes = 256 * 1024;

    /// <param name="header">the document's top-level fields other than the array, in order.</param>
    /// <param name="arrayName">"items" for lists, "rows" for Tables.</param>
    /// <param name="trailer">fields written after the array (none for lists).</param>
    public static async Task WriteAsync(
        HttpContext ctx,
        int statusCode,
        JsonObject header,
        string arrayName,
        IEnumerable<JsonNode> elements,
        string contentType = MediaTypes.Json,
        IReadOnlySet<string>? omitTopLevel = null)
    {
        ctx.Response.StatusCode = statusCode;
        ctx.Response.ContentType = contentType;
        var body = ctx.Response.BodyWriter;
        var options = contentType == MediaTypes.Json && Responses.IsPrettyPrint(ctx.Request)
            ? ObjectJson.IndentedStreamWriterOptions : ObjectJson.StreamWriterOptions;
        await using var writer = new Utf8JsonWriter(body, options);
        writer.WriteStartObject();
        foreach (var (name, value) in header)
        {
            writer.WritePropertyName(name);
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                value.WriteTo(writer);
            }
        }
        writer.WriteStartArray(arrayName);
        foreach (var e in elements)
        {
            if (omitTopLevel is not null && e is JsonObject obj)
            {
                WriteOmitting(writer, obj, omitTopLevel);
            }
            else
            {
                e.WriteTo(writer);
            }
            if (writer.BytesPending > FlushBytes)
            {
                await writer.FlushAsync(ctx.RequestAborted);
            }
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(ctx.RequestAborted);
    }

    /// <summary>Writes an object without some of its top-level properties, leaving the object itself alone (it may be shared).</summary>
    private static void WriteOmitting(Utf8JsonWriter writer, JsonObject obj, IReadOnlySet<string> omit)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in obj)
        {
            if (omit.Contains(name))
            {
                continue;
            }
            writer.WritePropertyName(name);
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                value.WriteTo(writer);
            }
        }
        writer.WriteEndObject();
    }
}
