using System.Globalization;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.GroupCommon;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Batch;

/// <summary>batch/v1 jobs.</summary>
public static class JobResource
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "batch",
        Versions = ["v1"],
        Kind = "Job",
        Plural = "jobs",
        Singular = "job",
        Namespaced = true,
        Categories = ["all"],
        Subresources = ["status"],
        StoragePrefix = "/registry/jobs",
        Strategy = new JobStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1Job) },
    };
}

/// <summary>Defaulting, selector generation, validation and table of jobs (upstream pkg/registry/batch/job).</summary>
public sealed class JobStrategy : ResourceStrategy
{
    protected override IEnumerable<JsonObject?> EmbeddedTemplates(JsonObject obj) => [obj.Obj("spec")?.Obj("template")];

    public const string LegacyControllerUidLabel = "controller-uid";
    public const string LegacyJobNameLabel = "job-name";
    public const string ControllerUidLabel = "batch.kubernetes.io/controller-uid";
    public const string JobNameLabel = "batch.kubernetes.io/job-name";

    public override bool HasStatus => true;

    public override void Default(JsonObject obj)
    {
        var spec = obj.EnsureObj("spec");
        if (spec.Int("completions") is null && spec.Int("parallelism") is null)
        {
            spec["completions"] = 1;
            spec["parallelism"] = 1;
        }
        spec.Default("parallelism", 1);
        if (spec["backoffLimit"] is null)
        {
            spec["backoffLimit"] = spec["backoffLimitPerIndex"] is null ? 6 : int.MaxValue;
        }
        CopyTemplateLabels(obj);
        spec.DefaultString("completionMode", "NonIndexed");
        spec.Default("suspend", false);
        foreach (var rule in spec.Obj("podFailurePolicy").Arr("rules").Objects())
        {
            foreach (var pattern in rule.Arr("onPodConditions").Objects())
            {
                pattern.DefaultString("status", "True");
            }
        }
        spec.DefaultString("podReplacementPolicy", spec["podFailurePolicy"] is null ? "TerminatingOrFailed" : "Failed");
        spec.Default("manualSelector", false);
        PodTemplates.Default(spec.Obj("template"));
    }

    /// <summary>A job without labels takes its pod template's labels (upstream SetDefaults_Job).</summary>
    private static void CopyTemplateLabels(JsonObject obj)
    {
        var templateLabels = obj.Obj("spec").Obj("template").Obj("metadata").Obj("labels");
        var meta = obj.EnsureObj("metadata");
        if (templateLabels is not null && (meta.Obj("labels")?.Count ?? 0) == 0)
        {
            meta["labels"] = templateLabels.DeepClone();
        }
    }

    /// <summary>
    /// Clears status and, unless the selector is manual, generates it from the job's uid and labels
    /// the template to match, as upstream's generateSelector does.
    /// </summary>
    public override void PrepareForCreate(JsonObject obj)
    {
        base.PrepareForCreate(obj);
        // A new job has the empty status Go serializes as {}.
        obj["status"] = new JsonObject();
        // Upstream defaults (copying template labels) before the selector is generated.
        CopyTemplateLabels(obj);
        if (obj.Obj("spec").Bool("manualSelector") != true)
        {
            GenerateSelector(obj);
        }
        // Upstream defaults again whenever it decodes the stored job, so an unlabelled job shows
        // the generated template labels as its own from its first read on.
        CopyTemplateLabels(obj);
    }

    private static void GenerateSelector(JsonObject obj)
    {
        var name = obj.Obj("metadata").StrOrEmpty("name");
        var uid = obj.Obj("metadata").StrOrEmpty("uid");
        var spec = obj.EnsureObj("spec");
        var labels = spec.EnsureObj("template").EnsureObj("metadata").EnsureObj("labels");
        foreach (var key in new[] { LegacyJobNameLabel, JobNameLabel })
        {
            if (!labels.ContainsKey(key))
            {
                labels[key] = name;
            }
        }
        foreach (var key in new[] { LegacyControllerUidLabel, ControllerUidLabel })
        {
            if (!labels.ContainsKey(key))
            {
                labels[key] = uid;
            }
        }
        var matchLabels = spec.EnsureObj("selector").EnsureObj("matchLabels");
        if (!matchLabels.ContainsKey(ControllerUidLabel))
        {
            matchLabels[ControllerUidLabel] = uid;
        }
    }

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        JobValidation.ValidateJob(obj, requirePrefixedLabels: true, errors);
        return errors;
    }

    public override IReadOnlyList<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        // Jobs created before the prefixed labels existed need not grow them.
        var oldLabels = old.Obj("spec").Obj("template").Obj("metadata").Obj("labels");
        var requirePrefixed = oldLabels?.ContainsKey(JobNameLabel) == true && oldLabels.ContainsKey(ControllerUidLabel);
        var errors = new List<FieldError>();
        JobValidation.ValidateJob(obj, requirePrefixed, errors);
        JobValidation.ValidateSpecUpdate(obj.Obj("spec") ?? [], old, errors);
        return errors;
    }

    public override IReadOnlyList<FieldError> ValidateStatusUpdate(JsonObject obj, JsonObject old)
    {
        var errors = new List<FieldError>();
        JobValidation.ValidateStatus(obj.Obj("status"), errors);
        return errors;
    }

    public override void AddFieldSelectorAttributes(JsonObject obj, IDictionary<string, string> attributes) =>
        attributes["status.successful"] = (obj.Obj("status").Int("succeeded") ?? 0).ToString(CultureInfo.InvariantCulture);

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        GroupColumns.Text("Status", "Status of the job.", (o, _) => JobTable.Status(o)),
        GroupColumns.Text("Completions", "The number of pods which reached phase Succeeded. The value increases monotonically for a given spec. However, it may decrease in reaction to scale down of elastic indexed jobs.",
            (o, _) => JobTable.Completions(o)),
        GroupColumns.Text("Duration", "Time required to complete the job.", (o, now) => JobTable.Duration(o, now)),
        TableColumn.AgeColumn,
        .. GroupColumns.ContainersAndImages(o => o.Obj("spec").Obj("template").Obj("spec")),
        GroupColumns.Text("Selector", "A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors",
            (o, _) => LabelSelectors.Format(o.Obj("spec").Obj("selector")), 1),
    ];
}
