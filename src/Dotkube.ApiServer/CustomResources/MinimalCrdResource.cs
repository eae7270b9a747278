using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.CustomResources;

/// <summary>
/// A stand-in registration of apiextensions.k8s.io/v1 customresourcedefinitions, used only when
/// nothing else registered the resource (the full one, with v1beta1 and all of upstream's CRD
/// validation, lives in Resources/). It checks what serving needs and no more.
/// </summary>
public static class MinimalCrdResource
{
    public static ResourceDefinition Definition(TimeProvider clock) => new()
    {
        Group = CrdController.Group,
        Versions = ["v1"],
        Kind = "CustomResourceDefinition",
        Plural = "customresourcedefinitions",
        Singular = "customresourcedefinition",
        Namespaced = false,
        ShortNames = ["crd", "crds"],
        Categories = ["api-extensions"],
        Subresources = ["status"],
        StoragePrefix = "/registry/apiextensions.k8s.io/customresourcedefinitions",
        Strategy = new Strategy(clock),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1CustomResourceDefinition) },
    };

    private sealed class Strategy(TimeProvider clock) : ResourceStrategy, IDeletionStrategy
    {
        public override bool HasStatus => true;

        public override IReadOnlyList<FieldError> Validate(JsonObject obj)
        {
            var errors = new List<FieldError>();
            var view = CrdView.Of(obj);
            if (view.Name != $"{view.Plural}.{view.Group}")
            {
                errors.Add(FieldError.Invalid("metadata.name", view.Name, "must be spec.names.plural+\".\"+spec.group"));
            }
            if (view.Versions.Count(v => v.Storage) != 1)
            {
                errors.Add(FieldError.Invalid("spec.versions", "", "must have exactly one version marked as storage version"));
            }
            errors.AddRange(StructuralSchemaChecks.Validate(obj));
            return errors;
        }

        public bool KeepOnDelete(JsonObject obj) => CustomResourceCleanup.KeepOnDelete(obj, clock.GetUtcNow());
    }
}
