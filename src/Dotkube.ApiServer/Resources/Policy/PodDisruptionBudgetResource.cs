using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.GroupCommon;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Policy;

/// <summary>policy/v1 poddisruptionbudgets.</summary>
public static class PodDisruptionBudgetResource
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "policy",
        Versions = ["v1"],
        Kind = "PodDisruptionBudget",
        Plural = "poddisruptionbudgets",
        Singular = "poddisruptionbudget",
        Namespaced = true,
        ShortNames = ["pdb"],
        Subresources = ["status"],
        StoragePrefix = "/registry/poddisruptionbudgets",
        Strategy = new PodDisruptionBudgetStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1PodDisruptionBudget) },
    };
}

/// <summary>Validation and table of PDBs (upstream pkg/apis/policy/validation).</summary>
public sealed class PodDisruptionBudgetStrategy : ResourceStrategy
{
    public override bool HasStatus => true;

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        var spec = obj.Obj("spec");
        var minAvailable = IntOrPercent.From(spec?["minAvailable"]);
        var maxUnavailable = IntOrPercent.From(spec?["maxUnavailable"]);
        if (minAvailable is not null && maxUnavailable is not null)
        {
            errors.Add(FieldError.Invalid("spec", GoSyntax.Raw(
                $"policy.PodDisruptionBudgetSpec{{MinAvailable:{minAvailable}, Selector:..., MaxUnavailable:{maxUnavailable}}}"),
                "minAvailable and maxUnavailable cannot be both set"));
        }
        foreach (var (value, key) in new[] { (minAvailable, "minAvailable"), (maxUnavailable, "maxUnavailable") })
        {
            if (value is not null)
            {
                IntOrPercent.ValidatePositive(value, "spec." + key, errors);
                IntOrPercent.ValidateNotMoreThan100Percent(value, "spec." + key, errors);
            }
        }
        LabelSelectors.Validate(spec.Obj("selector"), "spec.selector", errors);
        if (spec.Str("unhealthyPodEvictionPolicy") is { } policy && policy is not ("AlwaysAllow" or "IfHealthyBudget"))
        {
            errors.Add(FieldError.NotSupported("spec.unhealthyPodEvictionPolicy", policy, ["AlwaysAllow", "IfHealthyBudget"]));
        }
        return errors;
    }

    public override IReadOnlyList<FieldError> ValidateStatusUpdate(JsonObject obj, JsonObject old)
    {
        var errors = new List<FieldError>();
        var status = obj.Obj("status");
        foreach (var key in new[] { "disruptionsAllowed", "currentHealthy", "desiredHealthy", "expectedPods" })
        {
            CommonValidation.NonNegative(status.Int(key) ?? 0, "status." + key, errors);
        }
        return errors;
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        GroupColumns.Text("Min Available", "The minimum number of pods that must be available.",
            (o, _) => IntOrPercent.From(o.Obj("spec")?["minAvailable"])?.ToString() ?? "N/A"),
        GroupColumns.Text("Max Unavailable", "The maximum number of pods that may be unavailable.",
            (o, _) => IntOrPercent.From(o.Obj("spec")?["maxUnavailable"])?.ToString() ?? "N/A"),
        GroupColumns.Integer("Allowed Disruptions", "Calculated number of pods that may be disrupted at this time.",
            (o, _) => o.Obj("status").Int("disruptionsAllowed") ?? 0),
        TableColumn.AgeColumn,
    ];
}
