using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Core;

/// <summary>core/v1 ReplicationControllers.</summary>
public static class ReplicationControllers
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "",
        Versions = ["v1"],
        Kind = "ReplicationController",
        Plural = "replicationcontrollers",
        Singular = "replicationcontroller",
        Namespaced = true,
        ShortNames = ["rc"],
        Categories = ["all"],
        Subresources = ["status", "scale"],
        StoragePrefix = "/registry/controllers",
        Strategy = new ReplicationControllerStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1ReplicationController) },
    };
}

/// <summary>
/// ReplicationControllers: replicas default 1, selector and labels default to the template's
/// labels; the selector must match the template and pods must restart Always.
/// </summary>
public sealed class ReplicationControllerStrategy : ResourceStrategy
{
    protected override IEnumerable<JsonObject?> EmbeddedTemplates(JsonObject obj) => [obj.Obj("spec")?.Obj("template")];

    public override bool HasStatus => true;

    public override void Default(JsonObject obj)
    {
        var spec = obj.EnsureObj("spec");
        if (spec.Obj("template")?.Obj("metadata")?.Obj("labels") is { } labels)
        {
            if (spec.Obj("selector") is not { Count: > 0 })
            {
                spec["selector"] = labels.DeepClone();
            }
            var meta = obj.EnsureObj("metadata");
            if (meta.Obj("labels") is not { Count: > 0 })
            {
                meta["labels"] = labels.DeepClone();
            }
        }
        spec.Default("replicas", 1);
        PodSpecDefaults.ApplyToTemplate(spec.Obj("template"));
    }

    public override void PrepareForCreate(JsonObject obj)
    {
        base.PrepareForCreate(obj);
        obj["status"] = new JsonObject { ["replicas"] = 0 };
    }

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        var spec = obj.Obj("spec") ?? [];
        Validators.NonNegative(spec.Int("minReadySeconds") ?? 0, "spec.minReadySeconds", errors);
        var selector = spec.Obj("selector");
        if (selector is not { Count: > 0 })
        {
            errors.Add(FieldError.Required("spec.selector"));
        }
        else
        {
            ObjectMetaValidation.ValidateLabels(selector, "spec.selector", errors);
        }
        Validators.NonNegative(spec.Int("replicas") ?? 0, "spec.replicas", errors);
        var template = spec.Obj("template");
        if (template is null)
        {
            errors.Add(FieldError.Required("spec.template"));
            return errors;
        }
        var labels = template.Obj("metadata").Obj("labels");
        if (selector is { Count: > 0 } && !selector.All(kv => JsonFields.AsString(labels?[kv.Key]) is { } v && v == JsonFields.AsString(kv.Value)))
        {
            errors.Add(FieldError.Invalid("spec.template.metadata.labels", GoValue.StringMap(labels), "`selector` does not match template `labels`"));
        }
        PodSpecValidation.ValidatePodTemplateSpec(template, "spec.template", errors);
        var restartPolicy = template.Obj("spec").StrOrEmpty("restartPolicy");
        if (restartPolicy != "Always")
        {
            errors.Add(FieldError.NotSupported("spec.template.spec.restartPolicy", restartPolicy, ["Always"]));
        }
        if (template.Obj("spec").Has("activeDeadlineSeconds"))
        {
            errors.Add(FieldError.Forbidden("spec.template.spec.activeDeadlineSeconds", "activeDeadlineSeconds in ReplicationController is not Supported"));
        }
        return errors;
    }

    public override IReadOnlyList<FieldError> ValidateStatusUpdate(JsonObject obj, JsonObject old)
    {
        var errors = new List<FieldError>();
        var status = obj.Obj("status");
        foreach (var field in new[] { "replicas", "fullyLabeledReplicas", "readyReplicas", "availableReplicas", "observedGeneration" })
        {
            Validators.NonNegative(status.Int(field) ?? 0, "status." + field, errors);
        }
        return errors;
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        new("Desired", "integer", "", ColumnDocs.RcSpecReplicas, 0, (o, _) => o.Obj("spec").Int("replicas") ?? 0),
        new("Current", "integer", "", ColumnDocs.RcStatusReplicas, 0, (o, _) => o.Obj("status").Int("replicas") ?? 0),
        new("Ready", "integer", "", ColumnDocs.RcReadyReplicas, 0, (o, _) => o.Obj("status").Int("readyReplicas") ?? 0),
        TableColumn.AgeColumn,
        new("Containers", "string", "", ColumnDocs.ContainerNames, 1, (o, _) => TableFormat.Containers(o.Obj("spec").Obj("template").Obj("spec").Arr("containers")).Names),
        new("Images", "string", "", ColumnDocs.ContainerImages, 1, (o, _) => TableFormat.Containers(o.Obj("spec").Obj("template").Obj("spec").Arr("containers")).Images),
        new("Selector", "string", "", ColumnDocs.RcSelector, 1, (o, _) => TableFormat.Labels(o.Obj("spec").Obj("selector"))),
    ];

    public override void AddFieldSelectorAttributes(JsonObject obj, IDictionary<string, string> attributes) =>
        attributes["status.replicas"] = (obj.Obj("status").Int("replicas") ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
