using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.Core;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.GroupCommon;

/// <summary>
/// The one place the workload resources reach the core pod code: defaulting and validation of an
/// embedded pod template, both owned by the core resources.
/// </summary>
public static class PodTemplates
{
    /// <summary>upstream SetDefaults_PodSpec and friends, applied to a template's spec.</summary>
    public static void Default(JsonObject? template) => PodSpecDefaults.ApplyToTemplate(template);

    /// <summary>upstream ValidatePodTemplateSpec: template labels, annotations and pod spec.</summary>
    public static void Validate(JsonObject? template, string path, List<FieldError> errors) =>
        PodSpecValidation.ValidatePodTemplateSpec(template, path, errors);

    /// <summary>The containers of a template, for the wide table columns.</summary>
    public static JsonArray? Containers(JsonObject? template) => template.Obj("spec").Arr("containers");
}
