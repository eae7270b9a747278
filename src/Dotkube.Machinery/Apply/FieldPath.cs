namespace Dotkube.Machinery.Apply;

/// <summary>A path from the object's root to one field or item; printed as upstream does (<c>.spec.containers[name="nginx"].image</c>).</summary>
public sealed class FieldPath : IEquatable<FieldPath>
{
    public static readonly FieldPath Root = new([]);

    public FieldPath(IReadOnlyList<PathElement> elements)
    {
        Elements = elements;
    }

    public IReadOnlyList<PathElement> Elements { get; }

    public int Count => Elements.Count;

    public static FieldPath Of(params string[] fields) => new(fields.Select(PathElement.Field).ToArray());

    public FieldPath Append(PathElement element) => new([.. Elements, element]);

    public bool Equals(FieldPath? other) => other is not null && Elements.SequenceEqual(other.Elements);

    public override bool Equals(object? obj) => obj is FieldPath p && Equals(p);

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    public override string ToString() => string.Concat(Elements.Select(e => e.ToString()));
}
