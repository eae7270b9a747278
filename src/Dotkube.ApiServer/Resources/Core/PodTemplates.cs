using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Core;

/// <summary>core/v1 PodTemplates.</summary>
public static class PodTemplates
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "",
        Versions = ["v1"],
        Kind = "PodTemplate",
        Plural = "podtemplates",
        Singular = "podtemplate",
        Namespaced = true,
        StoragePrefix = "/registry/podtemplates",
        Strategy = new PodTemplateStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1PodTemplate) },
    };
}

public sealed class PodTemplateStrategy : ResourceStrategy
{
    protected override IEnumerable<JsonObject?> EmbeddedTemplates(JsonObject obj) => [obj.Obj("template")];

    public override void Default(JsonObject obj) => PodSpecDefaults.ApplyToTemplate(obj.Obj("template"));

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        PodSpecValidation.ValidatePodTemplateSpec(obj.Obj("template") ?? [], "template", errors);
        return errors;
    }

    // Upstream's pod template table has no AGE column.
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        new("Containers", "string", "", ColumnDocs.ContainerNames, 0, (o, _) => TableFormat.Containers(o.Obj("template").Obj("spec").Arr("containers")).Names),
        new("Images", "string", "", ColumnDocs.ContainerImages, 0, (o, _) => TableFormat.Containers(o.Obj("template").Obj("spec").Arr("containers")).Images),
        new("Pod Labels", "string", "", "The labels for the pod template.", 0, (o, _) => TableFormat.Labels(o.Obj("template").Obj("metadata").Obj("labels"))),
    ];
}
