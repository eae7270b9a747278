using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.CustomResources.Cost;

/// <summary>
/// apiextensions-apiserver's CEL cost limits: at CRD create/update each rule's (and
/// messageExpression's) estimated cost against the per-expression limit, and the sum over the
/// schema — each rule times the most times it can run — against the per-CRD limit, refused with
/// upstream's wording; at validation time a budget per object that, once spent, stops the rules.
/// </summary>
public static class CelCostLimits
{
    /// <summary>StaticEstimatedCostLimit: one expression's estimated cost.</summary>
    public const double PerExpression = 10_000_000;

    /// <summary>StaticEstimatedCRDCostLimit: all of a schema's rules, each times its cardinality.</summary>
    public const double PerCrd = 100_000_000;

    /// <summary>RuntimeCELCostBudget: all rules run while validating one object.</summary>
    public const double RuntimeBudget = 10_000_000;

    /// <summary>cel-go's CostLimit each program runs with (celconfig.PerCallLimit): about 0.1 s of work.</summary>
    public const double PerCallLimit = 1_000_000;

    /// <summary>cel-go's error when one evaluation exceeds <see cref="PerCallLimit"/>.</summary>
    public const string PerCallLimitExceeded = "operation cancelled: actual cost limit exceeded";

    public const string OutOfBudget = "validation failed due to running out of cost budget, no further validation rules will be run";

    private const string Advice = "(try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)";

    private static readonly ConcurrentDictionary<string, CelAst?> Trees = new(StringComparer.Ordinal);

    /// <summary>The estimated cost of an expression with self (and oldSelf) shaped by <paramref name="schema"/>; null when it does not parse.</summary>
    public static double? Estimate(string expression, StructuralSchema schema, JsonNode? self = null, bool known = false)
    {
        if (Tree(expression) is not { } ast)
        {
            return null;
        }
        var shape = new CelShape(schema, self, known);
        return CelCostEstimator.Cost(ast, new Dictionary<string, CelShape> { ["self"] = shape, ["oldSelf"] = shape });
    }

    /// <summary>The runtime cost of an expression over known values (admission's object, oldObject, params, …); null when it does not parse.</summary>
    public static double? EstimateKnown(string expression, IReadOnlyDictionary<string, JsonNode?> values)
    {
        if (Tree(expression) is not { } ast)
        {
            return null;
        }
        return CelCostEstimator.Cost(ast, values.ToDictionary(kv => kv.Key, kv => new CelShape(null, kv.Value, Known: true)));
    }

    /// <summary>Checks the estimated costs of every rule of one version's schema; <paramref name="path"/> names its openAPIV3Schema.</summary>
    public static void Check(StructuralSchema root, string path, List<FieldError> errors)
    {
        var contributions = new List<(string Path, double Cost)>();
        Walk(root, path, 1, errors, contributions);
        var total = contributions.Sum(c => c.Cost);
        if (total > PerCrd)
        {
            errors.Add(FieldError.Forbidden(path, $"x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema exceeds budget by factor of {Factor(total / PerCrd)} {Advice}"));
            foreach (var (rulePath, cost) in contributions.Where(c => c.Cost > PerCrd / 100))
            {
                errors.Add(FieldError.Forbidden(rulePath, "contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema"));
            }
        }
    }

    /// <summary>How upstream words a factor: "more than 100x", "1.234567x" below 1.5, else "5.4x".</summary>
    public static string Factor(double factor) => factor switch
    {
        > 100 => "more than 100x",
        < 1.5 => factor.ToString("F6", CultureInfo.InvariantCulture) + "x",
        _ => factor.ToString("F1", CultureInfo.InvariantCulture) + "x",
    };

    private static void Walk(StructuralSchema node, string path, double cardinality, List<FieldError> errors, List<(string, double)> contributions)
    {
        for (var r = 0; r < node.Rules.Count; r++)
        {
            var rule = node.Rules[r];
            foreach (var (field, expression) in new[] { ("rule", rule.Rule), ("messageExpression", rule.MessageExpression) })
            {
                if (expression.Length == 0 || Estimate(expression, node) is not { } cost)
                {
                    continue;
                }
                var at = $"{path}.x-kubernetes-validations[{r}].{field}";
                if (cost > PerExpression)
                {
                    errors.Add(FieldError.Forbidden(at, $"estimated {field} cost exceeds budget by factor of {Factor(cost / PerExpression)} {Advice}"));
                }
                contributions.Add((at, cost * cardinality));
            }
        }
        if (node.Properties is { } properties)
        {
            foreach (var (name, child) in properties)
            {
                Walk(child, $"{path}.properties[{name}]", cardinality, errors, contributions);
            }
        }
        if (node.Items is { } items)
        {
            Walk(items, $"{path}.items", cardinality * CelCostEstimator.Size(new CelShape(node)), errors, contributions);
        }
        if (node.AdditionalProperties is { } values)
        {
            Walk(values, $"{path}.additionalProperties", cardinality * CelCostEstimator.Size(new CelShape(node)), errors, contributions);
        }
    }

    private static CelAst? Tree(string expression) => Trees.GetOrAdd(expression, e => CelCostParser.TryParse(CelLibrary.KubernetesCelLibraries.Prepare(e)));
}

/// <summary>The runtime cost budget of validating one object; spent by each rule before it runs.</summary>
public sealed class CelBudget(double budget = CelCostLimits.RuntimeBudget)
{
    public double Remaining { get; private set; } = budget;

    public bool Exhausted { get; private set; }

    /// <summary>Spends a rule's cost; false (and exhausted from then on) when the budget runs out.</summary>
    public bool TrySpend(double cost)
    {
        Remaining -= cost;
        Exhausted |= Remaining < 0;
        return !Exhausted;
    }
}
