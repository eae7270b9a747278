using System.Text.Json.Nodes;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.CustomResources;

/// <summary>
/// The apiextensions.k8s.io/v1 rules a CRD version's schema must meet to serve custom resources
/// (structural schemas and compilable CEL rules), with upstream's paths and wording, e.g.
/// <c>spec.versions[0].schema.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields</c>.
/// A CRD strategy calls <see cref="Validate"/> on create and update.
/// </summary>
public static class StructuralSchemaChecks
{
    public static List<FieldError> Validate(JsonObject crd)
    {
        var errors = new List<FieldError>();
        var spec = crd["spec"] as JsonObject ?? [];
        var versions = spec["versions"] as JsonArray ?? [];
        for (var i = 0; i < versions.Count; i++)
        {
            if (versions[i] is not JsonObject v)
            {
                continue;
            }
            var path = $"spec.versions[{i}].schema.openAPIV3Schema";
            if (v["schema"]?["openAPIV3Schema"] is not JsonObject schema)
            {
                // A missing schema is the CRD strategy's error (schemas are required in v1).
                continue;
            }
            if (CrdView.Text(schema, "type") != "object")
            {
                errors.Add(CrdView.Text(schema, "type").Length == 0
                    ? FieldError.Required($"{path}.type", "must not be empty at the root")
                    : FieldError.Invalid($"{path}.type", CrdView.Text(schema, "type"), "must be object at the root"));
            }
            var before = errors.Count;
            CheckNode(schema, path, errors, isRoot: true);
            if (errors.Count == before)
            {
                // Costs only of schemas whose rules compile, as upstream.
                Cost.CelCostLimits.Check(StructuralSchema.Parse(schema), path, errors);
            }
        }
        return errors;
    }

    private static void CheckNode(JsonObject node, string path, List<FieldError> errors, bool isRoot = false)
    {
        var type = CrdView.Text(node, "type");
        var intOrString = node["x-kubernetes-int-or-string"] is JsonValue ios && ios.TryGetValue<bool>(out var b1) && b1;
        var preserve = node["x-kubernetes-preserve-unknown-fields"] is JsonValue p && p.TryGetValue<bool>(out var b2) && b2;
        if (!isRoot && type.Length == 0 && !intOrString && !preserve)
        {
            errors.Add(FieldError.Required($"{path}.type", "must not be empty for specified object fields"));
        }
        if (node["additionalProperties"] is JsonObject && node["properties"] is JsonObject)
        {
            errors.Add(FieldError.Forbidden($"{path}.additionalProperties", "additionalProperties and properties are mutual exclusive"));
        }
        if (node["x-kubernetes-validations"] is JsonArray rules)
        {
            for (var r = 0; r < rules.Count; r++)
            {
                foreach (var field in new[] { "rule", "messageExpression" })
                {
                    if (rules[r]?[field] is JsonValue text && text.TryGetValue<string>(out var expression) && expression.Length > 0
                        && CelRules.CompileError(expression) is { } error)
                    {
                        errors.Add(FieldError.Invalid($"{path}.x-kubernetes-validations[{r}].{field}", expression, $"compilation failed: {error}"));
                    }
                }
            }
        }
        if (node["properties"] is JsonObject properties)
        {
            foreach (var (name, child) in properties)
            {
                if (child is JsonObject c)
                {
                    CheckNode(c, $"{path}.properties[{name}]", errors);
                }
            }
        }
        if (node["items"] is JsonObject items)
        {
            CheckNode(items, $"{path}.items", errors);
        }
        if (node["additionalProperties"] is JsonObject additional)
        {
            CheckNode(additional, $"{path}.additionalProperties", errors);
        }
    }
}
