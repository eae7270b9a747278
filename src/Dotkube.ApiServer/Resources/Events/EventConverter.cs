using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;

namespace Dotkube.ApiServer.Resources.Events;

/// <summary>
/// Converts between core v1 Events (how events.k8s.io/v1 Events are stored, as upstream does) and
/// events.k8s.io/v1 Events, with upstream's field mapping: regarding ⇄ involvedObject, note ⇄
/// message, deprecatedSource ⇄ source, deprecatedFirstTimestamp/LastTimestamp/Count ⇄
/// firstTimestamp/lastTimestamp/count, reportingController ⇄ reportingComponent; the rest keep
/// their names. Unset times come out as null and unset structs as {}, as Go serializes them.
/// </summary>
public sealed class EventConverter : IVersionConverter
{
    public const string Core = "v1";
    public const string EventsV1 = "events.k8s.io/v1";

    public JsonObject Convert(JsonObject obj, string toApiVersion)
    {
        var from = obj.Str("apiVersion");
        if (from == toApiVersion)
        {
            return obj;
        }
        return (from, toApiVersion) switch
        {
            (Core, EventsV1) => ToEventsV1(obj),
            (EventsV1, Core) => ToCore(obj),
            _ => throw new ArgumentException($"cannot convert Event from {from} to {toApiVersion}"),
        };
    }

    public static JsonObject ToEventsV1(JsonObject core)
    {
        var result = new JsonObject
        {
            ["kind"] = "Event",
            ["apiVersion"] = EventsV1,
            ["metadata"] = core["metadata"]?.DeepClone() ?? new JsonObject(),
            ["eventTime"] = core["eventTime"]?.DeepClone(),
        };
        CopyIfPresent(core, "series", result, "series");
        CopyIfPresent(core, "reportingComponent", result, "reportingController");
        CopyIfPresent(core, "reportingInstance", result, "reportingInstance");
        CopyIfPresent(core, "action", result, "action");
        CopyIfPresent(core, "reason", result, "reason");
        result["regarding"] = core["involvedObject"]?.DeepClone() ?? new JsonObject();
        CopyIfPresent(core, "related", result, "related");
        CopyIfPresent(core, "message", result, "note");
        CopyIfPresent(core, "type", result, "type");
        result["deprecatedSource"] = core["source"]?.DeepClone() ?? new JsonObject();
        result["deprecatedFirstTimestamp"] = core["firstTimestamp"]?.DeepClone();
        result["deprecatedLastTimestamp"] = core["lastTimestamp"]?.DeepClone();
        if (core.Int("count") is { } count and not 0)
        {
            result["deprecatedCount"] = count;
        }
        return result;
    }

    public static JsonObject ToCore(JsonObject events)
    {
        var result = new JsonObject
        {
            ["kind"] = "Event",
            ["apiVersion"] = Core,
            ["metadata"] = events["metadata"]?.DeepClone() ?? new JsonObject(),
            ["involvedObject"] = events["regarding"]?.DeepClone() ?? new JsonObject(),
        };
        CopyIfPresent(events, "reason", result, "reason");
        CopyIfPresent(events, "note", result, "message");
        result["source"] = events["deprecatedSource"]?.DeepClone() ?? new JsonObject();
        result["firstTimestamp"] = events["deprecatedFirstTimestamp"]?.DeepClone();
        result["lastTimestamp"] = events["deprecatedLastTimestamp"]?.DeepClone();
        if (events.Int("deprecatedCount") is { } count and not 0)
        {
            result["count"] = count;
        }
        CopyIfPresent(events, "type", result, "type");
        result["eventTime"] = events["eventTime"]?.DeepClone();
        CopyIfPresent(events, "series", result, "series");
        CopyIfPresent(events, "action", result, "action");
        CopyIfPresent(events, "related", result, "related");
        CopyIfPresent(events, "reportingController", result, "reportingComponent");
        CopyIfPresent(events, "reportingInstance", result, "reportingInstance");
        return result;
    }

    private static void CopyIfPresent(JsonObject from, string fromKey, JsonObject to, string toKey)
    {
        if (from[fromKey] is { } value)
        {
            to[toKey] = value.DeepClone();
        }
    }
}
