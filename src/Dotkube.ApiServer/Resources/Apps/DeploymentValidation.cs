using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.GroupCommon;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Apps;

/// <summary>upstream ValidateDeploymentSpec / ValidateDeploymentStatus, in upstream's order.</summary>
public static class DeploymentValidation
{
    public static void ValidateSpec(JsonObject spec, string path, List<FieldError> errors)
    {
        CommonValidation.NonNegative(spec.Int("replicas") ?? 0, FieldPath.Child(path, "replicas"), errors);
        AppsValidation.RequiredSelector(spec, path, "deployment", errors);
        AppsValidation.PodTemplateForReplicaSet(spec, path, errors);
        ValidateStrategy(spec.Obj("strategy"), FieldPath.Child(path, "strategy"), errors);
        CommonValidation.NonNegative(spec.Int("minReadySeconds") ?? 0, FieldPath.Child(path, "minReadySeconds"), errors);
        CommonValidation.NonNegative(spec, "revisionHistoryLimit", path, errors);
        if (spec.Int("progressDeadlineSeconds") is { } deadline)
        {
            var deadlinePath = FieldPath.Child(path, "progressDeadlineSeconds");
            CommonValidation.NonNegative(deadline, deadlinePath, errors);
            if (deadline <= (spec.Int("minReadySeconds") ?? 0))
            {
                errors.Add(FieldError.Invalid(deadlinePath, deadline, "must be greater than minReadySeconds"));
            }
        }
    }

    private static void ValidateStrategy(JsonObject? strategy, string path, List<FieldError> errors)
    {
        var type = strategy.StrOrEmpty("type");
        var rollingUpdate = strategy.Obj("rollingUpdate");
        switch (type)
        {
            case "Recreate":
                if (rollingUpdate is not null)
                {
                    errors.Add(FieldError.Forbidden(FieldPath.Child(path, "rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'"));
                }
                break;
            case "RollingUpdate":
                if (rollingUpdate is null)
                {
                    errors.Add(FieldError.Required(FieldPath.Child(path, "rollingUpdate"), "this should be defaulted and never be nil"));
                }
                else
                {
                    ValidateRollingUpdate(rollingUpdate, FieldPath.Child(path, "rollingUpdate"), errors);
                }
                break;
            default:
                var shown = rollingUpdate is null ? "(*apps.RollingUpdateDeployment)(nil)" : "(*apps.RollingUpdateDeployment)(0xc000000000)";
                errors.Add(FieldError.NotSupported(path, GoSyntax.Raw($"apps.DeploymentStrategy{{Type:{GoValue.Quote(type)}, RollingUpdate:{shown}}}"),
                    ["Recreate", "RollingUpdate"]));
                break;
        }
    }

    private static void ValidateRollingUpdate(JsonObject rollingUpdate, string path, List<FieldError> errors)
    {
        var maxUnavailable = IntOrPercent.From(rollingUpdate["maxUnavailable"]);
        var maxSurge = IntOrPercent.From(rollingUpdate["maxSurge"]);
        var unavailablePath = FieldPath.Child(path, "maxUnavailable");
        if (maxUnavailable is not null)
        {
            IntOrPercent.ValidatePositive(maxUnavailable, unavailablePath, errors);
        }
        if (maxSurge is not null)
        {
            IntOrPercent.ValidatePositive(maxSurge, FieldPath.Child(path, "maxSurge"), errors);
        }
        if ((maxUnavailable?.Value ?? 0) == 0 && (maxSurge?.Value ?? 0) == 0)
        {
            errors.Add(FieldError.Invalid(unavailablePath, (object?)maxUnavailable ?? 0L, "may not be 0 when `maxSurge` is 0"));
        }
        if (maxUnavailable is not null)
        {
            IntOrPercent.ValidateNotMoreThan100Percent(maxUnavailable, unavailablePath, errors);
        }
    }

    public static void ValidateStatus(JsonObject? status, List<FieldError> errors)
    {
        foreach (var key in new[] { "observedGeneration", "replicas", "updatedReplicas", "readyReplicas", "availableReplicas", "unavailableReplicas", "collisionCount" })
        {
            CommonValidation.NonNegative(status, key, "status", errors);
        }
        var replicas = status.Int("replicas") ?? 0;
        AppsValidation.NotGreaterThan(status, "updatedReplicas", replicas, "status.replicas", errors);
        AppsValidation.NotGreaterThan(status, "readyReplicas", replicas, "status.replicas", errors);
        AppsValidation.NotGreaterThan(status, "availableReplicas", replicas, "status.replicas", errors);
        AppsValidation.NotGreaterThan(status, "availableReplicas", status.Int("readyReplicas") ?? 0, "readyReplicas", errors);
    }
}
