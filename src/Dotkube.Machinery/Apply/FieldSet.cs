namespace Dotkube.Machinery.Apply;

/// <summary>
/// A set of field paths, stored as a tree like upstream's fieldpath.Set: at each level the
/// elements that are themselves in the set (members) and the elements that have paths below them
/// (children). An element can be both — FieldsV1 marks that with <c>"."</c>.
/// </summary>
public sealed class FieldSet
{
    private readonly SortedSet<PathElement> members = [];
    private readonly SortedDictionary<PathElement, FieldSet> children = [];

    public static FieldSet Empty => new();

    public IReadOnlyCollection<PathElement> Members => members;

    /// <summary>The members in path order, without going through an interface.</summary>
    internal SortedSet<PathElement> SortedMembers => members;

    /// <summary>The children in path order, without going through an interface.</summary>
    internal SortedDictionary<PathElement, FieldSet> SortedChildren => children;

    public IReadOnlyDictionary<PathElement, FieldSet> Children => children;

    public bool IsEmpty => members.Count == 0 && children.Values.All(c => c.IsEmpty);

    public static FieldSet Of(params FieldPath[] paths)
    {
        var set = new FieldSet();
        foreach (var p in paths)
        {
            set.Insert(p);
        }
        return set;
    }

    public void Insert(FieldPath path)
    {
        if (path.Count == 0)
        {
            return;
        }
        var node = this;
        for (var i = 0; i < path.Count - 1; i++)
        {
            node = node.Child(path.Elements[i]);
        }
        node.members.Add(path.Elements[^1]);
    }

    /// <summary>Inserts the members and children of <paramref name="other"/> below <paramref name="element"/>.</summary>
    internal void InsertAll(PathElement element, FieldSet other)
    {
        if (!other.IsEmpty)
        {
            Child(element).UnionInPlace(other);
        }
    }

    internal void AddMember(PathElement element) => members.Add(element);

    internal FieldSet Child(PathElement element)
    {
        if (!children.TryGetValue(element, out var child))
        {
            child = new FieldSet();
            children[element] = child;
        }
        return child;
    }

    public bool Has(FieldPath path)
    {
        if (path.Count == 0)
        {
            return false;
        }
        var node = this;
        for (var i = 0; i < path.Count - 1; i++)
        {
            if (!node.children.TryGetValue(path.Elements[i], out node))
            {
                return false;
            }
        }
        return node.members.Contains(path.Elements[^1]);
    }

    public bool HasMember(PathElement element) => members.Contains(element);

    /// <summary>The paths below <paramref name="element"/>, relative to it (empty when there are none).</summary>
    public FieldSet WithPrefix(PathElement element) => children.TryGetValue(element, out var c) ? c : Empty;

    public bool HasChildren(PathElement element) => children.TryGetValue(element, out var c) && !c.IsEmpty;

    public FieldSet Union(FieldSet other)
    {
        var result = Clone();
        result.UnionInPlace(other);
        return result;
    }

    private void UnionInPlace(FieldSet other)
    {
        members.UnionWith(other.members);
        foreach (var (pe, child) in other.children)
        {
            Child(pe).UnionInPlace(child);
        }
    }

    /// <summary>Adds the paths of <paramref name="other"/> to this set (which must be the caller's own).</summary>
    internal void UnionWith(FieldSet other) => UnionInPlace(other);

    /// <summary><see cref="Difference"/> in place, for a set the caller owns.</summary>
    internal void ExceptWith(FieldSet other)
    {
        if (other.members.Count > 0)
        {
            members.ExceptWith(other.members);
        }
        if (other.children.Count == 0 || children.Count == 0)
        {
            return;
        }
        List<PathElement>? emptied = null;
        foreach (var (pe, child) in children)
        {
            if (other.children.TryGetValue(pe, out var o))
            {
                child.ExceptWith(o);
                if (child.IsEmpty)
                {
                    (emptied ??= []).Add(pe);
                }
            }
        }
        foreach (var pe in emptied ?? [])
        {
            children.Remove(pe);
        }
    }

    /// <summary><see cref="RecursiveDifference"/> in place, for a set the caller owns.</summary>
    internal void ExceptRecursivelyWith(FieldSet other)
    {
        if (other.members.Count > 0)
        {
            members.ExceptWith(other.members);
        }
        if (children.Count == 0 || (other.members.Count == 0 && other.children.Count == 0))
        {
            return;
        }
        List<PathElement>? emptied = null;
        foreach (var (pe, child) in children)
        {
            if (other.members.Contains(pe))
            {
                (emptied ??= []).Add(pe);
            }
            else if (other.children.TryGetValue(pe, out var o))
            {
                child.ExceptRecursivelyWith(o);
                if (child.IsEmpty)
                {
                    (emptied ??= []).Add(pe);
                }
            }
        }
        foreach (var pe in emptied ?? [])
        {
            children.Remove(pe);
        }
    }

    public FieldSet Intersection(FieldSet other)
    {
        var result = new FieldSet();
        foreach (var m in members)
        {
            if (other.members.Contains(m))
            {
                result.members.Add(m);
            }
        }
        foreach (var (pe, child) in children)
        {
            if (other.children.TryGetValue(pe, out var o) && child.Intersection(o) is { IsEmpty: false } common)
            {
                result.children[pe] = common;
            }
        }
        return result;
    }

    /// <summary>The paths of this set not in <paramref name="other"/> (a member of other does not take away what is below it).</summary>
    public FieldSet Difference(FieldSet other)
    {
        var result = new FieldSet();
        foreach (var m in members)
        {
            if (!other.members.Contains(m))
            {
                result.members.Add(m);
            }
        }
        foreach (var (pe, child) in children)
        {
            var rest = other.children.TryGetValue(pe, out var o) ? child.Difference(o) : child.Clone();
            if (!rest.IsEmpty)
            {
                result.children[pe] = rest;
            }
        }
        return result;
    }

    /// <summary>The paths of this set that neither are in <paramref name="other"/> nor lie below one of its members.</summary>
    public FieldSet RecursiveDifference(FieldSet other)
    {
        var result = new FieldSet();
        foreach (var m in members)
        {
            if (!other.members.Contains(m))
            {
                result.members.Add(m);
            }
        }
        foreach (var (pe, child) in children)
        {
            if (other.members.Contains(pe))
            {
                continue;
            }
            var rest = other.children.TryGetValue(pe, out var o) ? child.RecursiveDifference(o) : child.Clone();
            if (!rest.IsEmpty)
            {
                result.children[pe] = rest;
            }
        }
        return result;
    }

    /// <summary>The members that have nothing below them: the fields themselves, not their parents.</summary>
    public FieldSet Leaves()
    {
        var result = new FieldSet();
        foreach (var m in members)
        {
            if (!HasChildren(m))
            {
                result.members.Add(m);
            }
        }
        foreach (var (pe, child) in children)
        {
            if (child.Leaves() is { IsEmpty: false } leaves)
            {
                result.children[pe] = leaves;
            }
        }
        return result;
    }

    /// <summary>Every path, in upstream's order: a level's members first, then each child's paths.</summary>
    public IEnumerable<FieldPath> Paths() => PathsUnder([]);

    private IEnumerable<FieldPath> PathsUnder(List<PathElement> prefix)
    {
        foreach (var m in members)
        {
            yield return new FieldPath([.. prefix, m]);
        }
        foreach (var (pe, child) in children)
        {
            prefix.Add(pe);
            foreach (var p in child.PathsUnder(prefix))
            {
                yield return p;
            }
            prefix.RemoveAt(prefix.Count - 1);
        }
    }

    public FieldSet Clone()
    {
        var result = new FieldSet();
        result.members.UnionWith(members);
        foreach (var (pe, child) in children)
        {
            if (!child.IsEmpty)
            {
                result.children[pe] = child.Clone();
            }
        }
        return result;
    }

    public bool SetEquals(FieldSet other) => Difference(other).IsEmpty && other.Difference(this).IsEmpty;

    public override string ToString() => string.Join("\n", Paths());
}
