using System.Text.Json.Nodes;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.CustomResources;

/// <summary>
/// The x-kubernetes-list-type invariants: a set holds no value twice; a map list holds no two
/// items with the same key fields (<c>spec.ports[1]: Duplicate value: map[string]interface {}{"name":"http"}</c>).
/// </summary>
public static class ListTypes
{
    public static List<FieldError> Validate(JsonNode? value, StructuralSchema schema)
    {
        var errors = new List<FieldError>();
        Walk(value, schema, "", errors);
        return errors;
    }

    private static void Walk(JsonNode? value, StructuralSchema schema, string path, List<FieldError> errors)
    {
        switch (value)
        {
            case JsonObject o:
                foreach (var (key, child) in o)
                {
                    if (schema.Property(key) is { } childSchema)
                    {
                        Walk(child, childSchema, SchemaValidator.Join(path, key), errors);
                    }
                }
                break;
            case JsonArray a:
                Check(a, schema, path, errors);
                if (schema.Items is { } items)
                {
                    for (var i = 0; i < a.Count; i++)
                    {
                        Walk(a[i], items, $"{path}[{i}]", errors);
                    }
                }
                break;
        }
    }

    private static void Check(JsonArray a, StructuralSchema schema, string path, List<FieldError> errors)
    {
        switch (schema.ListType)
        {
            case "set":
                for (var i = 1; i < a.Count; i++)
                {
                    for (var j = 0; j < i; j++)
                    {
                        if (JsonKinds.Equal(a[i], a[j]))
                        {
                            errors.Add(FieldError.Duplicate($"{path}[{i}]", JsonKinds.ErrorValue(a[i])));
                            break;
                        }
                    }
                }
                break;
            case "map" when schema.ListMapKeys.Count > 0:
                var seen = new List<JsonObject>();
                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is not JsonObject item)
                    {
                        continue;
                    }
                    var keys = new JsonObject();
                    foreach (var k in schema.ListMapKeys)
                    {
                        if (item[k] is { } kv)
                        {
                            keys[k] = kv.DeepClone();
                        }
                        else if (schema.Items?.Property(k)?.Default is { } d)
                        {
                            keys[k] = d.DeepClone();
                        }
                    }
                    if (seen.Any(s => JsonKinds.Equal(s, keys)))
                    {
                        errors.Add(FieldError.Duplicate($"{path}[{i}]", new JsonKinds.GoValue("map[string]interface {}" + Registry.ObjectJson.ToJsonString(keys))));
                    }
                    else
                    {
                        seen.Add(keys);
                    }
                }
                break;
        }
    }
}
