using System.Globalization;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.GroupCommon;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Apps;

/// <summary>apps/v1 daemonsets.</summary>
public static class DaemonSetResource
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "apps",
        Versions = ["v1"],
        Kind = "DaemonSet",
        Plural = "daemonsets",
        Singular = "daemonset",
        Namespaced = true,
        ShortNames = ["ds"],
        Categories = ["all"],
        Subresources = ["status"],
        StoragePrefix = "/registry/daemonsets",
        Strategy = new DaemonSetStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1DaemonSet) },
    };
}

/// <summary>Defaulting, validation and table of daemonsets (upstream pkg/registry/apps/daemonset).</summary>
public sealed class DaemonSetStrategy : ResourceStrategy
{
    protected override IEnumerable<JsonObject?> EmbeddedTemplates(JsonObject obj) => [obj.Obj("spec")?.Obj("template")];

    /// <summary>
    /// apps/v1 has no spec.templateGeneration; upstream keeps the internal field in this annotation
    /// (1 on create, bumped whenever the pod template changes).
    /// </summary>
    public const string TemplateGenerationAnnotation = "deprecated.daemonset.template.generation";

    public override bool HasStatus => true;

    public override void Default(JsonObject obj)
    {
        var spec = obj.EnsureObj("spec");
        var updateStrategy = spec.EnsureObj("updateStrategy");
        updateStrategy.DefaultString("type", "RollingUpdate");
        if (updateStrategy.Str("type") == "RollingUpdate")
        {
            var rollingUpdate = updateStrategy.EnsureObj("rollingUpdate");
            rollingUpdate.Default("maxUnavailable", 1);
            rollingUpdate.Default("maxSurge", 0);
        }
        spec.Default("revisionHistoryLimit", 10);
        AppsValidation.DefaultTemplate(spec.Obj("template"));
    }

    public override void PrepareForCreate(JsonObject obj)
    {
        base.PrepareForCreate(obj);
        // A new daemon set has the zero status, whose four counts Go always serializes.
        obj["status"] = new JsonObject { ["currentNumberScheduled"] = 0, ["numberMisscheduled"] = 0, ["desiredNumberScheduled"] = 0, ["numberReady"] = 0 };
        obj.EnsureObj("metadata").EnsureObj("annotations")[TemplateGenerationAnnotation] = "1";
    }

    public override void PrepareForUpdate(JsonObject obj, JsonObject old)
    {
        base.PrepareForUpdate(obj, old);
        var oldGeneration = long.TryParse(old.Obj("metadata").Obj("annotations").Str(TemplateGenerationAnnotation), NumberStyles.Integer, CultureInfo.InvariantCulture, out var g) ? g : 0;
        // Compare defaulted templates, as upstream does after decoding, so a PUT that omits defaults is no change.
        var template = obj.Obj("spec")?["template"]?.DeepClone() as JsonObject;
        AppsValidation.DefaultTemplate(template);
        var changed = !CommonValidation.SemanticEquals(template, old.Obj("spec")?["template"]);
        var generation = changed ? oldGeneration + 1 : oldGeneration;
        obj.EnsureObj("metadata").EnsureObj("annotations")[TemplateGenerationAnnotation] = generation.ToString(CultureInfo.InvariantCulture);
    }

    public override IReadOnlyList<FieldError> Validate(JsonObject obj) => ValidateSpec(obj.Obj("spec") ?? []);

    public override IReadOnlyList<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errors = ValidateSpec(obj.Obj("spec") ?? []);
        AppsValidation.SelectorImmutable(obj, old, errors);
        return errors;
    }

    private static List<FieldError> ValidateSpec(JsonObject spec)
    {
        var errors = new List<FieldError>();
        var selector = spec.Obj("selector");
        var template = spec.Obj("template");
        LabelSelectors.Validate(selector, "spec.selector", errors);
        if (AppsValidation.SelectorConverts(selector))
        {
            AppsValidation.TemplateLabelsMatch(selector, template, "spec.template", errors);
        }
        if (LabelSelectors.IsEmpty(selector))
        {
            errors.Add(FieldError.Invalid("spec.selector", GoSyntax.LabelSelector(selector), "empty selector is invalid for daemonset"));
        }
        PodTemplates.Validate(template ?? [], "spec.template", errors);
        AppsValidation.RestartPolicyAlways(template, "spec.template", errors);
        if (template.Obj("spec")?["activeDeadlineSeconds"] is not null)
        {
            errors.Add(FieldError.Forbidden("spec.template.spec.activeDeadlineSeconds", "activeDeadlineSeconds in DaemonSet is not Supported"));
        }
        CommonValidation.NonNegative(spec.Int("minReadySeconds") ?? 0, "spec.minReadySeconds", errors);
        ValidateUpdateStrategy(spec.Obj("updateStrategy"), errors);
        CommonValidation.NonNegative(spec, "revisionHistoryLimit", "spec", errors);
        return errors;
    }

    private static void ValidateUpdateStrategy(JsonObject? strategy, List<FieldError> errors)
    {
        var rollingUpdate = strategy.Obj("rollingUpdate");
        switch (strategy.StrOrEmpty("type"))
        {
            case "OnDelete":
                break;
            case "RollingUpdate":
                if (rollingUpdate is null)
                {
                    errors.Add(FieldError.Required("spec.updateStrategy.rollingUpdate"));
                    return;
                }
                ValidateRollingUpdate(rollingUpdate, errors);
                break;
            default:
                var shown = rollingUpdate is null ? "(*apps.RollingUpdateDaemonSet)(nil)" : "(*apps.RollingUpdateDaemonSet)(0xc000000000)";
                errors.Add(FieldError.NotSupported("spec.updateStrategy",
                    GoSyntax.Raw($"apps.DaemonSetUpdateStrategy{{Type:{GoValue.Quote(strategy.StrOrEmpty("type"))}, RollingUpdate:{shown}}}"),
                    ["RollingUpdate", "OnDelete"]));
                break;
        }
    }

    private static void ValidateRollingUpdate(JsonObject rollingUpdate, List<FieldError> errors)
    {
        const string path = "spec.updateStrategy.rollingUpdate";
        var maxUnavailable = IntOrPercent.From(rollingUpdate["maxUnavailable"]);
        var maxSurge = IntOrPercent.From(rollingUpdate["maxSurge"]);
        if (maxUnavailable is not null)
        {
            IntOrPercent.ValidatePositive(maxUnavailable, path + ".maxUnavailable", errors);
        }
        if (maxSurge is not null)
        {
            IntOrPercent.ValidatePositive(maxSurge, path + ".maxSurge", errors);
        }
        if (maxUnavailable is not null)
        {
            IntOrPercent.ValidateNotMoreThan100Percent(maxUnavailable, path + ".maxUnavailable", errors);
        }
        if (maxSurge is not null)
        {
            IntOrPercent.ValidateNotMoreThan100Percent(maxSurge, path + ".maxSurge", errors);
        }
        var hasUnavailable = (maxUnavailable?.Value ?? 0) != 0;
        var hasSurge = (maxSurge?.Value ?? 0) != 0;
        if (hasUnavailable && hasSurge)
        {
            errors.Add(FieldError.Invalid(path + ".maxSurge", maxSurge, "may not be set when maxUnavailable is non-zero"));
        }
        else if (!hasUnavailable && !hasSurge)
        {
            errors.Add(FieldError.Required(path + ".maxUnavailable", "cannot be 0 when maxSurge is 0"));
        }
    }

    public override IReadOnlyList<FieldError> ValidateStatusUpdate(JsonObject obj, JsonObject old)
    {
        var errors = new List<FieldError>();
        var status = obj.Obj("status");
        foreach (var key in new[] { "currentNumberScheduled", "numberMisscheduled", "desiredNumberScheduled", "numberReady", "observedGeneration", "updatedNumberScheduled", "numberAvailable", "numberUnavailable", "collisionCount" })
        {
            CommonValidation.NonNegative(status, key, "status", errors);
        }
        AppsValidation.CollisionCountNotDecremented(obj, old, errors);
        return errors;
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        GroupColumns.Integer("Desired", "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/",
            (o, _) => o.Obj("status").Int("desiredNumberScheduled") ?? 0),
        GroupColumns.Integer("Current", "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/",
            (o, _) => o.Obj("status").Int("currentNumberScheduled") ?? 0),
        GroupColumns.Integer("Ready", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.",
            (o, _) => o.Obj("status").Int("numberReady") ?? 0),
        GroupColumns.Integer("Up-to-date", "The total number of nodes that are running updated daemon pod",
            (o, _) => o.Obj("status").Int("updatedNumberScheduled") ?? 0),
        GroupColumns.Integer("Available", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)",
            (o, _) => o.Obj("status").Int("numberAvailable") ?? 0),
        GroupColumns.Text("Node Selector", "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/",
            (o, _) => TableFormat.Labels(o.Obj("spec").Obj("template").Obj("spec").Obj("nodeSelector"))),
        TableColumn.AgeColumn,
        .. GroupColumns.ContainersAndImages(o => o.Obj("spec").Obj("template").Obj("spec")),
        GroupColumns.Text("Selector", "A label query over pods that are managed by the daemon set. Must match in order to be controlled. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors",
            (o, _) => LabelSelectors.Format(o.Obj("spec").Obj("selector")), 1),
    ];
}
