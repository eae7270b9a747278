using System.Globalization;
using System.Text.Json.Nodes;

namespace Dotkube.Machinery.Apply;

/// <summary>What a path element selects.</summary>
public enum PathElementKind
{
    /// <summary>A field of a struct or a key of a map: <c>f:name</c>.</summary>
    Field,

    /// <summary>An item of a list of type map, by the values of its keys: <c>k:{"name":"nginx"}</c>.</summary>
    Key,

    /// <summary>An item of a list of type set, by its value: <c>v:"finalizer"</c>.</summary>
    Value,

    /// <summary>An item of a list by position (lists without keys): <c>i:0</c>.</summary>
    Index,
}

/// <summary>
/// One step of a field path, as server-side apply names it. Equality and order are upstream's:
/// fields before keys before values before indexes, then by name, key fields or value.
/// </summary>
public sealed class PathElement : IComparable<PathElement>, IEquatable<PathElement>
{
    private PathElement(PathElementKind kind, string? name, IReadOnlyList<KeyValuePair<string, JsonNode?>>? keys, JsonNode? value, int index, string serialized)
    {
        Kind = kind;
        FieldName = name;
        KeyFields = keys;
        Value = value;
        Index = index;
        Serialized = serialized;
    }

    public PathElementKind Kind { get; }

    public string? FieldName { get; }

    /// <summary>For <see cref="PathElementKind.Key"/>: the key fields, sorted by name.</summary>
    public IReadOnlyList<KeyValuePair<string, JsonNode?>>? KeyFields { get; }

    public JsonNode? Value { get; }

    public int Index { get; }

    /// <summary>The FieldsV1 form: <c>f:name</c>, <c>k:{...}</c>, <c>v:...</c> or <c>i:N</c>.</summary>
    public string Serialized { get; }

    public static PathElement Field(string name) => new(PathElementKind.Field, name, null, null, 0, "f:" + name);

    public static PathElement Key(IEnumerable<KeyValuePair<string, JsonNode?>> fields)
    {
        var sorted = fields.OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => new KeyValuePair<string, JsonNode?>(f.Key, f.Value?.DeepClone())).ToList();
        return new(PathElementKind.Key, null, sorted, null, 0, "k:" + GoJson.CompactObject(sorted));
    }

    public static PathElement ValueOf(JsonNode? value) =>
        new(PathElementKind.Value, null, null, value?.DeepClone(), 0, "v:" + GoJson.Compact(value));

    public static PathElement IndexOf(int index) =>
        new(PathElementKind.Index, null, null, null, index, "i:" + index.ToString(CultureInfo.InvariantCulture));

    /// <summary>Parses the FieldsV1 form of an element.</summary>
    public static PathElement Parse(string s)
    {
        if (s.Length < 2 || s[1] != ':')
        {
            throw new FormatException($"unable to parse path element '{s}'");
        }
        var rest = s[2..];
        switch (s[0])
        {
            case 'f':
                return Field(rest);
            case 'k':
                if (JsonNode.Parse(rest) is not JsonObject key)
                {
                    throw new FormatException($"unable to parse key '{rest}'");
                }
                return Key(key.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value)));
            case 'v':
                return ValueOf(JsonNode.Parse(rest));
            case 'i':
                return int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
                    ? IndexOf(i)
                    : throw new FormatException($"unable to parse index '{rest}'");
            default:
                throw new FormatException($"unknown path element kind in '{s}'");
        }
    }

    public int CompareTo(PathElement? other)
    {
        if (other is null)
        {
            return 1;
        }
        if (Kind != other.Kind)
        {
            return Kind.CompareTo(other.Kind);
        }
        if (Kind != PathElementKind.Field && string.Equals(Serialized, other.Serialized, StringComparison.Ordinal))
        {
            // Equal elements serialize alike: no need to compare their values.
            return 0;
        }
        switch (Kind)
        {
            case PathElementKind.Field:
                return string.CompareOrdinal(FieldName, other.FieldName);
            case PathElementKind.Key:
                {
                    var (a, b) = (KeyFields!, other.KeyFields!);
                    for (var i = 0; ; i++)
                    {
                        if (i >= a.Count || i >= b.Count)
                        {
                            return a.Count.CompareTo(b.Count);
                        }
                        if (string.CompareOrdinal(a[i].Key, b[i].Key) is var c and not 0)
                        {
                            return c;
                        }
                        if (GoJson.CompareValues(a[i].Value, b[i].Value) is var d and not 0)
                        {
                            return d;
                        }
                    }
                }
            case PathElementKind.Value:
                return GoJson.CompareValues(Value, other.Value);
            default:
                return Index.CompareTo(other.Index);
        }
    }

    public bool Equals(PathElement? other) => other is not null && Serialized == other.Serialized;

    public override bool Equals(object? obj) => obj is PathElement p && Equals(p);

    public override int GetHashCode() => Serialized.GetHashCode(StringComparison.Ordinal);

    /// <summary>The element as upstream prints it in messages: <c>.name</c>, <c>[name="nginx"]</c>, <c>[="x"]</c>, <c>[0]</c>.</summary>
    public override string ToString() => Kind switch
    {
        PathElementKind.Field => "." + FieldName,
        PathElementKind.Key => "[" + string.Join(",", KeyFields!.Select(k => k.Key + "=" + GoJson.PathText(k.Value))) + "]",
        PathElementKind.Value => "[=" + GoJson.PathText(Value) + "]",
        _ => "[" + Index.ToString(CultureInfo.InvariantCulture) + "]",
    };
}
