using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.GroupCommon;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Batch;

/// <summary>batch/v1 cronjobs.</summary>
public static class CronJobResource
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "batch",
        Versions = ["v1"],
        Kind = "CronJob",
        Plural = "cronjobs",
        Singular = "cronjob",
        Namespaced = true,
        ShortNames = ["cj"],
        Categories = ["all"],
        Subresources = ["status"],
        StoragePrefix = "/registry/cronjobs",
        Strategy = new CronJobStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1CronJob) },
    };
}

/// <summary>Defaulting, validation and table of cronjobs (upstream pkg/registry/batch/cronjob).</summary>
public sealed class CronJobStrategy : ResourceStrategy
{
    protected override IEnumerable<JsonObject?> EmbeddedTemplates(JsonObject obj) =>
        [obj.Obj("spec")?.Obj("jobTemplate"), obj.Obj("spec")?.Obj("jobTemplate")?.Obj("spec")?.Obj("template")];

    public override bool HasStatus => true;

    /// <summary>A new cron job has the empty status Go serializes as {}.</summary>
    public override void PrepareForCreate(JsonObject obj)
    {
        base.PrepareForCreate(obj);
        obj["status"] = new JsonObject();
    }

    public override void Default(JsonObject obj)
    {
        var spec = obj.EnsureObj("spec");
        spec.DefaultString("concurrencyPolicy", "Allow");
        spec.Default("suspend", false);
        spec.Default("successfulJobsHistoryLimit", 3);
        spec.Default("failedJobsHistoryLimit", 1);
        var jobSpec = spec.Obj("jobTemplate").Obj("spec");
        foreach (var rule in jobSpec.Obj("podFailurePolicy").Arr("rules").Objects())
        {
            foreach (var pattern in rule.Arr("onPodConditions").Objects())
            {
                pattern.DefaultString("status", "True");
            }
        }
        PodTemplates.Default(jobSpec.Obj("template"));
    }

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        CronJobValidation.ValidateSpec(obj.Obj("spec") ?? [], null, errors);
        var name = obj.Obj("metadata").StrOrEmpty("name");
        // The controller appends an 11-character suffix to make job names (at most 63 characters).
        if (name.Length > NameValidation.Dns1035LabelMaxLength - 11)
        {
            errors.Add(FieldError.Invalid("metadata.name", name, "must be no more than 52 characters"));
        }
        return errors;
    }

    public override IReadOnlyList<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errors = new List<FieldError>();
        CronJobValidation.ValidateSpec(obj.Obj("spec") ?? [], old.Obj("spec") ?? [], errors);
        return errors;
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        GroupColumns.Text("Schedule", "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.",
            (o, _) => o.Obj("spec").StrOrEmpty("schedule")),
        GroupColumns.Text("Timezone", "The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not specified, this will default to the time zone of the kube-controller-manager process. The set of valid time zone names and the time zone offset is loaded from the system-wide time zone database by the API server during CronJob validation and the controller manager during execution. If no system-wide time zone database can be found a bundled version of the database is used instead. If the time zone name becomes invalid during the lifetime of a CronJob or due to a change in host configuration, the controller will stop creating new new Jobs and will create a system event with the reason UnknownTimeZone. More information can be found in https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones",
            (o, _) => o.Obj("spec").Str("timeZone") ?? "<none>"),
        GroupColumns.Boolean("Suspend", "This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false.",
            (o, _) => o.Obj("spec").Bool("suspend") switch { true => "True", false => "False", null => "<unset>" }),
        GroupColumns.Integer("Active", "A list of pointers to currently running jobs.",
            (o, _) => (long)(o.Obj("status").Arr("active")?.Count ?? 0)),
        GroupColumns.Text("Last Schedule", "Information when was the last time the job was successfully scheduled.",
            (o, now) => o.Obj("status").Str("lastScheduleTime") is { } t ? TableFormat.Since(t, now) : "<none>"),
        TableColumn.AgeColumn,
        .. GroupColumns.ContainersAndImages(o => o.Obj("spec").Obj("jobTemplate").Obj("spec").Obj("template").Obj("spec")),
        GroupColumns.Text("Selector", "A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors",
            (o, _) => LabelSelectors.Format(o.Obj("spec").Obj("jobTemplate").Obj("spec").Obj("selector")), 1),
    ];
}

/// <summary>upstream validateCronJobSpec and ValidateJobTemplateSpec.</summary>
public static class CronJobValidation
{
    public static void ValidateSpec(JsonObject spec, JsonObject? oldSpec, List<FieldError> errors)
    {
        var schedule = spec.StrOrEmpty("schedule");
        if (schedule.Length == 0)
        {
            errors.Add(FieldError.Required("spec.schedule"));
        }
        else
        {
            var allowTzInSchedule = oldSpec.StrOrEmpty("schedule").Contains("TZ", StringComparison.Ordinal);
            ValidateScheduleFormat(schedule, allowTzInSchedule, spec["timeZone"] is not null, errors);
        }
        CommonValidation.NonNegative(spec, "startingDeadlineSeconds", "spec", errors);
        if (oldSpec is null || spec.Str("timeZone") != oldSpec.Str("timeZone"))
        {
            ValidateTimeZone(spec, errors);
        }
        var policy = spec.StrOrEmpty("concurrencyPolicy");
        if (policy.Length == 0)
        {
            errors.Add(FieldError.Required("spec.concurrencyPolicy"));
        }
        else if (policy is not ("Allow" or "Forbid" or "Replace"))
        {
            errors.Add(FieldError.NotSupported("spec.concurrencyPolicy", policy, ["Allow", "Forbid", "Replace"]));
        }
        ValidateJobTemplate(spec.Obj("jobTemplate"), errors);
        CommonValidation.NonNegative(spec, "successfulJobsHistoryLimit", "spec", errors);
        CommonValidation.NonNegative(spec, "failedJobsHistoryLimit", "spec", errors);
    }

    private static void ValidateScheduleFormat(string schedule, bool allowTzInSchedule, bool hasTimeZone, List<FieldError> errors)
    {
        if (CronSchedule.Check(schedule) is { } error)
        {
            errors.Add(FieldError.Invalid("spec.schedule", schedule, error));
        }
        var hasTz = schedule.Contains("TZ", StringComparison.Ordinal);
        if (allowTzInSchedule && hasTz && hasTimeZone)
        {
            errors.Add(FieldError.Invalid("spec.schedule", schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule"));
        }
        else if (!allowTzInSchedule && hasTz)
        {
            errors.Add(FieldError.Invalid("spec.schedule", schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
        }
    }

    private static void ValidateTimeZone(JsonObject spec, List<FieldError> errors)
    {
        if (spec.Str("timeZone") is not { } timeZone)
        {
            return;
        }
        if (timeZone.Length == 0)
        {
            errors.Add(FieldError.Invalid("spec.timeZone", timeZone, "timeZone must be nil or non-empty string"));
            return;
        }
        foreach (var part in timeZone.Split('/'))
        {
            if (part is "." or ".." || part.StartsWith('-') || part.Length is 0 or > 14
                || !part.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '+'))
            {
                errors.Add(FieldError.Invalid("spec.timeZone", timeZone, $"unknown time zone {timeZone}"));
                return;
            }
        }
        if (string.Equals(timeZone, "Local", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(FieldError.Invalid("spec.timeZone", timeZone, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"));
        }
        if (TimeZones.LoadError(timeZone) is { } error)
        {
            errors.Add(FieldError.Invalid("spec.timeZone", timeZone, error));
        }
    }

    private static void ValidateJobTemplate(JsonObject? jobTemplate, List<FieldError> errors)
    {
        var jobSpec = jobTemplate.Obj("spec") ?? [];
        JobValidation.ValidateCommonSpec(jobSpec, "spec.jobTemplate.spec", errors);
        if (jobSpec.Obj("selector") is { } selector)
        {
            errors.Add(FieldError.Invalid("spec.jobTemplate.spec.selector", GoSyntax.LabelSelector(selector), "`selector` will be auto-generated"));
        }
        if (jobSpec.Bool("manualSelector") == true)
        {
            errors.Add(FieldError.NotSupported("spec.jobTemplate.spec.manualSelector", true, ["nil", "false"]));
        }
    }
}
