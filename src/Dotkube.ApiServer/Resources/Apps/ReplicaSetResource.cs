using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.GroupCommon;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Apps;

/// <summary>apps/v1 replicasets.</summary>
public static class ReplicaSetResource
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "apps",
        Versions = ["v1"],
        Kind = "ReplicaSet",
        Plural = "replicasets",
        Singular = "replicaset",
        Namespaced = true,
        ShortNames = ["rs"],
        Categories = ["all"],
        Subresources = ["status", "scale"],
        StoragePrefix = "/registry/replicasets",
        Strategy = new ReplicaSetStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1ReplicaSet) },
    };
}

/// <summary>Defaulting, validation and table of replicasets (upstream pkg/registry/apps/replicaset).</summary>
public sealed class ReplicaSetStrategy : ResourceStrategy, IScaleSubresource
{
    protected override IEnumerable<JsonObject?> EmbeddedTemplates(JsonObject obj) => [obj.Obj("spec")?.Obj("template")];

    public override bool HasStatus => true;

    /// <summary>A new replica set has the zero status, whose replicas Go always serializes.</summary>
    public override void PrepareForCreate(JsonObject obj)
    {
        base.PrepareForCreate(obj);
        obj["status"] = new JsonObject { ["replicas"] = 0 };
    }

    public ScaleSupport Scale => ScaleSupport.Standard;

    public override void Default(JsonObject obj)
    {
        var spec = obj.EnsureObj("spec");
        spec.Default("replicas", 1);
        AppsValidation.DefaultTemplate(spec.Obj("template"));
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
        CommonValidation.NonNegative(spec.Int("replicas") ?? 0, "spec.replicas", errors);
        CommonValidation.NonNegative(spec.Int("minReadySeconds") ?? 0, "spec.minReadySeconds", errors);
        // Upstream reuses the deployment wording here.
        AppsValidation.RequiredSelector(spec, "spec", "deployment", errors);
        AppsValidation.PodTemplateForReplicaSet(spec, "spec", errors);
        return errors;
    }

    public override IReadOnlyList<FieldError> ValidateStatusUpdate(JsonObject obj, JsonObject old)
    {
        var errors = new List<FieldError>();
        var status = obj.Obj("status");
        foreach (var key in new[] { "replicas", "fullyLabeledReplicas", "readyReplicas", "availableReplicas", "observedGeneration" })
        {
            CommonValidation.NonNegative(status, key, "status", errors);
        }
        var replicas = status.Int("replicas") ?? 0;
        AppsValidation.NotGreaterThan(status, "fullyLabeledReplicas", replicas, "status.replicas", errors);
        AppsValidation.NotGreaterThan(status, "readyReplicas", replicas, "status.replicas", errors);
        AppsValidation.NotGreaterThan(status, "availableReplicas", replicas, "status.replicas", errors);
        AppsValidation.NotGreaterThan(status, "availableReplicas", status.Int("readyReplicas") ?? 0, "readyReplicas", errors);
        return errors;
    }

    /// <summary>Replica sets can be selected by status.replicas (upstream ReplicaSetToSelectableFields).</summary>
    public override void AddFieldSelectorAttributes(JsonObject obj, IDictionary<string, string> attributes) =>
        attributes["status.replicas"] = (obj.Obj("status").Int("replicas") ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        GroupColumns.Integer("Desired", "Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller",
            (o, _) => o.Obj("spec").Int("replicas") ?? 0),
        GroupColumns.Integer("Current", "Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller",
            (o, _) => o.Obj("status").Int("replicas") ?? 0),
        GroupColumns.Integer("Ready", "The number of ready replicas for this replica set.",
            (o, _) => o.Obj("status").Int("readyReplicas") ?? 0),
        TableColumn.AgeColumn,
        .. GroupColumns.ContainersAndImages(o => o.Obj("spec").Obj("template").Obj("spec")),
        GroupColumns.Text("Selector", "Selector is a label query over pods that should match the replica count. If the selector is empty, it is defaulted to the labels present on the pod template. Label keys and values that must match in order to be controlled by this replica set. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors",
            (o, _) => LabelSelectors.Format(o.Obj("spec").Obj("selector")), 1),
    ];
}
