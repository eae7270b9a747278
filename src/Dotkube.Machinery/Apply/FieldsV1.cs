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
        // Members and children merge in one sorted sequence, as upstream writes them: both are
        // kept in the same order, so one pass over the two merges them.
        using var members = set.SortedMembers.GetEnumerator();
        using IEnumerator<KeyValuePair<PathElement, FieldSet>> children = set.SortedChildren.GetEnumerator();
        var hasMember = members.MoveNext();
        var hasChild = NextNonEmpty(children);
        while (hasMember || hasChild)
        {
            var order = !hasChild ? -1 : !hasMember ? 1 : members.Current.CompareTo(children.Current.Key);
            if (order < 0)
            {
                obj[members.Current.Serialized] = new JsonObject();
                hasMember = members.MoveNext();
                continue;
            }
            var (pe, child) = children.Current;
            obj[pe.Serialized] = Emit(child, includeSelf: order == 0);
            if (order == 0)
            {
                hasMember = members.MoveNext();
            }
            hasChild = NextNonEmpty(children);
        }
        return obj;
    }

    private static bool NextNonEmpty(IEnumerator<KeyValuePair<PathElement, FieldSet>> children)
    {
        while (children.MoveNext())
        {
            if (!children.Current.Value.IsEmpty)
            {
                return true;
            }
        }
        return false;
    }
}
