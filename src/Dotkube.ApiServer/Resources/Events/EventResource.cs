using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.GroupCommon;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Events;

/// <summary>
/// events.k8s.io/v1 events: the same stored objects as core v1 events (storage apiVersion "v1",
/// prefix /registry/events), converted by <see cref="EventConverter"/>.
/// </summary>
public static class EventResource
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "events.k8s.io",
        Versions = ["v1"],
        StorageApiVersion = EventConverter.Core,
        Kind = "Event",
        Plural = "events",
        Singular = "event",
        Namespaced = true,
        ShortNames = ["ev"],
        StoragePrefix = "/registry/events",
        Strategy = new EventsV1Strategy(),
        Converter = new EventConverter(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.Eventsv1Event) },
    };
}

/// <summary>
/// Writes through events.k8s.io/v1 get upstream's strict event validation (on the stored core
/// shape, with upstream's field paths); the table is the core events table, as upstream serves
/// both from one storage.
/// </summary>
public sealed class EventsV1Strategy : ResourceStrategy
{
    private const int ReportingInstanceLengthLimit = 128;
    private const int ActionLengthLimit = 128;
    private const int ReasonLengthLimit = 128;
    private const int NoteLengthLimit = 1024;

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        LegacyValidate(obj, errors);
        ValidateSeries(obj, errors);
        if (IsZeroTime(obj["eventTime"]))
        {
            errors.Add(FieldError.Required("eventTime"));
        }
        var type = obj.StrOrEmpty("type");
        if (type is not ("Normal" or "Warning"))
        {
            errors.Add(FieldError.Invalid("type", "", $"has invalid value: {type}"));
        }
        if (!IsZeroTime(obj["firstTimestamp"]))
        {
            errors.Add(FieldError.Invalid("deprecatedFirstTimestamp", "", "needs to be unset"));
        }
        if (!IsZeroTime(obj["lastTimestamp"]))
        {
            errors.Add(FieldError.Invalid("deprecatedLastTimestamp", "", "needs to be unset"));
        }
        if ((obj.Int("count") ?? 0) != 0)
        {
            errors.Add(FieldError.Invalid("deprecatedCount", "", "needs to be unset"));
        }
        if (obj.Obj("source").StrOrEmpty("component").Length > 0 || obj.Obj("source").StrOrEmpty("host").Length > 0)
        {
            errors.Add(FieldError.Invalid("deprecatedSource", "", "needs to be unset"));
        }
        return errors;
    }

    /// <summary>upstream legacyValidateEvent, which every event passes whatever its API version.</summary>
    private static void LegacyValidate(JsonObject obj, List<FieldError> errors)
    {
        var ns = obj.Obj("metadata").StrOrEmpty("namespace");
        var involvedNamespace = obj.Obj("involvedObject").StrOrEmpty("namespace");
        if (IsZeroTime(obj["eventTime"]))
        {
            if (involvedNamespace.Length == 0 ? ns is not ("" or "default") : ns != involvedNamespace)
            {
                errors.Add(FieldError.Invalid("involvedObject.namespace", involvedNamespace, "does not match event.namespace"));
            }
        }
        else
        {
            if (involvedNamespace.Length == 0 && ns is not ("default" or "kube-system"))
            {
                errors.Add(FieldError.Invalid("involvedObject.namespace", involvedNamespace, "does not match event.namespace"));
            }
            var controller = obj.StrOrEmpty("reportingComponent");
            if (controller.Length == 0)
            {
                errors.Add(FieldError.Required("reportingController"));
            }
            foreach (var msg in NameValidation.IsQualifiedName(controller))
            {
                errors.Add(FieldError.Invalid("reportingController", controller, msg));
            }
            LengthChecks(obj, "reportingInstance", "reportingInstance", ReportingInstanceLengthLimit, required: true, errors);
            LengthChecks(obj, "action", "action", ActionLengthLimit, required: true, errors);
            LengthChecks(obj, "reason", "reason", ReasonLengthLimit, required: true, errors);
            LengthChecks(obj, "message", "message", NoteLengthLimit, required: false, errors);
        }
        foreach (var msg in NameValidation.IsDns1123Subdomain(ns))
        {
            errors.Add(FieldError.Invalid("namespace", ns, msg));
        }
    }

    private static void LengthChecks(JsonObject obj, string key, string path, int limit, bool required, List<FieldError> errors)
    {
        var value = obj.StrOrEmpty(key);
        if (required && value.Length == 0)
        {
            errors.Add(FieldError.Required(path));
        }
        if (value.Length > limit)
        {
            errors.Add(FieldError.Invalid(path, "", $"can have at most {limit} characters"));
        }
    }

    private static void ValidateSeries(JsonObject obj, List<FieldError> errors)
    {
        if (obj.Obj("series") is not { } series)
        {
            return;
        }
        if ((series.Int("count") ?? 0) < 2)
        {
            errors.Add(FieldError.Invalid("series.count", "", "should be at least 2"));
        }
        if (IsZeroTime(series["lastObservedTime"]))
        {
            errors.Add(FieldError.Required("series.lastObservedTime"));
        }
    }

    private static bool IsZeroTime(JsonNode? node) => string.IsNullOrEmpty(JsonFields.AsString(node)) || JsonFields.AsString(node)!.StartsWith("0001-01-01", StringComparison.Ordinal);

    /// <summary>upstream ValidateEventUpdate for events.k8s.io/v1: only the series may change.</summary>
    public override IReadOnlyList<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errors = new List<FieldError>();
        LegacyValidate(obj, errors);
        if (!CommonValidation.SemanticEquals(obj["series"], old["series"]))
        {
            ValidateSeries(obj, errors);
        }
        foreach (var key in new[]
        {
            "involvedObject", "reason", "message", "source", "firstTimestamp", "lastTimestamp", "count", "reason",
            "type", "eventTime", "action", "related", "reportingComponent", "reportingInstance",
        })
        {
            var path = key == "reportingComponent" ? "reportingController" : key;
            var value = obj[key];
            object? shown = value switch
            {
                null => "",
                JsonObject or JsonArray => GoSyntax.Raw(value.ToJsonString()),
                _ => JsonFields.AsString(value) ?? (object?)JsonFields.AsLong(value) ?? value.ToJsonString(),
            };
            CommonValidation.Immutable(value, old[key], path, shown, errors);
        }
        return errors;
    }

    /// <summary>The field selectors upstream maps for events.k8s.io (regarding.*, reportingController, ...).</summary>
    public override void AddFieldSelectorAttributes(JsonObject obj, IDictionary<string, string> attributes)
    {
        var involved = obj.Obj("involvedObject");
        foreach (var key in new[] { "kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath" })
        {
            attributes["regarding." + key] = involved.StrOrEmpty(key);
        }
        attributes["reason"] = obj.StrOrEmpty("reason");
        attributes["reportingController"] = obj.StrOrEmpty("reportingComponent");
        attributes["type"] = obj.StrOrEmpty("type");
    }

    public override IReadOnlyList<TableColumn> Columns { get; } = EventTable.Columns;
}
