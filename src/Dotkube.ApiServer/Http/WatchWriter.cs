using System.Globalization;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.Machinery.Errors;
using Microsoft.AspNetCore.Http;

namespace Dotkube.ApiServer.Http;

/// <summary>
/// Encodes watch events as newline-delimited JSON WatchEvents. In Table mode the first event
/// carries the column definitions and later ones omit them, as upstream does.
/// </summary>
internal sealed class WatchWriter(HttpContext ctx, ResponseShape shape, ResourceDefinition def, string servedVersion, TimeProvider clock, string includeObject)
{
    private bool headersSent;

    public Task WriteAsync(string type, JsonObject obj, CancellationToken ct)
    {
        JsonNode payload = shape switch
        {
            ResponseShape.Table => Table(obj),
            ResponseShape.PartialObjectMetadata => TableConverter.PartialObjectMetadata(obj),
            _ => obj,
        };
        return WriteEventAsync(type, payload, ct);
    }

    private JsonObject Table(JsonObject obj)
    {
        var table = TableConverter.Convert(def.Strategy.Columns, [obj], includeObject, headersSent, clock.GetUtcNow(),
            ObjectJson.ResourceVersion(obj));
        headersSent = true;
        return table;
    }

    /// <summary>A BOOKMARK: only kind, apiVersion and the resourceVersion the watcher has seen up to.</summary>
    public Task WriteBookmarkAsync(long revision, bool initialEventsEnd, CancellationToken ct)
    {
        var meta = new JsonObject { ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture) };
        if (initialEventsEnd)
        {
            meta["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        }
        var (kind, apiVersion) = shape switch
        {
            ResponseShape.Table => ("Table", "meta.k8s.io/v1"),
            ResponseShape.PartialObjectMetadata => ("PartialObjectMetadata", "meta.k8s.io/v1"),
            _ => (def.Kind, def.GroupVersion(servedVersion)),
        };
        return WriteEventAsync("BOOKMARK", new JsonObject { ["kind"] = kind, ["apiVersion"] = apiVersion, ["metadata"] = meta }, ct);
    }

    public async Task WriteErrorAsync(StatusException e, CancellationToken ct)
    {
        await WriteEventAsync("ERROR", e.ToStatus(), ct);
        await ctx.Response.Body.FlushAsync(ct);
    }

    private async Task WriteEventAsync(string type, JsonNode obj, CancellationToken ct)
    {
        var ev = new JsonObject { ["type"] = type, ["object"] = obj.Parent is null ? obj : obj.DeepClone() };
        var bytes = ObjectJson.ToBytes(ev);
        await ctx.Response.Body.WriteAsync(bytes, ct);
        await ctx.Response.Body.WriteAsync("\n"u8.ToArray(), ct);
    }
}
