using System.Text.Json.Nodes;

namespace Dotkube.Machinery.Apply;

/// <summary>
/// The field set an object sets, as upstream's ToFieldSet computes it: every leaf, every list item
/// and map entry, and struct fields that are null or empty objects.
/// </summary>
public static class ObjectFields
{
    /// <summary>The fields <paramref name="obj"/> sets.</summary>
    /// <param name="allowDuplicates">live objects may hold duplicate list keys; applied configurations may not.</param>
    /// <param name="rejectUnknown">refuse fields a typed struct does not declare (applied configurations).</param>
    public static FieldSet Of(JsonNode? obj, TypeSchema schema, bool allowDuplicates = false, bool rejectUnknown = false)
    {
        var set = new FieldSet();
        Walk(obj, schema, FieldPath.Root, set, allowDuplicates, rejectUnknown);
        return set;
    }

    private static void Walk(JsonNode? value, TypeSchema schema, FieldPath path, FieldSet set, bool allowDuplicates, bool rejectUnknown)
    {
        if (schema.IsLeafFor(value, value))
        {
            set.Insert(path);
            return;
        }
        switch (value)
        {
            case JsonObject obj when schema.Kind != SchemaKind.List:
                foreach (var (key, child) in obj)
                {
                    var (childSchema, named) = schema.Child(key);
                    var childPath = path.Append(PathElement.Field(key));
                    if (rejectUnknown && !named && schema.Kind == SchemaKind.Struct)
                    {
                        throw new ApplySchemaException($"{childPath}: field not declared in schema");
                    }
                    Walk(child, childSchema, childPath, set, allowDuplicates, rejectUnknown);
                    if (child is null || child is JsonObject { Count: 0 } || !named)
                    {
                        set.Insert(childPath);
                    }
                }
                break;
            case JsonArray list when schema.Kind == SchemaKind.List:
                foreach (var (pe, item) in ListItems.Index(list, schema, path, allowDuplicates))
                {
                    var itemPath = path.Append(pe);
                    Walk(item, schema.Element ?? TypeSchema.Deduced, itemPath, set, allowDuplicates, rejectUnknown);
                    set.Insert(itemPath);
                }
                break;
            case null:
                break;
            default:
                // A value of another shape than the schema says: it can only be owned whole.
                set.Insert(path);
                break;
        }
    }
}
