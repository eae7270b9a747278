using System.Text.Json.Nodes;

namespace Dotkube.Machinery.Apply;

/// <summary>
/// What changed from one version of an object to the next, as upstream's typed Compare reports it:
/// leaves added, modified or removed, and granular maps, structs and list items that appeared or
/// disappeared as a whole (this is where FieldsV1's <c>"."</c> markers come from).
/// </summary>
public sealed class Comparison
{
    public FieldSet Added { get; } = new();

    public FieldSet Modified { get; } = new();

    public FieldSet Removed { get; } = new();

    public bool IsSame => Added.IsEmpty && Modified.IsEmpty && Removed.IsEmpty;

    public static Comparison Of(JsonNode? before, JsonNode? after, TypeSchema schema)
    {
        var c = new Comparison();
        c.Walk(true, before, true, after, schema, new Cursor(c));
        return c;
    }

    /// <summary>
    /// Where the walk is: the path (built only when a message needs it) and this place's nodes in
    /// the three result sets (made only when something is inserted below them), so that an insert
    /// costs one step instead of a descent from the root.
    /// </summary>
    private sealed class Cursor
    {
        private readonly Cursor? parent;
        private readonly PathElement? element;
        private readonly Comparison? root;
        private FieldSet? added;
        private FieldSet? modified;
        private FieldSet? removed;
        private FieldPath? path;

        public Cursor(Comparison root)
        {
            this.root = root;
        }

        public Cursor(Cursor parent, PathElement element)
        {
            this.parent = parent;
            this.element = element;
        }

        public bool IsRoot => parent is null;

        public PathElement Element => element!;

        public Cursor Parent => parent!;

        public FieldPath Path => path ??= parent is null ? FieldPath.Root : parent.Path.Append(element!);

        public FieldSet Added => added ??= parent is null ? root!.Added : parent.Added.Child(element!);

        public FieldSet Modified => modified ??= parent is null ? root!.Modified : parent.Modified.Child(element!);

        public FieldSet Removed => removed ??= parent is null ? root!.Removed : parent.Removed.Child(element!);
    }

    private void Walk(bool hasBefore, JsonNode? before, bool hasAfter, JsonNode? after, TypeSchema schema, Cursor at)
    {
        if (schema.IsLeafFor(before, after) || !Fits(before, schema) || !Fits(after, schema))
        {
            Leaf(hasBefore, before, hasAfter, after, at);
            return;
        }
        if (schema.Kind == SchemaKind.List)
        {
            var b = ListItems.Index(before as JsonArray, schema, at.Path, allowDuplicates: true);
            var a = ListItems.Index(after as JsonArray, schema, at.Path, allowDuplicates: true);
            var beforeItems = First(b);
            var afterItems = First(a);
            var element = schema.Element ?? TypeSchema.Deduced;
            // The before items, then the after items that are new (a union of the keys, in order;
            // nothing is removed from these dictionaries, so they enumerate in insertion order).
            foreach (var (pe, bi) in beforeItems)
            {
                var inAfter = afterItems.TryGetValue(pe, out var ai);
                Walk(true, bi, inAfter, ai, element, new Cursor(at, pe));
            }
            foreach (var (pe, ai) in afterItems)
            {
                if (!beforeItems.ContainsKey(pe))
                {
                    Walk(false, null, true, ai, element, new Cursor(at, pe));
                }
            }
        }
        else
        {
            var bo = before as JsonObject;
            var ao = after as JsonObject;
            if (bo is not null)
            {
                foreach (var (key, bv) in bo)
                {
                    JsonNode? av = null;
                    var inAfter = ao?.TryGetPropertyValue(key, out av) == true;
                    Walk(true, bv, inAfter, av, schema.Child(key).Schema, new Cursor(at, PathElement.Field(key)));
                }
            }
            if (ao is not null)
            {
                foreach (var (key, av) in ao)
                {
                    if (bo is null || !bo.ContainsKey(key))
                    {
                        Walk(false, null, true, av, schema.Child(key).Schema, new Cursor(at, PathElement.Field(key)));
                    }
                }
            }
        }
        if (!at.IsRoot)
        {
            if (!hasBefore)
            {
                at.Parent.Added.AddMember(at.Element);
            }
            else if (!hasAfter)
            {
                at.Parent.Removed.AddMember(at.Element);
            }
        }
    }

    private static void Leaf(bool hasBefore, JsonNode? before, bool hasAfter, JsonNode? after, Cursor at)
    {
        if (at.IsRoot)
        {
            return;
        }
        if (!hasBefore)
        {
            at.Parent.Added.AddMember(at.Element);
        }
        else if (!hasAfter)
        {
            at.Parent.Removed.AddMember(at.Element);
        }
        else if (!JsonNode.DeepEquals(before, after))
        {
            at.Parent.Modified.AddMember(at.Element);
        }
    }

    /// <summary>Null fits any shape (it reads as empty); otherwise the JSON kind must match the schema's.</summary>
    internal static bool Fits(JsonNode? value, TypeSchema schema) => value switch
    {
        null => true,
        JsonArray => schema.Kind == SchemaKind.List,
        JsonObject => schema.Kind is SchemaKind.Struct or SchemaKind.Map or SchemaKind.Deduced,
        _ => false,
    };

    private static Dictionary<PathElement, JsonNode?> First(List<(PathElement Element, JsonNode? Item)> items)
    {
        var d = new Dictionary<PathElement, JsonNode?>();
        foreach (var (pe, item) in items)
        {
            d.TryAdd(pe, item);
        }
        return d;
    }
}
