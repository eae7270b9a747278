using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.CustomResources;

/// <summary>
/// Applies schema defaults as upstream does for custom resources, on write and on read from
/// storage: a missing property (or a null one that is not nullable) takes its default, then
/// defaulting continues below it; items and map values are walked too.
/// </summary>
public static class Defaulting
{
    public static void Apply(JsonNode? node, StructuralSchema schema)
    {
        switch (node)
        {
            case JsonObject o:
                if (schema.Properties is { } properties)
                {
                    foreach (var (name, propertySchema) in properties)
                    {
                        var present = o.TryGetPropertyValue(name, out var value);
                        if (propertySchema.Default is { } d && (!present || (JsonKinds.IsNull(value) && !propertySchema.Nullable)))
                        {
                            o[name] = d.DeepClone();
                        }
                        if (o[name] is { } child)
                        {
                            Apply(child, propertySchema);
                        }
                    }
                }
                if (schema.AdditionalProperties is { } additional)
                {
                    foreach (var (key, value) in o.ToList())
                    {
                        if (schema.Properties is null || !schema.Properties.ContainsKey(key))
                        {
                            Apply(value, additional);
                        }
                    }
                }
                break;
            case JsonArray a when schema.Items is { } items:
                for (var i = 0; i < a.Count; i++)
                {
                    if (JsonKinds.IsNull(a[i]) && items.Default is { } d && !items.Nullable)
                    {
                        a[i] = d.DeepClone();
                    }
                    Apply(a[i], items);
                }
                break;
        }
    }
}
