using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.GroupCommon;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Apps;

/// <summary>apps/v1 deployments.</summary>
public static class DeploymentResource
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "apps",
        Versions = ["v1"],
        Kind = "Deployment",
        Plural = "deployments",
        Singular = "deployment",
        Namespaced = true,
        ShortNames = ["deploy"],
        Categories = ["all"],
        Subresources = ["status", "scale"],
        StoragePrefix = "/registry/deployments",
        Strategy = new DeploymentStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1Deployment) },
    };
}

/// <summary>Defaulting, validation and table of deployments (upstream pkg/registry/apps/deployment).</summary>
public sealed class DeploymentStrategy : ResourceStrategy, IScaleSubresource
{
    protected override IEnumerable<JsonObject?> EmbeddedTemplates(JsonObject obj) => [obj.Obj("spec")?.Obj("template")];

    public override bool HasStatus => true;

    /// <summary>A new deployment has the empty status Go serializes as {}.</summary>
    public override void PrepareForCreate(JsonObject obj)
    {
        base.PrepareForCreate(obj);
        obj["status"] = new JsonObject();
    }

    public ScaleSupport Scale => ScaleSupport.Standard;

    public override void Default(JsonObject obj)
    {
        var spec = obj.EnsureObj("spec");
        spec.Default("replicas", 1);
        var strategy = spec.EnsureObj("strategy");
        strategy.DefaultString("type", "RollingUpdate");
        if (strategy.Str("type") == "RollingUpdate")
        {
            var rollingUpdate = strategy.EnsureObj("rollingUpdate");
            rollingUpdate.Default("maxUnavailable", "25%");
            rollingUpdate.Default("maxSurge", "25%");
        }
        spec.Default("revisionHistoryLimit", 10);
        spec.Default("progressDeadlineSeconds", 600);
        AppsValidation.DefaultTemplate(spec.Obj("template"));
    }

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        DeploymentValidation.ValidateSpec(obj.Obj("spec") ?? [], "spec", errors);
        return errors;
    }

    public override IReadOnlyList<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errors = new List<FieldError>();
        DeploymentValidation.ValidateSpec(obj.Obj("spec") ?? [], "spec", errors);
        AppsValidation.SelectorImmutable(obj, old, errors);
        return errors;
    }

    public override IReadOnlyList<FieldError> ValidateStatusUpdate(JsonObject obj, JsonObject old)
    {
        var errors = new List<FieldError>();
        DeploymentValidation.ValidateStatus(obj.Obj("status"), errors);
        AppsValidation.CollisionCountNotDecremented(obj, old, errors);
        return errors;
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        GroupColumns.Text("Ready", "Number of the pod with ready state",
            (o, _) => $"{o.Obj("status").Int("readyReplicas") ?? 0}/{o.Obj("spec").Int("replicas") ?? 0}"),
        GroupColumns.Text("Up-to-date", "Total number of non-terminated pods targeted by this deployment that have the desired template spec.",
            (o, _) => o.Obj("status").Int("updatedReplicas") ?? 0),
        GroupColumns.Text("Available", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.",
            (o, _) => o.Obj("status").Int("availableReplicas") ?? 0),
        TableColumn.AgeColumn,
        .. GroupColumns.ContainersAndImages(o => o.Obj("spec").Obj("template").Obj("spec")),
        GroupColumns.Text("Selector", "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.",
            (o, _) => AppsValidation.SelectorConverts(o.Obj("spec").Obj("selector"))
                ? LabelSelectors.ToSelectorString(o.Obj("spec").Obj("selector"))
                : "<invalid>", 1),
    ];
}
