using System.Text.Json.Nodes;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.CustomResources;

/// <summary>
/// x-kubernetes-embedded-resource values are objects of their own: apiVersion and kind must be
/// set, and their metadata.name follows the usual name rules, as upstream checks them.
/// </summary>
public static class EmbeddedResources
{
    public static void Validate(JsonNode? value, StructuralSchema schema, string path, List<FieldError> errors, bool isRoot = false)
    {
        switch (value)
        {
            case JsonObject o:
                if (schema.EmbeddedResource && !isRoot)
                {
                    CheckTypeMeta(o, path, errors);
                }
                foreach (var (key, child) in o)
                {
                    if (isRoot && key == "metadata")
                    {
                        continue;
                    }
                    if (schema.Property(key) is { } childSchema)
                    {
                        Validate(child, childSchema, SchemaValidator.Join(path, key), errors);
                    }
                }
                break;
            case JsonArray a when schema.Items is { } items:
                for (var i = 0; i < a.Count; i++)
                {
                    Validate(a[i], items, $"{path}[{i}]", errors);
                }
                break;
        }
    }

    private static void CheckTypeMeta(JsonObject o, string path, List<FieldError> errors)
    {
        var apiVersion = CrdView.Text(o, "apiVersion");
        var kind = CrdView.Text(o, "kind");
        if (kind.Length == 0)
        {
            errors.Add(FieldError.Required(SchemaValidator.Join(path, "kind"), "must not be empty"));
        }
        if (apiVersion.Length == 0)
        {
            errors.Add(FieldError.Required(SchemaValidator.Join(path, "apiVersion"), "must not be empty"));
        }
        else if (apiVersion.Count(c => c == '/') > 1 || apiVersion.EndsWith('/'))
        {
            errors.Add(FieldError.Invalid(SchemaValidator.Join(path, "apiVersion"), apiVersion, "must be a valid group/version"));
        }
        if (o["metadata"] is JsonObject meta && CrdView.Text(meta, "name") is { Length: > 0 } name)
        {
            foreach (var message in NameValidation.IsDns1123Subdomain(name))
            {
                errors.Add(FieldError.Invalid(SchemaValidator.Join(path, "metadata.name"), name, message));
            }
        }
    }
}
