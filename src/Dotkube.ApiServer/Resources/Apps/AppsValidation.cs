using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.GroupCommon;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Apps;

/// <summary>Checks shared by the apps/v1 workloads (upstream pkg/apis/apps/validation).</summary>
public static class AppsValidation
{
    public const string SelectorMismatch = "`selector` does not match template `labels`";

    /// <summary>The required, non-empty selector of deployments, replicasets and statefulsets.</summary>
    public static void RequiredSelector(JsonObject spec, string path, string kindWord, List<FieldError> errors)
    {
        var selector = spec.Obj("selector");
        var selectorPath = FieldPath.Child(path, "selector");
        if (selector is null)
        {
            errors.Add(FieldError.Required(selectorPath));
            return;
        }
        LabelSelectors.Validate(selector, selectorPath, errors);
        if (LabelSelectors.IsEmpty(selector))
        {
            errors.Add(FieldError.Invalid(selectorPath, GoSyntax.LabelSelector(selector), $"empty selector is invalid for {kindWord}"));
        }
    }

    /// <summary>Whether upstream's LabelSelectorAsSelector accepts the selector.</summary>
    public static bool SelectorConverts(JsonObject? selector) => LabelSelectors.TryConvert(selector, out _);

    /// <summary>
    /// The selector must select the template's labels. An absent selector selects nothing (so this
    /// fails alongside "Required"), an empty one everything, as upstream's LabelSelectorAsSelector.
    /// </summary>
    public static void TemplateLabelsMatch(JsonObject? selector, JsonObject? template, string templatePath, List<FieldError> errors)
    {
        var labels = template.Obj("metadata").Obj("labels");
        if (!LabelSelectors.Matches(selector, labels))
        {
            errors.Add(FieldError.Invalid(FieldPath.Child(templatePath, "metadata", "labels"), GoValue.StringMap(labels), SelectorMismatch));
        }
    }

    /// <summary>upstream ValidatePodTemplateSpecForReplicaSet (deployments and replicasets).</summary>
    public static void PodTemplateForReplicaSet(JsonObject spec, string path, List<FieldError> errors)
    {
        var selector = spec.Obj("selector");
        if (!SelectorConverts(selector))
        {
            errors.Add(FieldError.Invalid(FieldPath.Child(path, "selector"), GoSyntax.LabelSelector(selector), "invalid label selector"));
            return;
        }
        var template = spec.Obj("template");
        var templatePath = FieldPath.Child(path, "template");
        TemplateLabelsMatch(selector, template, templatePath, errors);
        PodTemplates.Validate(template ?? [], templatePath, errors);
        RestartPolicyAlways(template, templatePath, errors);
        if (template.Obj("spec")?["activeDeadlineSeconds"] is not null)
        {
            errors.Add(FieldError.Forbidden(FieldPath.Child(templatePath, "spec", "activeDeadlineSeconds"), "activeDeadlineSeconds in ReplicaSet is not Supported"));
        }
    }

    /// <summary>Controllers that keep pods running need restartPolicy Always.</summary>
    public static void RestartPolicyAlways(JsonObject? template, string templatePath, List<FieldError> errors)
    {
        var policy = template.Obj("spec").StrOrEmpty("restartPolicy");
        if (policy != "Always")
        {
            errors.Add(FieldError.NotSupported(FieldPath.Child(templatePath, "spec", "restartPolicy"), policy, ["Always"]));
        }
    }

    /// <summary>
    /// The selector of apps/v1 workloads cannot change (upstream checks it in the strategies, with
    /// the new selector as the bad value).
    /// </summary>
    public static void SelectorImmutable(JsonObject obj, JsonObject old, List<FieldError> errors)
    {
        var selector = obj.Obj("spec").Obj("selector");
        CommonValidation.Immutable(selector, old.Obj("spec").Obj("selector"), "spec.selector", GoSyntax.LabelSelector(selector), errors);
    }

    /// <summary>Status counters must not be negative; the collision count must not go down.</summary>
    public static void CollisionCountNotDecremented(JsonObject obj, JsonObject old, List<FieldError> errors)
    {
        var now = obj.Obj("status").Int("collisionCount");
        var before = old.Obj("status").Int("collisionCount");
        // upstream IsDecremented: the old count was set and the new one is unset or lower.
        if (before is { } b && (now is null || now < b))
        {
            errors.Add(FieldError.Invalid("status.collisionCount", now ?? 0, "cannot be decremented"));
        }
    }

    /// <summary>A status counter must not exceed status.replicas (or readyReplicas).</summary>
    public static void NotGreaterThan(JsonObject? status, string key, long limit, string limitName, List<FieldError> errors)
    {
        if (status.Int(key) is { } v && v > limit)
        {
            errors.Add(FieldError.Invalid(FieldPath.Child("status", key), v, $"cannot be greater than {limitName}"));
        }
    }

    /// <summary>Defaults of the embedded pod template (owned by the core pod code), then the workload's own.</summary>
    public static void DefaultTemplate(JsonObject? template) => PodTemplates.Default(template);
}
