using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Core;

/// <summary>core/v1 Events (events.k8s.io/v1 Events share this storage).</summary>
public static class Events
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "",
        Versions = ["v1"],
        Kind = "Event",
        Plural = "events",
        Singular = "event",
        Namespaced = true,
        ShortNames = ["ev"],
        StoragePrefix = "/registry/events",
        Strategy = new EventStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.Corev1Event) },
    };
}

/// <summary>Events: the involved object's namespace must match; new-style events need reporting fields.</summary>
public sealed class EventStrategy : ResourceStrategy
{
    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        var ns = obj.Obj("metadata").StrOrEmpty("namespace");
        var involvedNs = obj.Obj("involvedObject").StrOrEmpty("namespace");
        if (string.IsNullOrEmpty(obj.Str("eventTime")))
        {
            if (involvedNs.Length == 0 ? ns is not ("" or "default") : ns != involvedNs)
            {
                errors.Add(FieldError.Invalid("involvedObject.namespace", involvedNs, "does not match event.namespace"));
            }
        }
        else
        {
            if (involvedNs.Length == 0 && ns is not ("default" or "kube-system"))
            {
                errors.Add(FieldError.Invalid("involvedObject.namespace", involvedNs, "does not match event.namespace"));
            }
            var controller = obj.StrOrEmpty("reportingComponent");
            if (controller.Length == 0)
            {
                errors.Add(FieldError.Required("reportingComponent"));
            }
            Validators.QualifiedName(controller, "reportingComponent", errors);
            var instance = obj.StrOrEmpty("reportingInstance");
            if (instance.Length == 0)
            {
                errors.Add(FieldError.Required("reportingInstance"));
            }
            if (instance.Length > 128)
            {
                errors.Add(FieldError.Invalid("reportingInstance", "", "can have at most 128 characters"));
            }
            var action = obj.StrOrEmpty("action");
            if (action.Length == 0)
            {
                errors.Add(FieldError.Required("action"));
            }
            if (action.Length > 128)
            {
                errors.Add(FieldError.Invalid("action", "", "can have at most 128 characters"));
            }
            var reason = obj.StrOrEmpty("reason");
            if (reason.Length == 0)
            {
                errors.Add(FieldError.Required("reason"));
            }
            if (reason.Length > 128)
            {
                errors.Add(FieldError.Invalid("reason", "", "can have at most 128 characters"));
            }
            if (obj.StrOrEmpty("message").Length > 1024)
            {
                errors.Add(FieldError.Invalid("message", "", "can have at most 1024 characters"));
            }
        }
        foreach (var msg in NameValidation.IsDns1123Subdomain(ns))
        {
            errors.Add(FieldError.Invalid("namespace", ns, msg));
        }
        return errors;
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Last Seen", "string", "", ColumnDocs.EventLastTimestamp, 0, (o, now) => LastSeen(o, now)),
        new("Type", "string", "", ColumnDocs.EventType, 0, (o, _) => o.StrOrEmpty("type")),
        new("Reason", "string", "", ColumnDocs.EventReason, 0, (o, _) => o.StrOrEmpty("reason")),
        new("Object", "string", "", ColumnDocs.EventInvolvedObject, 0, (o, _) => Target(o)),
        new("Subobject", "string", "", ColumnDocs.EventFieldPath, 1, (o, _) => o.Obj("involvedObject").StrOrEmpty("fieldPath")),
        new("Source", "string", "", ColumnDocs.EventSource, 1, (o, _) => Source(o)),
        new("Message", "string", "", ColumnDocs.EventMessage, 0, (o, _) => o.StrOrEmpty("message").Trim()),
        new("First Seen", "string", "", ColumnDocs.EventFirstTimestamp, 1, (o, now) => FirstSeen(o, now)),
        new("Count", "string", "", ColumnDocs.EventCount, 1, (o, _) => Count(o)),
        TableColumn.NameColumn with { Priority = 1 },
    ];

    public override void AddFieldSelectorAttributes(JsonObject obj, IDictionary<string, string> attributes)
    {
        var involved = obj.Obj("involvedObject");
        foreach (var field in new[] { "kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath" })
        {
            attributes["involvedObject." + field] = involved.StrOrEmpty(field);
        }
        attributes["reason"] = obj.StrOrEmpty("reason");
        attributes["reportingComponent"] = obj.StrOrEmpty("reportingComponent");
        var source = obj.Obj("source").StrOrEmpty("component");
        attributes["source"] = source.Length > 0 ? source : obj.StrOrEmpty("reportingComponent");
        attributes["type"] = obj.StrOrEmpty("type");
    }

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
        var count = e.Int("count") ?? 0;
        // Singleton events of the new API carry no count.
        return count == 0 ? 1 : count;
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
        var component = e.Obj("source").StrOrEmpty("component");
        var host = e.Obj("source").StrOrEmpty("host");
        component = component.Length > 0 ? component : e.StrOrEmpty("reportingComponent");
        host = host.Length > 0 ? host : e.StrOrEmpty("reportingInstance");
        return host.Length == 0 ? component : component + ", " + host;
    }
}
