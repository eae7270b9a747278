using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.GroupCommon;

namespace Dotkube.ApiServer.Resources.Events;

/// <summary>The events table (upstream printEvent over the stored core v1 shape): LAST SEEN TYPE REASON OBJECT MESSAGE, more when wide.</summary>
public static class EventTable
{
    public static IReadOnlyList<TableColumn> Columns { get; } =
    [
        GroupColumns.Text("Last Seen", "The time at which the most recent occurrence of this event was recorded.", (o, now) => LastSeen(o, now)),
        GroupColumns.Text("Type", "Type of this event (Normal, Warning), new types could be added in the future", (o, _) => o.StrOrEmpty("type")),
        GroupColumns.Text("Reason", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.", (o, _) => o.StrOrEmpty("reason")),
        GroupColumns.Text("Object", "The object that this event is about.", (o, _) => Target(o)),
        GroupColumns.Text("Subobject", "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: \"spec.containers{name}\" (where \"name\" refers to the name of the container that triggered the event) or if no container name is specified \"spec.containers[2]\" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object.",
            (o, _) => o.Obj("involvedObject").StrOrEmpty("fieldPath"), 1),
        GroupColumns.Text("Source", "The component reporting this event. Should be a short machine understandable string.", (o, _) => Source(o), 1),
        GroupColumns.Text("Message", "A human-readable description of the status of this operation.", (o, _) => o.StrOrEmpty("message").Trim()),
        GroupColumns.Text("First Seen", "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)", (o, now) => FirstSeen(o, now), 1),
        GroupColumns.Text("Count", "The number of times this event has occurred.", (o, _) => Count(o), 1),
        TableColumn.NameColumn with { Priority = 1 },
    ];

    private static string FirstSeen(JsonObject e, DateTimeOffset now) =>
        TableFormat.TryParseTime(e.Str("firstTimestamp"), out _) ? TableFormat.Since(e.Str("firstTimestamp"), now) : TableFormat.Since(e.Str("eventTime"), now);

    private static string LastSeen(JsonObject e, DateTimeOffset now)
    {
        if (e.Obj("series") is { } series)
        {
            return TableFormat.Since(series.Str("lastObservedTime"), now);
        }
        return TableFormat.TryParseTime(e.Str("lastTimestamp"), out _) ? TableFormat.Since(e.Str("lastTimestamp"), now) : FirstSeen(e, now);
    }

    private static long Count(JsonObject e)
    {
        if (e.Obj("series") is { } series)
        {
            return series.Int("count") ?? 0;
        }
        // Singleton events of the new API have no count.
        return e.Int("count") is { } c and not 0 ? c : 1;
    }

    private static string Target(JsonObject e)
    {
        var involved = e.Obj("involvedObject");
        var kind = involved.StrOrEmpty("kind").ToLowerInvariant();
        var name = involved.StrOrEmpty("name");
        return name.Length > 0 ? $"{kind}/{name}" : kind;
    }

    private static string Source(JsonObject e)
    {
        var component = FirstNonEmpty(e.Obj("source").StrOrEmpty("component"), e.StrOrEmpty("reportingComponent"));
        var instance = FirstNonEmpty(e.Obj("source").StrOrEmpty("host"), e.StrOrEmpty("reportingInstance"));
        return instance.Length == 0 ? component : component + ", " + instance;
    }

    private static string FirstNonEmpty(string a, string b) => a.Length > 0 ? a : b;
}
