using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.GroupCommon;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Apps;

/// <summary>upstream ValidateStatefulSetSpec, ValidateStatefulSetUpdate and ValidateStatefulSetStatus.</summary>
public static class StatefulSetValidation
{
    public static void ValidateSpec(JsonObject spec, List<FieldError> errors)
    {
        var policy = spec.StrOrEmpty("podManagementPolicy");
        switch (policy)
        {
            case "":
                errors.Add(FieldError.Required("spec.podManagementPolicy"));
                break;
            case "OrderedReady" or "Parallel":
                break;
            default:
                errors.Add(FieldError.Invalid("spec.podManagementPolicy", policy, "must be 'OrderedReady' or 'Parallel'"));
                break;
        }

        var updateStrategy = spec.Obj("updateStrategy");
        var rollingUpdate = updateStrategy.Obj("rollingUpdate");
        switch (updateStrategy.StrOrEmpty("type"))
        {
            case "":
                errors.Add(FieldError.Required("spec.updateStrategy"));
                break;
            case "OnDelete":
                if (rollingUpdate is not null)
                {
                    errors.Add(FieldError.Invalid("spec.updateStrategy.rollingUpdate", GoSyntax.Raw(RollingUpdateText(rollingUpdate)), "only allowed for updateStrategy 'RollingUpdate'"));
                }
                break;
            case "RollingUpdate":
                if (rollingUpdate is not null)
                {
                    ValidateRollingUpdate(rollingUpdate, errors);
                }
                break;
            default:
                errors.Add(FieldError.Invalid("spec.updateStrategy",
                    GoSyntax.Raw($"apps.StatefulSetUpdateStrategy{{Type:{GoValue.Quote(updateStrategy.StrOrEmpty("type"))}, RollingUpdate:{(rollingUpdate is null ? "(*apps.RollingUpdateStatefulSetStrategy)(nil)" : "(*apps.RollingUpdateStatefulSetStrategy)(0xc000000000)")}}}"),
                    "must be 'RollingUpdate' or 'OnDelete'"));
                break;
        }

        if (spec.Obj("persistentVolumeClaimRetentionPolicy") is { } retention)
        {
            foreach (var key in new[] { "whenDeleted", "whenScaled" })
            {
                var value = retention.StrOrEmpty(key);
                if (value is not ("Retain" or "Delete"))
                {
                    errors.Add(FieldError.NotSupported($"spec.persistentVolumeClaimRetentionPolicy.{key}", value, ["Retain", "Delete"]));
                }
            }
        }

        CommonValidation.NonNegative(spec.Int("replicas") ?? 0, "spec.replicas", errors);
        CommonValidation.NonNegative(spec.Int("minReadySeconds") ?? 0, "spec.minReadySeconds", errors);
        if (spec.Obj("ordinals") is { } ordinals)
        {
            // Upstream names the field "ordinals.start" as a single path element.
            CommonValidation.NonNegative(ordinals.Int("start") ?? 0, "spec.ordinals.start", errors);
        }

        var selector = spec.Obj("selector");
        AppsValidation.RequiredSelector(spec, "spec", "statefulset", errors);
        var template = spec.Obj("template");
        if (!AppsValidation.SelectorConverts(selector))
        {
            errors.Add(FieldError.Invalid("spec.selector", GoSyntax.LabelSelector(selector), ""));
        }
        else
        {
            AppsValidation.TemplateLabelsMatch(selector, template, "spec.template", errors);
            // Upstream checks only the template's labels and annotations here, not its pod spec.
            ObjectMetaValidation.ValidateLabels(template.Obj("metadata").Obj("labels"), "spec.template.labels", errors);
            ObjectMetaValidation.ValidateAnnotations(template.Obj("metadata").Obj("annotations"), "spec.template.annotations", errors);
        }
        AppsValidation.RestartPolicyAlways(template, "spec.template", errors);
        if (template.Obj("spec")?["activeDeadlineSeconds"] is not null)
        {
            errors.Add(FieldError.Forbidden("spec.template.spec.activeDeadlineSeconds", "activeDeadlineSeconds in StatefulSet is not Supported"));
        }
    }

    private static string RollingUpdateText(JsonObject rollingUpdate) =>
        $"&apps.RollingUpdateStatefulSetStrategy{{Partition:{rollingUpdate.Int("partition") ?? 0}, MaxUnavailable:{(rollingUpdate["maxUnavailable"] is null ? "(*intstr.IntOrString)(nil)" : "(*intstr.IntOrString)(0xc000000000)")}}}";

    private static void ValidateRollingUpdate(JsonObject rollingUpdate, List<FieldError> errors)
    {
        CommonValidation.NonNegative(rollingUpdate.Int("partition") ?? 0, "spec.updateStrategy.rollingUpdate.partition", errors);
        if (IntOrPercent.From(rollingUpdate["maxUnavailable"]) is { } maxUnavailable)
        {
            const string path = "spec.updateStrategy.rollingUpdate.maxUnavailable";
            IntOrPercent.ValidatePositive(maxUnavailable, path, errors);
            if (maxUnavailable.Value == 0)
            {
                errors.Add(FieldError.Invalid(path, maxUnavailable, "cannot be 0"));
            }
            IntOrPercent.ValidateNotMoreThan100Percent(maxUnavailable, path, errors);
        }
    }

    /// <summary>Only replicas, ordinals, template, updateStrategy, the claim retention policy and minReadySeconds may change.</summary>
    public static void ValidateSpecUpdate(JsonObject spec, JsonObject oldSpec, List<FieldError> errors)
    {
        var mutable = new[] { "replicas", "template", "updateStrategy", "minReadySeconds", "ordinals", "persistentVolumeClaimRetentionPolicy" };
        var a = (JsonObject)spec.DeepClone();
        var b = (JsonObject)oldSpec.DeepClone();
        foreach (var key in mutable)
        {
            a.Remove(key);
            b.Remove(key);
        }
        if (!CommonValidation.SemanticEquals(a, b))
        {
            errors.Add(FieldError.Forbidden("spec", "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
        }
    }

    public static void ValidateStatus(JsonObject? status, List<FieldError> errors)
    {
        foreach (var key in new[] { "replicas", "readyReplicas", "currentReplicas", "updatedReplicas", "availableReplicas", "observedGeneration", "collisionCount" })
        {
            CommonValidation.NonNegative(status, key, "status", errors);
        }
        var replicas = status.Int("replicas") ?? 0;
        AppsValidation.NotGreaterThan(status, "readyReplicas", replicas, "status.replicas", errors);
        AppsValidation.NotGreaterThan(status, "currentReplicas", replicas, "status.replicas", errors);
        AppsValidation.NotGreaterThan(status, "updatedReplicas", replicas, "status.replicas", errors);
        AppsValidation.NotGreaterThan(status, "availableReplicas", replicas, "status.replicas", errors);
        AppsValidation.NotGreaterThan(status, "availableReplicas", status.Int("readyReplicas") ?? 0, "status.readyReplicas", errors);
    }
}
