using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.GroupCommon;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Apps;

/// <summary>apps/v1 statefulsets.</summary>
public static class StatefulSetResource
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "apps",
        Versions = ["v1"],
        Kind = "StatefulSet",
        Plural = "statefulsets",
        Singular = "statefulset",
        Namespaced = true,
        ShortNames = ["sts"],
        Categories = ["all"],
        Subresources = ["status", "scale"],
        StoragePrefix = "/registry/statefulsets",
        Strategy = new StatefulSetStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1StatefulSet) },
    };
}

/// <summary>Defaulting, validation and table of statefulsets (upstream pkg/registry/apps/statefulset).</summary>
public sealed class StatefulSetStrategy : ResourceStrategy, IScaleSubresource
{
    protected override IEnumerable<JsonObject?> EmbeddedTemplates(JsonObject obj) =>
        [obj.Obj("spec")?.Obj("template"), .. obj.Obj("spec")?.Arr("volumeClaimTemplates").Objects() ?? []];

    public override bool HasStatus => true;

    /// <summary>A new stateful set has the zero status, whose replicas and availableReplicas Go always serializes.</summary>
    public override void PrepareForCreate(JsonObject obj)
    {
        base.PrepareForCreate(obj);
        obj["status"] = new JsonObject { ["availableReplicas"] = 0, ["replicas"] = 0 };
    }

    public ScaleSupport Scale => ScaleSupport.Standard;

    /// <summary>StatefulSet names become pod hostnames: a DNS label, not a subdomain.</summary>
    public override IReadOnlyList<string> ValidateName(string name) => NameValidation.IsDns1123Label(name);

    public override void Default(JsonObject obj)
    {
        var spec = obj.EnsureObj("spec");
        spec.DefaultString("podManagementPolicy", "OrderedReady");
        var updateStrategy = spec.EnsureObj("updateStrategy");
        if (string.IsNullOrEmpty(updateStrategy.Str("type")))
        {
            updateStrategy["type"] = "RollingUpdate";
            updateStrategy.EnsureObj("rollingUpdate");
        }
        if (updateStrategy.Str("type") == "RollingUpdate" && updateStrategy.Obj("rollingUpdate") is { } rollingUpdate)
        {
            rollingUpdate.Default("partition", 0);
        }
        var retention = spec.EnsureObj("persistentVolumeClaimRetentionPolicy");
        retention.DefaultString("whenDeleted", "Retain");
        retention.DefaultString("whenScaled", "Retain");
        spec.Default("replicas", 1);
        spec.Default("revisionHistoryLimit", 10);
        AppsValidation.DefaultTemplate(spec.Obj("template"));
        foreach (var claim in spec.Arr("volumeClaimTemplates").Objects())
        {
            DefaultClaimTemplate(claim);
        }
    }

    /// <summary>Claim templates get a PersistentVolumeClaim's defaults and type meta, as upstream stores them.</summary>
    private static void DefaultClaimTemplate(JsonObject claim)
    {
        claim.DefaultString("apiVersion", "v1");
        claim.DefaultString("kind", "PersistentVolumeClaim");
        claim.EnsureObj("spec").DefaultString("volumeMode", "Filesystem");
        claim.EnsureObj("status").DefaultString("phase", "Pending");
    }

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        StatefulSetValidation.ValidateSpec(obj.Obj("spec") ?? [], errors);
        return errors;
    }

    public override IReadOnlyList<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errors = new List<FieldError>();
        StatefulSetValidation.ValidateSpec(obj.Obj("spec") ?? [], errors);
        StatefulSetValidation.ValidateSpecUpdate(obj.Obj("spec") ?? [], old.Obj("spec") ?? [], errors);
        return errors;
    }

    public override IReadOnlyList<FieldError> ValidateStatusUpdate(JsonObject obj, JsonObject old)
    {
        var errors = new List<FieldError>();
        StatefulSetValidation.ValidateStatus(obj.Obj("status"), errors);
        AppsValidation.CollisionCountNotDecremented(obj, old, errors);
        return errors;
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        GroupColumns.Text("Ready", "Number of the pod with ready state",
            (o, _) => $"{o.Obj("status").Int("readyReplicas") ?? 0}/{o.Obj("spec").Int("replicas") ?? 0}"),
        TableColumn.AgeColumn,
        .. GroupColumns.ContainersAndImages(o => o.Obj("spec").Obj("template").Obj("spec")),
    ];
}
