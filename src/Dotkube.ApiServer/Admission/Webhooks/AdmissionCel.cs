using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cel;
using Dotkube.ApiServer.CustomResources;

namespace Dotkube.ApiServer.Admission.Webhooks;

/// <summary>
/// CEL for admission (webhooks' matchConditions, ValidatingAdmissionPolicy): the same
/// environment and program cache as CRD validation rules (<see cref="CelRules"/>), with the
/// admission variables bound: <c>object</c>, <c>oldObject</c>, <c>request</c>, and for policies
/// <c>params</c>, <c>namespaceObject</c>, <c>variables</c> and <c>authorizer</c>
/// (<see cref="Policies.CelAuthorizer"/>).
/// </summary>
public static class AdmissionCel
{
    /// <summary>The compile error of an expression, or null.</summary>
    public static string? CompileError(string expression) => CelRules.CompileError(expression);

    /// <summary>Evaluates an expression; evaluation failures come back as <see cref="AdmissionCelException"/>.</summary>
    public static object? Evaluate(string expression, IDictionary<string, object?> variables)
    {
        try
        {
            return CelRules.Compile(expression)(variables);
        }
        catch (Exception e) when (e is CelException or InvalidCastException or KeyNotFoundException or IndexOutOfRangeException
            or ArgumentException or InvalidOperationException or RegexMatchTimeoutException or Antlr4.Runtime.Misc.ParseCanceledException)
        {
            throw new AdmissionCelException(e is CelNoSuchFieldException ? "no such key" : e.Message, e);
        }
    }

    /// <summary>
    /// Evaluates a policy expression under upstream's cost limits: its cost over the known values
    /// (estimated before it runs, see <see cref="CustomResources.Cost.CelCostLimits"/>) over the
    /// per-call limit fails it (<c>operation cancelled: actual cost limit exceeded</c>), and it is
    /// spent from the binding's budget, whose exhaustion is an <see cref="AdmissionCelOutOfBudgetException"/>.
    /// </summary>
    public static object? Evaluate(string expression, IDictionary<string, object?> variables, CustomResources.Cost.CelBudget budget, IReadOnlyDictionary<string, JsonNode?> known)
    {
        var cost = CustomResources.Cost.CelCostLimits.EstimateKnown(expression, known) ?? 1;
        if (cost > CustomResources.Cost.CelCostLimits.PerCallLimit)
        {
            budget.TrySpend(CustomResources.Cost.CelCostLimits.PerCallLimit);
            throw new AdmissionCelException(CustomResources.Cost.CelCostLimits.PerCallLimitExceeded);
        }
        if (!budget.TrySpend(cost))
        {
            throw new AdmissionCelOutOfBudgetException();
        }
        return Evaluate(expression, variables);
    }

    /// <summary>The variables every admission expression sees; <c>authorizer</c> too when the chain is given.</summary>
    public static Dictionary<string, object?> Variables(AdmissionAttributes a, string? requestVersion, IReadOnlyList<Authorization.IAuthorizer>? authorizers = null)
    {
        var request = AdmissionReview.Request("v1", AdmissionRequestContext.Current?.Uid ?? "", a, requestVersion)["request"]!.AsObject();
        request.Remove("object");
        request.Remove("oldObject");
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["object"] = CelRules.ToCel(a.Object),
            ["oldObject"] = CelRules.ToCel(a.OldObject),
            ["request"] = CelRules.ToCel(request),
        };
        if (authorizers is not null)
        {
            var authorizer = new Policies.CelAuthorizer(authorizers, a.User);
            variables["authorizer"] = authorizer;
            // The Cel package looks a selection up as a whole variable name first.
            variables["authorizer.requestResource"] = authorizer.RequestResource(a);
        }
        return variables;
    }

    public static object? ToCel(JsonNode? node) => CelRules.ToCel(node);
}

/// <summary>A CEL expression failed to compile or evaluate.</summary>
public class AdmissionCelException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The binding's runtime cost budget ran out: no further expressions run.</summary>
public sealed class AdmissionCelOutOfBudgetException() : AdmissionCelException(CustomResources.Cost.CelCostLimits.OutOfBudget);
