using System.Text.Json.Nodes;

namespace Dotkube.Machinery.Apply;

/// <summary>
/// The FieldsV1 encoding of a <see cref="FieldSet"/> in managedFields: a JSON object whose keys are
/// path elements (<c>f:</c>, <c>k:</c>, <c>v:</c>, <c>i:</c>) and whose values are the paths below;
/// <c>"."</c> marks an element that is in the set itself and also has paths below it.
/// </summary>
public static class FieldsV1
{
    public static FieldSet Parse(JsonNode? node)
    {
        var set = new FieldSet();
        if (node is not JsonObject obj)
        {
            throw new FormatException("FieldsV1 must be a JSON object");
        }
        ParseInto(set, obj);
        return set;
    }

    public static FieldSet Parse(string json) => Parse(JsonNode.Parse(json));

    private static void ParseInto(FieldSet set, JsonObject obj)
    {
        foreach (var (key, value) in obj)
        {
            if (key == ".")
            {
                continue;
            }
            var pe = PathElement.Parse(key);
            if (value is not JsonObject inner)
            {
                throw new FormatException($"FieldsV1: the value of '{key}' must be an object");
            }
            if (inner.Count == 0 || inner.ContainsKey("."))
            {
                set.AddMember(pe);
            }
            if (inner.Count > (inner.ContainsKey(".") ? 1 : 0))
            {
                ParseInto(set.Child(pe), inner);
            }
        }
    }

    public static JsonObject Serialize(FieldSet set) => Emit(set, includeSelf: false);

    private static JsonObject Emit(FieldSet set, bool includeSelf)
    {
        var obj = new JsonObject();
        if (includeSelf)
        {
            obj["."] = new JsonObject();
        }
        // Members and children merge in one sorted sequence, as upstream writes them.
        var keys = set.Members.Union(set.Children.Where(c => !c.Value.IsEmpty).Select(c => c.Key)).Order();
        foreach (var pe in keys)
        {
            var hasChildren = set.HasChildren(pe);
            obj[pe.Serialized] = hasChildren ? Emit(set.Children[pe], set.HasMember(pe)) : new JsonObject();
        }
        return obj;
    }
}
