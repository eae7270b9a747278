using System.Globalization;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Routing;
using Dotkube.ApiServer.Registry;
using Dotkube.Machinery.Errors;
using Dotkube.Storage;
using Microsoft.AspNetCore.Http;

namespace Dotkube.ApiServer.Http;

public sealed partial class ApiHandler
{
    private async Task GetAsync(HttpContext ctx, RequestInfo info, ResourceDefinition def, string ns)
    {
        var shape = NegotiateRead(ctx, def, info.Version);
        var obj = await StoreFor(def).GetAsync(ns, info.Name, ctx.Request.Query["resourceVersion"].ToString(), ctx.RequestAborted);
        await Responses.WriteObjectAsync(ctx, 200, Served(obj, def, info), shape, def, clock.GetUtcNow());
    }

    private async Task ListAsync(HttpContext ctx, RequestInfo info, ResourceDefinition def, string ns)
    {
        var shape = NegotiateRead(ctx, def, info.Version);
        var q = ctx.Request.Query;
        var filter = ObjectFilter.Build(def, q["labelSelector"].ToString(), q["fieldSelector"].ToString(), ns);
        var limit = ParseLimit(q["limit"].ToString());
        var cont = q["continue"].ToString();
        var rv = q["resourceVersion"].ToString();
        var rvMatch = q["resourceVersionMatch"].ToString();
        var revision = await ListRevisionAsync(rv, rvMatch, cont, ctx.RequestAborted);
        var store = StoreFor(def);
        ListPage page;
        try
        {
            var query = new ListQuery(filter.IsEverything ? null : filter.Matches, limit, cont.Length > 0 ? cont : null, revision,
                MinRevision: rvMatch != "Exact" && rv is { Length: > 0 } and not "0" ? long.Parse(rv, CultureInfo.InvariantCulture) : 0,
                AnyRevision: rv == "0" && cont.Length == 0);
            page = await store.ListSharedAsync(ns, query, ctx.RequestAborted);
        }
        catch (CompactedException e)
        {
            throw StatusException.Gone($"The resourceVersion for the provided list is too old. (requested {e.Requested}, compacted {e.Compacted})");
        }
        catch (FutureRevisionException e)
        {
            throw StatusException.Timeout($"Too large resource version: {e.Requested}, current: {e.Current}", 1);
        }
        var rvText = page.ResourceVersion.ToString(CultureInfo.InvariantCulture);
        // The watch cache's objects are shared: convert a copy when the served version differs from storage's.
        var items = page.Items.Select(o => Served(page.Shared && !VersionBridge.IsServedAsStored(o, def, info.Version) ? (JsonObject)o.DeepClone() : o, def, info)).ToList();
        if (page.Shared && shape is ResponseShape.Yaml or ResponseShape.Protobuf)
        {
            // These shapes build one document and strip type fields in place: they take copies.
            items = [.. items.Select(o => (JsonObject)o.DeepClone())];
        }
        switch (shape)
        {
            case ResponseShape.Table:
                {
                    var now = clock.GetUtcNow();
                    var includeObject = q["includeObject"].ToString();
                    var tableHeader = TableConverter.Convert(def.Strategy.Columns, [], includeObject, false, now, rvText, page.Continue, page.RemainingItemCount);
                    tableHeader.Remove("rows");
                    await ListWriter.WriteAsync(ctx, 200, tableHeader, "rows", TableConverter.Rows(def.Strategy.Columns, items, includeObject, now));
                    return;
                }
            case ResponseShape.PartialObjectMetadata:
                await Responses.WriteJsonAsync(ctx, 200, ListDocument("PartialObjectMetadataList", "meta.k8s.io/v1",
                    items.Select(TableConverter.PartialObjectMetadata), rvText, page));
                return;
            case ResponseShape.Yaml:
                await Responses.WriteYamlAsync(ctx, 200,
                    ListDocument(def.ListKind, def.GroupVersion(info.Version), items.Select(StripTypeMeta(def)), rvText, page));
                return;
            case ResponseShape.Protobuf:
                await Responses.WriteProtobufAsync(ctx, 200,
                    ListDocument(def.ListKind, def.GroupVersion(info.Version), items.Select(StripTypeMeta(def)), rvText, page));
                return;
            default:
                var header = ListDocument(def.ListKind, def.GroupVersion(info.Version), [], rvText, page);
                header.Remove("items");
                if (page.Shared)
                {
                    // Shared objects are written as they are, leaving out the type fields rather than removing them.
                    var omit = def.Strategy is CustomResources.CustomResourceStrategy ? null : TypeMetaFields;
                    await ListWriter.WriteAsync(ctx, 200, header, "items", items, omitTopLevel: omit);
                    return;
                }
                await ListWriter.WriteAsync(ctx, 200, header, "items", items.Select(StripTypeMeta(def)));
                return;
        }
    }

    private static readonly HashSet<string> TypeMetaFields = ["apiVersion", "kind"];

    /// <summary>Built-in lists carry no apiVersion/kind on their items, as upstream's typed lists; custom resource lists do.</summary>
    private static Func<JsonObject, JsonObject> StripTypeMeta(ResourceDefinition def) => o =>
    {
        if (def.Strategy is CustomResources.CustomResourceStrategy)
        {
            return o;
        }
        o.Remove("apiVersion");
        o.Remove("kind");
        return o;
    };

    private static JsonObject ListDocument(string kind, string apiVersion, IEnumerable<JsonObject> items, string rv, ListPage page)
    {
        var metadata = new JsonObject { ["resourceVersion"] = rv };
        if (page.Continue is not null)
        {
            metadata["continue"] = page.Continue;
        }
        if (page.RemainingItemCount is { } remaining)
        {
            metadata["remainingItemCount"] = remaining;
        }
        var array = new JsonArray();
        foreach (var i in items)
        {
            array.Add(i);
        }
        return new JsonObject
        {
            ["kind"] = kind,
            ["apiVersion"] = apiVersion,
            ["metadata"] = metadata,
            ["items"] = array,
        };
    }

    internal static int ParseLimit(string limit)
    {
        if (limit.Length == 0)
        {
            return 0;
        }
        if (!long.TryParse(limit, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
        {
            throw StatusException.BadRequest($"invalid limit: \"{limit}\"");
        }
        return n <= 0 ? 0 : (int)Math.Min(n, int.MaxValue);
    }

    /// <summary>
    /// The store revision to list at: resourceVersion "" is the latest, "0" any (the latest here),
    /// and N with resourceVersionMatch=Exact that exact revision; NotOlderThan (the default for a
    /// set resourceVersion) waits briefly for the store to catch up, then answers 504.
    /// </summary>
    private async Task<long> ListRevisionAsync(string rv, string rvMatch, string cont, CancellationToken ct)
    {
        if (cont.Length > 0)
        {
            if (rv.Length > 0 && rv != "0")
            {
                throw StatusException.BadRequest("specifying resource version is not allowed when using continue");
            }
            return 0;
        }
        if (rvMatch.Length > 0 && rvMatch is not ("Exact" or "NotOlderThan"))
        {
            throw Invalid("resourceVersionMatch", rvMatch, $"supported values: \"Exact\", \"NotOlderThan\", \"\"");
        }
        if (rv.Length == 0)
        {
            if (rvMatch.Length > 0)
            {
                throw StatusException.BadRequest("resourceVersionMatch is forbidden unless resourceVersion is provided");
            }
            return 0;
        }
        if (!long.TryParse(rv, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            throw StatusException.BadRequest($"invalid resource version: \"{rv}\"");
        }
        if (rvMatch == "Exact")
        {
            if (n == 0)
            {
                throw StatusException.BadRequest("resourceVersionMatch \"Exact\" is forbidden for resourceVersion \"0\"");
            }
            await WaitForRevisionAsync(n, ct);
            return n;
        }
        await WaitForRevisionAsync(n, ct);
        return 0;
    }

    /// <summary>Upstream waits up to 3 s for a resourceVersion from the future before giving up.</summary>
    private async Task WaitForRevisionAsync(long revision, CancellationToken ct)
    {
        var deadline = clock.GetUtcNow() + TimeSpan.FromSeconds(3);
        while (store.CurrentRevision < revision)
        {
            if (clock.GetUtcNow() >= deadline)
            {
                throw StatusException.Timeout($"Too large resource version: {revision}, current: {store.CurrentRevision}", 1);
            }
            await Task.Delay(50, ct);
        }
    }

    private static StatusException Invalid(string field, string value, string detail) =>
        new(422, "Invalid", $"{field}: Unsupported value: \"{value}\": {detail}");
}
