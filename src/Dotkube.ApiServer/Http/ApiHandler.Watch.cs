using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Dotkube.ApiServer.Routing;
using Dotkube.ApiServer.Registry;
using Dotkube.Machinery.Errors;
using Dotkube.Storage;
using Microsoft.AspNetCore.Http;

namespace Dotkube.ApiServer.Http;

public sealed partial class ApiHandler
{
    /// <summary>How often an idle watch that allows bookmarks gets one (upstream: about a minute).</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Cancelled when the server begins to shut down; ends open watches.</summary>
    public CancellationToken ShuttingDown { get; set; }

    private async Task WatchAsync(HttpContext ctx, RequestInfo info, ResourceDefinition def, string ns)
    {
        var shape = Negotiate(ctx);
        var q = ctx.Request.Query;
        var fieldSelector = q["fieldSelector"].ToString();
        if (info.Name.Length > 0)
        {
            // /watch/namespaces/ns/pods/NAME watches one object.
            fieldSelector = fieldSelector.Length > 0 ? $"{fieldSelector},metadata.name={info.Name}" : $"metadata.name={info.Name}";
        }
        var filter = ObjectFilter.Build(def, q["labelSelector"].ToString(), fieldSelector, ns);
        var rv = q["resourceVersion"].ToString();
        var rvMatch = q["resourceVersionMatch"].ToString();
        var sendInitialParam = q["sendInitialEvents"].ToString();
        bool? sendInitialEvents = sendInitialParam.Length == 0 ? null : IsTrue(sendInitialParam);
        var bookmarks = IsTrue(q["allowWatchBookmarks"].ToString());
        var timeout = WatchTimeout(q["timeoutSeconds"].ToString());

        long startRevision = 0;
        if (rv.Length > 0 && !long.TryParse(rv, NumberStyles.None, CultureInfo.InvariantCulture, out startRevision))
        {
            throw StatusException.BadRequest($"invalid resource version: \"{rv}\"");
        }
        if (sendInitialEvents is not null)
        {
            if (rvMatch != "NotOlderThan")
            {
                throw new StatusException(422, "Invalid",
                    $"resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan");
            }
            if (sendInitialEvents == true && !bookmarks)
            {
                throw new StatusException(422, "Invalid",
                    "allowWatchBookmarks: Required value: sendInitialEvents requires setting allowWatchBookmarks to true");
            }
        }
        else if (rvMatch.Length > 0)
        {
            throw new StatusException(422, "Invalid", "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided");
        }
        // "" and "0" start with the current state as ADDED events; so does sendInitialEvents=true.
        var initial = sendInitialEvents ?? (startRevision == 0);
        if (startRevision > 0)
        {
            await WaitForRevisionAsync(startRevision, ctx.RequestAborted);
        }

        // A watch also ends when the server shuts down, so a stop does not wait out every watcher.
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, ShuttingDown);
        cts.CancelAfter(timeout);
        var ct = cts.Token;
        // Writes are cancelled only by the client going away: cancelling a write midway on a
        // timeout would cut a chunk in half and the client would see a broken stream.
        var writeCt = ctx.RequestAborted;
        var store = StoreFor(def);
        var served = (JsonObject o) => Served(o, def, info);

        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = MediaTypes.Json;
        var writer = new WatchWriter(ctx, shape, def, info.Version, clock, q["includeObject"].ToString());

        long after = startRevision;
        if (initial)
        {
            ListPage page;
            try
            {
                page = await store.ListAsync(ns, new ListQuery(filter.Matches), ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            foreach (var obj in page.Items)
            {
                await writer.WriteAsync("ADDED", served(obj), writeCt);
            }
            after = page.ResourceVersion;
            if (sendInitialEvents == true)
            {
                await writer.WriteBookmarkAsync(after, initialEventsEnd: true, writeCt);
            }
        }
        await ctx.Response.Body.FlushAsync(writeCt);

        var events = Channel.CreateBounded<ObjectEvent>(new BoundedChannelOptions(1024) { SingleReader = true, SingleWriter = true });
        var producer = ProduceAsync(store, ns, after, events.Writer, ct);
        var lastRevision = after;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                bool more;
                if (bookmarks)
                {
                    using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    idle.CancelAfter(BookmarkInterval);
                    try
                    {
                        more = await events.Reader.WaitToReadAsync(idle.Token);
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        await writer.WriteBookmarkAsync(lastRevision, false, writeCt);
                        await ctx.Response.Body.FlushAsync(writeCt);
                        continue;
                    }
                }
                else
                {
                    more = await events.Reader.WaitToReadAsync(ct);
                }
                if (!more)
                {
                    break;
                }
                while (events.Reader.TryRead(out var e))
                {
                    lastRevision = e.Revision;
                    var outEvent = Transition(e, filter);
                    if (outEvent is { } ev)
                    {
                        await writer.WriteAsync(ev.Type, served(ev.Object), writeCt);
                    }
                }
                await ctx.Response.Body.FlushAsync(writeCt);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Timeout or client gone: the watch ends normally.
        }
        catch (ChannelClosedException)
        {
        }
        catch (StorageException)
        {
            // The producer failed (compacted start, overflow): reported from its task below.
        }
        try
        {
            await producer;
        }
        catch (CompactedException e)
        {
            await writer.WriteErrorAsync(StatusException.Gone($"too old resource version: {e.Requested} ({e.Compacted})"), CancellationToken.None);
        }
        catch (WatchOverflowException)
        {
            // The client re-lists: tell it the window is gone, as upstream does for a watcher that fell behind.
            await writer.WriteErrorAsync(StatusException.Gone("watch fell behind: too old resource version"), CancellationToken.None);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task ProduceAsync(GenericStore store, string ns, long after, ChannelWriter<ObjectEvent> writer, CancellationToken ct)
    {
        try
        {
            await foreach (var e in store.WatchAsync(ns, after, ct))
            {
                await writer.WriteAsync(e, ct);
            }
            writer.TryComplete();
        }
        catch (Exception e)
        {
            writer.TryComplete(e);
            throw;
        }
    }

    /// <summary>
    /// What a filtered watcher sees: an object that starts matching arrives as ADDED, one that stops
    /// matching leaves as DELETED (its last matching state at the new revision), as the watch cache does.
    /// </summary>
    private static ObjectEvent? Transition(ObjectEvent e, ObjectFilter filter)
    {
        if (filter.IsEverything)
        {
            return e;
        }
        var now = e.Type != "DELETED" && filter.Matches(e.Object);
        var before = e.Type switch
        {
            "ADDED" => false,
            "DELETED" => filter.Matches(e.Object),
            _ => e.Previous is not null && filter.Matches(e.Previous),
        };
        if (e.Type == "DELETED")
        {
            return before ? e : null;
        }
        if (now && before)
        {
            return e;
        }
        if (now)
        {
            return e with { Type = "ADDED" };
        }
        if (before)
        {
            var old = (JsonObject)e.Previous!.DeepClone();
            ObjectJson.Metadata(old)["resourceVersion"] = e.Revision.ToString(CultureInfo.InvariantCulture);
            return e with { Type = "DELETED", Object = old };
        }
        return null;
    }

    /// <summary>timeoutSeconds, or upstream's default of a random time between 30 and 60 minutes.</summary>
    private static TimeSpan WatchTimeout(string timeoutSeconds)
    {
        if (timeoutSeconds.Length > 0)
        {
            if (!long.TryParse(timeoutSeconds, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) || s < 0)
            {
                throw StatusException.BadRequest($"invalid timeoutSeconds: \"{timeoutSeconds}\"");
            }
            if (s > 0)
            {
                return TimeSpan.FromSeconds(s);
            }
        }
        return TimeSpan.FromSeconds(1800 + Random.Shared.Next(1800));
    }
}
