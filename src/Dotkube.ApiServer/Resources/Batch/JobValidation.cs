using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.GroupCommon;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Batch;

/// <summary>upstream pkg/apis/batch/validation for Jobs, in upstream's order.</summary>
public static class JobValidation
{
    private const int MaxParallelismForIndexedJob = 100000;
    private const int MaxFailedIndexesForIndexedJob = 100_000;
    private const int MaxManagedByLength = 63;

    public static void ValidateJob(JsonObject job, bool requirePrefixedLabels, List<FieldError> errors)
    {
        ValidateGeneratedSelector(job, requirePrefixedLabels, errors);
        var spec = job.Obj("spec") ?? [];
        ValidateJobSpec(spec, "spec", errors);
        if (spec.Str("completionMode") == "Indexed" && spec.Int("completions") is > 0 and var completions)
        {
            // The controller names pods <job>-<index>; the largest must still be a DNS label.
            var name = job.Obj("metadata").StrOrEmpty("name");
            var hostname = $"{name}-{completions - 1}";
            if (NameValidation.IsDns1123Label(hostname).Count > 0)
            {
                errors.Add(FieldError.Invalid("metadata.name", name, $"will not able to create pod with invalid DNS label: {hostname}"));
            }
        }
    }

    /// <summary>upstream validateGeneratedSelector: the generated labels must be on the template and selected.</summary>
    private static void ValidateGeneratedSelector(JsonObject job, bool requirePrefixedLabels, List<FieldError> errors)
    {
        var spec = job.Obj("spec");
        if (spec.Bool("manualSelector") == true || spec.Obj("selector") is null)
        {
            return;
        }
        var uid = job.Obj("metadata").StrOrEmpty("uid");
        var name = job.Obj("metadata").StrOrEmpty("name");
        if (uid.Length == 0)
        {
            errors.Add(FieldError.Required("metadata.uid"));
        }
        var labels = spec.Obj("template").Obj("metadata").Obj("labels");
        HasLabel(labels, JobStrategy.LegacyControllerUidLabel, uid, errors);
        HasLabel(labels, JobStrategy.LegacyJobNameLabel, name, errors);
        var expected = new JsonObject();
        if (requirePrefixedLabels)
        {
            HasLabel(labels, JobStrategy.ControllerUidLabel, uid, errors);
            HasLabel(labels, JobStrategy.JobNameLabel, name, errors);
            expected[JobStrategy.ControllerUidLabel] = uid;
            expected[JobStrategy.JobNameLabel] = name;
        }
        expected[JobStrategy.LegacyControllerUidLabel] = uid;
        expected[JobStrategy.LegacyJobNameLabel] = name;
        var selector = spec.Obj("selector");
        if (SelectorConverts(selector) && !LabelSelectors.Matches(selector, expected))
        {
            errors.Add(FieldError.Invalid("spec.selector", GoSyntax.LabelSelector(selector), "`selector` not auto-generated"));
        }
    }

    private static bool SelectorConverts(JsonObject? selector) => LabelSelectors.TryConvert(selector, out _);

    /// <summary>upstream ValidateHasLabel.</summary>
    private static void HasLabel(JsonObject? labels, string key, string expected, List<FieldError> errors)
    {
        var path = FieldPath.Key("spec.template.metadata.labels", key);
        if (labels is null || !labels.ContainsKey(key))
        {
            errors.Add(FieldError.Required(path, $"must be '{expected}'"));
        }
        else if (labels.Str(key) != expected)
        {
            errors.Add(FieldError.Invalid(path, GoValue.StringMap(labels), $"must be '{expected}'"));
        }
    }

    /// <summary>upstream ValidateJobSpec: the common spec checks, then the selector.</summary>
    public static void ValidateJobSpec(JsonObject spec, string path, List<FieldError> errors)
    {
        ValidateCommonSpec(spec, path, errors);
        var selector = spec.Obj("selector");
        var selectorPath = FieldPath.Child(path, "selector");
        if (selector is null)
        {
            errors.Add(FieldError.Required(selectorPath));
        }
        else
        {
            LabelSelectors.Validate(selector, selectorPath, errors);
        }
        if (SelectorConverts(selector))
        {
            var labels = spec.Obj("template").Obj("metadata").Obj("labels");
            if (!LabelSelectors.Matches(selector, labels))
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(path, "template") + ".metadata.labels", GoValue.StringMap(labels), "`selector` does not match template `labels`"));
            }
        }
    }

    /// <summary>upstream validateJobSpec, shared with a CronJob's jobTemplate.</summary>
    public static void ValidateCommonSpec(JsonObject spec, string path, List<FieldError> errors)
    {
        foreach (var key in new[] { "parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished", "backoffLimitPerIndex" })
        {
            CommonValidation.NonNegative(spec, key, path, errors);
        }
        if (spec.Int("maxFailedIndexes") is { } maxFailed)
        {
            CommonValidation.NonNegative(maxFailed, FieldPath.Child(path, "maxFailedIndexes"), errors);
            if (spec["backoffLimitPerIndex"] is null)
            {
                errors.Add(FieldError.Required(FieldPath.Child(path, "backoffLimitPerIndex"), "when maxFailedIndexes is specified"));
            }
        }
        if (spec.Str("managedBy") is { } managedBy)
        {
            CommonValidation.DomainPrefixedPath(managedBy, FieldPath.Child(path, "managedBy"), errors);
            if (managedBy.Length > MaxManagedByLength)
            {
                errors.Add(FieldError.TooLong(FieldPath.Child(path, "managedBy"), managedBy, MaxManagedByLength));
            }
        }
        ValidateCompletionMode(spec, path, errors);
        var template = spec.Obj("template");
        PodTemplates.Validate(template ?? [], FieldPath.Child(path, "template"), errors);
        var restartPath = FieldPath.Child(path, "template", "spec") + ".restartPolicy";
        var restartPolicy = template.Obj("spec").StrOrEmpty("restartPolicy");
        if (restartPolicy is "Always" or "")
        {
            // The pod defaults make an unset policy Always, so both mean "not chosen".
            errors.Add(FieldError.Required(restartPath, "valid values: \"OnFailure\", \"Never\""));
        }
        else if (restartPolicy is not ("OnFailure" or "Never"))
        {
            errors.Add(FieldError.NotSupported(restartPath, restartPolicy, ["OnFailure", "Never"]));
        }
        else if (spec["podFailurePolicy"] is not null && restartPolicy != "Never")
        {
            errors.Add(FieldError.Invalid(restartPath, restartPolicy, "only \"Never\" is supported when podFailurePolicy is specified"));
        }
    }

    private static void ValidateCompletionMode(JsonObject spec, string path, List<FieldError> errors)
    {
        var mode = spec.Str("completionMode");
        if (mode is not null)
        {
            if (mode is not ("NonIndexed" or "Indexed"))
            {
                errors.Add(FieldError.NotSupported(FieldPath.Child(path, "completionMode"), mode, ["NonIndexed", "Indexed"]));
            }
            if (mode == "Indexed")
            {
                if (spec.Int("completions") is null)
                {
                    errors.Add(FieldError.Required(FieldPath.Child(path, "completions"), "when completion mode is Indexed"));
                }
                if (spec.Int("parallelism") is > MaxParallelismForIndexedJob and var p)
                {
                    errors.Add(FieldError.Invalid(FieldPath.Child(path, "parallelism"), p, $"must be less than or equal to {MaxParallelismForIndexedJob} when completion mode is Indexed"));
                }
                if (spec.Int("completions") is { } c && spec.Int("maxFailedIndexes") is { } m && m > c)
                {
                    errors.Add(FieldError.Invalid(FieldPath.Child(path, "maxFailedIndexes"), m, "must be less than or equal to completions"));
                }
                if (spec.Int("maxFailedIndexes") is > MaxFailedIndexesForIndexedJob and var mf)
                {
                    errors.Add(FieldError.Invalid(FieldPath.Child(path, "maxFailedIndexes"), mf, $"must be less than or equal to {MaxFailedIndexesForIndexedJob}"));
                }
            }
        }
        if (mode is null or "NonIndexed")
        {
            if (spec.Int("backoffLimitPerIndex") is { } b)
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(path, "backoffLimitPerIndex"), b, "requires indexed completion mode"));
            }
            if (spec.Int("maxFailedIndexes") is { } m)
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(path, "maxFailedIndexes"), m, "requires indexed completion mode"));
            }
        }
        if (spec.Str("podReplacementPolicy") is { } replacement)
        {
            var replacementPath = FieldPath.Child(path, "podReplacementPolicy");
            if (spec["podFailurePolicy"] is not null)
            {
                if (replacement != "Failed")
                {
                    errors.Add(FieldError.NotSupported(replacementPath, replacement, ["Failed"]));
                }
            }
            else if (replacement is not ("Failed" or "TerminatingOrFailed"))
            {
                errors.Add(FieldError.NotSupported(replacementPath, replacement, ["Failed", "TerminatingOrFailed"]));
            }
        }
    }

    /// <summary>upstream ValidateJobSpecUpdate: the spec again, then what may not change.</summary>
    public static void ValidateSpecUpdate(JsonObject spec, JsonObject old, List<FieldError> errors)
    {
        var oldSpec = old.Obj("spec") ?? [];
        ValidateJobSpec(spec, "spec", errors);
        ValidateCompletions(spec, oldSpec, errors);
        var selector = spec.Obj("selector");
        CommonValidation.Immutable(selector, oldSpec.Obj("selector"), "spec.selector", GoSyntax.LabelSelector(selector), errors);
        ValidateTemplateUpdate(spec, old, errors);
        CommonValidation.ImmutableString(spec, oldSpec, "completionMode", "spec.completionMode", errors);
        CommonValidation.Immutable(spec["podFailurePolicy"], oldSpec["podFailurePolicy"], "spec.podFailurePolicy", GoSyntax.Raw("&batch.PodFailurePolicy{...}"), errors);
        CommonValidation.Immutable(spec["backoffLimitPerIndex"], oldSpec["backoffLimitPerIndex"], "spec.backoffLimitPerIndex", spec.Int("backoffLimitPerIndex"), errors);
        CommonValidation.ImmutableString(spec, oldSpec, "managedBy", "spec.managedBy", errors);
        CommonValidation.Immutable(spec["successPolicy"], oldSpec["successPolicy"], "spec.successPolicy", GoSyntax.Raw("&batch.SuccessPolicy{...}"), errors);
    }

    /// <summary>Completions are fixed, except that an Indexed job may scale them together with parallelism.</summary>
    private static void ValidateCompletions(JsonObject spec, JsonObject oldSpec, List<FieldError> errors)
    {
        var completions = spec.Int("completions");
        if (completions == oldSpec.Int("completions"))
        {
            return;
        }
        if (spec.Str("completionMode") != "Indexed")
        {
            errors.Add(FieldError.Invalid("spec.completions", completions, CommonValidation.ImmutableMessage));
            return;
        }
        if (completions is { } c && c != (spec.Int("parallelism") ?? 0))
        {
            errors.Add(FieldError.Invalid("spec.completions", c, "can only be modified in tandem with spec.parallelism"));
        }
    }

    /// <summary>
    /// The pod template is immutable, except that a suspended job that never started may change
    /// its scheduling directives (node affinity, node selector, tolerations, scheduling gates, labels
    /// and annotations).
    /// </summary>
    private static void ValidateTemplateUpdate(JsonObject spec, JsonObject old, List<FieldError> errors)
    {
        var template = spec["template"]?.DeepClone() as JsonObject ?? [];
        var oldTemplate = old.Obj("spec")?["template"]?.DeepClone() as JsonObject ?? [];
        var mutableScheduling = old.Obj("spec").Bool("suspend") == true && old.Obj("status")?["startTime"] is null;
        if (mutableScheduling)
        {
            foreach (var t in new[] { template, oldTemplate })
            {
                t.Obj("metadata")?.Remove("labels");
                t.Obj("metadata")?.Remove("annotations");
                var podSpec = t.Obj("spec");
                podSpec?.Remove("nodeSelector");
                podSpec?.Remove("tolerations");
                podSpec?.Remove("schedulingGates");
                podSpec.Obj("affinity")?.Remove("nodeAffinity");
                if (podSpec.Obj("affinity") is { Count: 0 })
                {
                    podSpec!.Remove("affinity");
                }
            }
        }
        if (!CommonValidation.SemanticEquals(template, oldTemplate))
        {
            errors.Add(FieldError.Invalid("spec.template", GoSyntax.Raw("core.PodTemplateSpec{...}"), CommonValidation.ImmutableMessage));
        }
    }

    /// <summary>The counters of a job's status must not be negative.</summary>
    public static void ValidateStatus(JsonObject? status, List<FieldError> errors)
    {
        foreach (var key in new[] { "active", "succeeded", "failed", "ready", "terminating" })
        {
            CommonValidation.NonNegative(status, key, "status", errors);
        }
    }
}
