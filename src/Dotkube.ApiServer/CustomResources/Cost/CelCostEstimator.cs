using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.CustomResources.Cost;

/// <summary>
/// What the estimator knows about a value: its schema (for maxLength, maxItems, maxProperties)
/// and, when evaluating against a real object, the value itself (<paramref name="Known"/>; a known
/// null is an absent field). <paramref name="Length"/> overrides both, for literals and results.
/// </summary>
internal sealed record CelShape(StructuralSchema? Schema, JsonNode? Value = null, bool Known = false, double? Length = null)
{
    public static CelShape Unknown { get; } = new(null, Length: 1);

    public static CelShape Sized(double length) => new(null, Length: length);
}

/// <summary>
/// The cost of a CEL expression in upstream's units (about one per operation; string and list
/// traversals at 0.1 per character or element; comprehensions multiplied by their iterations),
/// from the sizes the schema allows — or, for the runtime budget, from the value being validated.
/// A size the schema does not bound is the most the 3 MiB request limit admits, as upstream's
/// estimator assumes. The model follows cel-go's in shape, not to the unit: see docs/STATUS.md.
/// </summary>
internal static class CelCostEstimator
{
    /// <summary>kube-apiserver's request body limit; unbounded sizes are derived from it.</summary>
    public const double MaxRequestBytes = 3 * 1024 * 1024;

    private const double TraversalFactor = 0.1;
    private const double RegexFactor = 0.25;

    /// <summary>The fixed cost of one authorizer check(verb) (upstream: 350,000).</summary>
    public const double AuthorizationCheck = 350_000;

    private static readonly HashSet<string> Macros = ["all", "exists", "exists_one", "map", "filter"];

    private static readonly HashSet<string> StringScans = ["lowerAscii", "upperAscii", "trim", "replace", "split", "indexOf", "lastIndexOf", "substring", "charAt", "format", "quote", "reverse"];

    public static double Cost(CelAst ast, IReadOnlyDictionary<string, CelShape> variables) => Estimate(ast, variables).Cost;

    private static (double Cost, CelShape Shape) Estimate(CelAst ast, IReadOnlyDictionary<string, CelShape> vars)
    {
        switch (ast)
        {
            case CelLiteral literal:
                return (0, CelShape.Sized(literal.IsString ? literal.Length : 1));
            case CelIdent ident:
                return (1, vars.GetValueOrDefault(ident.Name) ?? CelShape.Unknown);
            case CelSelect select:
                {
                    var (cost, shape) = Estimate(select.Operand, vars);
                    return (cost + 1, Child(shape, select.Field));
                }
            case CelIndex index:
                {
                    var (cost, shape) = Estimate(index.Operand, vars);
                    var indexCost = Estimate(index.Index, vars).Cost;
                    var element = shape.Known ? Element(shape, 0) : ElementShape(shape);
                    return (cost + indexCost + 1, element);
                }
            case CelCreate create:
                {
                    var cost = create.Elements.Sum(e => Estimate(e, vars).Cost);
                    return (cost + 10, CelShape.Sized(create.Elements.Count));
                }
            case CelOperator op:
                return Operator(op, vars);
            case CelCall call:
                return Call(call, vars);
            default:
                return (1, CelShape.Unknown);
        }
    }

    private static (double, CelShape) Operator(CelOperator op, IReadOnlyDictionary<string, CelShape> vars)
    {
        var parts = op.Operands.Select(o => Estimate(o, vars)).ToList();
        var sum = parts.Sum(p => p.Cost);
        switch (op.Op)
        {
            case "?:":
                return (parts[0].Cost + Math.Max(parts[1].Cost, parts[2].Cost), parts[1].Cost >= parts[2].Cost ? parts[1].Shape : parts[2].Shape);
            case "==" or "!=" or "<" or "<=" or ">" or ">=":
                return (sum + 1 + Math.Ceiling(TraversalFactor * Math.Min(Size(parts[0].Shape), Size(parts[1].Shape))), CelShape.Unknown);
            case "+" when IsSized(parts[0].Shape) || IsSized(parts[1].Shape):
                var length = Size(parts[0].Shape) + Size(parts[1].Shape);
                return (sum + 1 + Math.Ceiling(TraversalFactor * length), CelShape.Sized(length));
            case "in":
                return (sum + 1 + (IsMap(parts[1].Shape) ? 0 : Size(parts[1].Shape)), CelShape.Unknown);
            default:
                return (sum + 1, CelShape.Unknown);
        }
    }

    private static (double, CelShape) Call(CelCall call, IReadOnlyDictionary<string, CelShape> vars)
    {
        if (call.Target is { } target && Macros.Contains(call.Function) && call.Args.Count >= 2 && call.Args[0] is CelIdent variable)
        {
            return Comprehension(call, target, variable.Name, vars);
        }
        if (call.Target is null && call.Function == "has")
        {
            return (1, CelShape.Unknown);
        }
        var receiver = call.Target is null ? (0d, CelShape.Unknown) : Estimate(call.Target, vars);
        var args = call.Args.Select(a => Estimate(a, vars)).ToList();
        var baseCost = receiver.Item1 + args.Sum(a => a.Cost) + 1;
        var subject = call.Target is null && args.Count > 0 ? args[0].Shape : receiver.Item2;
        var argument = call.Target is null ? (args.Count > 1 ? args[1].Shape : CelShape.Unknown) : (args.Count > 0 ? args[0].Shape : CelShape.Unknown);
        return call.Function switch
        {
            "size" => (baseCost, CelShape.Unknown),
            "contains" => (baseCost + Math.Ceiling(TraversalFactor * Size(subject) * Size(argument)), CelShape.Unknown),
            "startsWith" or "endsWith" => (baseCost + Math.Ceiling(TraversalFactor * Size(argument)), CelShape.Unknown),
            "matches" => (baseCost + Math.Ceiling(TraversalFactor * Size(subject)) * Math.Ceiling(RegexFactor * Size(argument)), CelShape.Unknown),
            // k8s.io/apiserver's library costs (library/cost.go): an authorization check is fixed at
            // 350,000 so that two fit the per-call limit; parses traverse their string once.
            "check" => (baseCost + AuthorizationCheck, CelShape.Unknown),
            "quantity" or "isQuantity" or "url" or "isURL" or "cidr" or "isIP" or "isCIDR" or "ip" when call.Target is null =>
                (baseCost + Math.Ceiling(TraversalFactor * Size(subject)), CelShape.Unknown),
            "isCanonical" => (baseCost + Math.Ceiling(2 * TraversalFactor * Size(argument)), CelShape.Unknown),
            "containsIP" or "containsCIDR" => (baseCost + Math.Ceiling(TraversalFactor * (Size(subject) + Size(argument))), CelShape.Unknown),
            "find" or "findAll" => (baseCost + Math.Ceiling(TraversalFactor * (1 + Size(subject))) * Math.Ceiling(RegexFactor * Size(argument)), CelShape.Sized(Size(subject))),
            "validate" => (baseCost + Math.Ceiling(TraversalFactor * (1 + Size(argument))) * Math.Ceiling(RegexFactor * 60), CelShape.Unknown),
            "isSorted" or "sum" or "min" or "max" when call.Target is not null && call.Args.Count == 0 => (baseCost + Size(subject), CelShape.Unknown),
            "join" => (baseCost + Math.Ceiling(TraversalFactor * Size(subject)), CelShape.Sized(Size(subject))),
            _ when StringScans.Contains(call.Function) => (baseCost + Math.Ceiling(TraversalFactor * Size(subject)), CelShape.Sized(Size(subject))),
            _ => (baseCost, CelShape.Unknown),
        };
    }

    /// <summary>all/exists/exists_one/map/filter: the body once per element (per key of a map), summed over the real ones when known.</summary>
    private static (double, CelShape) Comprehension(CelCall call, CelAst target, string variable, IReadOnlyDictionary<string, CelShape> vars)
    {
        var (targetCost, range) = Estimate(target, vars);
        var bodies = call.Args.Skip(1).ToList();
        double BodyCost(CelShape element)
        {
            var scope = new Dictionary<string, CelShape>(vars) { [variable] = element };
            return bodies.Sum(b => Estimate(b, scope).Cost) + 2;
        }
        double total;
        double count;
        if (range.Known && range.Value is JsonArray items)
        {
            total = items.Select((_, i) => BodyCost(Element(range, i))).Sum();
            count = items.Count;
        }
        else if (range.Known && range.Value is JsonObject map)
        {
            total = map.Select(kv => BodyCost(CelShape.Sized(kv.Key.Length))).Sum();
            count = map.Count;
        }
        else
        {
            count = Size(range);
            total = count * BodyCost(IsMap(range) ? CelShape.Sized(UnboundedString) : ElementShape(range));
        }
        var result = call.Function is "map" or "filter" ? CelShape.Sized(count) : CelShape.Unknown;
        return (targetCost + total + 1, result);
    }

    private static CelShape Child(CelShape parent, string field)
    {
        var schema = parent.Schema?.Property(field) ?? parent.Schema?.AdditionalProperties;
        if (parent.Known)
        {
            return new CelShape(schema, (parent.Value as JsonObject)?[field], Known: true);
        }
        return new CelShape(schema);
    }

    private static CelShape Element(CelShape list, int i) =>
        new(list.Schema?.Items, list.Value is JsonArray a && i < a.Count ? a[i] : null, Known: true);

    private static CelShape ElementShape(CelShape container)
    {
        if (container.Schema is { } schema)
        {
            return new CelShape(schema.Items ?? schema.AdditionalProperties);
        }
        return CelShape.Unknown;
    }

    private static bool IsSized(CelShape shape) =>
        shape.Length is not null ? shape.Length > 1 : shape.Schema?.Type is "string" or "array";

    private static bool IsMap(CelShape shape) => shape.Schema is { Type: "object" } || shape.Value is JsonObject;

    private static double UnboundedString => MaxRequestBytes - 2;

    /// <summary>A string's length, a list's items, a map's entries: real when known, else the schema's bound, else the request limit's.</summary>
    public static double Size(CelShape shape)
    {
        if (shape.Length is { } length)
        {
            return length;
        }
        if (shape.Known)
        {
            return shape.Value switch
            {
                JsonArray a => a.Count,
                JsonObject o => o.Count,
                JsonValue v when v.TryGetValue<string>(out var text) => text.Length,
                _ => 1,
            };
        }
        var schema = shape.Schema;
        return schema?.Type switch
        {
            "string" => schema.MaxLength ?? UnboundedString,
            "array" => schema.MaxItems ?? Math.Floor((MaxRequestBytes - 2) / (MinSerializedSize(schema.Items) + 1)),
            "object" when schema.Properties is null or { Count: 0 } => schema.MaxProperties ?? Math.Floor((MaxRequestBytes - 2) / (MinSerializedSize(schema.AdditionalProperties) + 4)),
            "object" => schema.Properties!.Count,
            _ => 1,
        };
    }

    /// <summary>How small one value of a schema can be as JSON: "" for strings, {} and [] for containers, 0 for numbers.</summary>
    private static double MinSerializedSize(StructuralSchema? schema) => schema?.Type switch
    {
        "string" => 2,
        "boolean" => 4,
        "object" or "array" => 2,
        _ => 1,
    };
}
