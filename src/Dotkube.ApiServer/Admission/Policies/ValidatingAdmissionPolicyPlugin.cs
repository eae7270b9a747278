using System.Text.Json;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Admission.Webhooks;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Errors;
using Microsoft.Extensions.Logging;

namespace Dotkube.ApiServer.Admission.Policies;

/// <summary>
/// Upstream's ValidatingAdmissionPolicy plugin: for every binding whose policy's matchConstraints
/// and own matchResources cover the request, with each param the binding's paramRef finds, the
/// policy's match conditions then validations run in CEL. A failed validation is enforced as the
/// binding's validationActions say: Deny refuses the request
/// (<c>ValidatingAdmissionPolicy 'X' with binding 'Y' denied request: MSG</c>), Warn adds a
/// warning, Audit an audit annotation. Expression errors and missing params follow the policy's
/// failurePolicy. Expressions see <c>authorizer</c> (the server's authorizer chain, for the
/// requesting user) when the host passes the chain, and run under upstream's cost limits: each at
/// most <see cref="CustomResources.Cost.CelCostLimits.PerCallLimit"/>, all of one binding (per
/// param) within <see cref="CustomResources.Cost.CelCostLimits.RuntimeBudget"/>. Not done:
/// status.typeChecking, cost limits of match conditions.
/// </summary>
public sealed class ValidatingAdmissionPolicyPlugin(
    PolicyCache cache,
    ParamResolver paramResolver,
    Func<string, CancellationToken, Task<JsonObject?>> getNamespace,
    ILogger logger,
    IReadOnlyList<Authorization.IAuthorizer>? authorizers = null) : IValidatingAdmissionPlugin
{
    public const string PluginName = "ValidatingAdmissionPolicy";

    public string Name => PluginName;

    public async ValueTask ValidateAsync(AdmissionAttributes a, CancellationToken cancellationToken)
    {
        var bound = cache.Bound;
        if (bound.Count == 0 || WebhookMatcher.IsExempt(a))
        {
            return;
        }
        foreach (var (policy, binding) in bound)
        {
            await EvaluateAsync(policy, binding, a, cancellationToken);
        }
    }

    private async Task EvaluateAsync(JsonObject policy, JsonObject binding, AdmissionAttributes a, CancellationToken ct)
    {
        var spec = policy.Obj("spec") ?? [];
        var bindingSpec = binding.Obj("spec") ?? [];
        if (!await MatchesAsync(spec.Obj("matchConstraints"), a, ct)
            || bindingSpec.Obj("matchResources") is { } own && !await MatchesAsync(own, a, ct))
        {
            return;
        }
        var decision = new Decision(policy.Name(), binding.Name(), spec.Str("failurePolicy") != "Ignore",
            [.. bindingSpec.Arr("validationActions").Strings()], a);
        IReadOnlyList<JsonObject?> paramsList = [null];
        if (spec.Obj("paramKind") is { } paramKind)
        {
            if (bindingSpec.Obj("paramRef") is not { } paramRef)
            {
                decision.FailConfiguration("failed to configure binding: paramRef is required when paramKind is set");
                return;
            }
            var found = await paramResolver.ResolveAsync(paramKind, paramRef, a.Namespace, ct);
            if (found is null)
            {
                decision.FailConfiguration($"failed to configure policy: paramKind {paramKind.StrOrEmpty("apiVersion")}, Kind={paramKind.StrOrEmpty("kind")} is not served");
                return;
            }
            if (found.Count == 0)
            {
                if (paramRef.Str("parameterNotFoundAction") == "Deny")
                {
                    decision.FailConfiguration("failed to configure binding: no params found for policy binding with `Deny` parameterNotFoundAction");
                }
                return;
            }
            paramsList = found;
        }
        JsonObject? namespaceObject = null;
        if (a.Resource.Namespaced && a.Namespace.Length > 0)
        {
            namespaceObject = await getNamespace(a.Namespace, ct);
        }
        foreach (var param in paramsList)
        {
            Evaluate(spec, a, param, namespaceObject, decision);
        }
    }

    private async Task<bool> MatchesAsync(JsonObject? match, AdmissionAttributes a, CancellationToken ct)
    {
        if (match is null)
        {
            return true;
        }
        var requestVersion = RequestVersion.Current;
        var matchPolicy = match.Str("matchPolicy") ?? "Equivalent";
        var rules = match.Arr("resourceRules").Objects().Select(AdmissionRule.FromJson).ToList();
        var excluded = match.Arr("excludeResourceRules").Objects().Select(AdmissionRule.FromJson).ToList();
        return (rules.Count == 0 || WebhookMatcher.MatchesRules(rules, matchPolicy, a, requestVersion))
            && (excluded.Count == 0 || !WebhookMatcher.MatchesRules(excluded, matchPolicy, a, requestVersion))
            && await WebhookMatcher.MatchesNamespaceAsync(Webhook.Selector(match.Obj("namespaceSelector")), a, getNamespace, ct)
            && WebhookMatcher.MatchesObject(Webhook.Selector(match.Obj("objectSelector")), a);
    }

    private void Evaluate(JsonObject spec, AdmissionAttributes a, JsonObject? param, JsonObject? namespaceObject, Decision decision)
    {
        var vars = AdmissionCel.Variables(a, RequestVersion.Current, authorizers);
        vars["params"] = AdmissionCel.ToCel(param);
        vars["namespaceObject"] = AdmissionCel.ToCel(namespaceObject);
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
        vars["variables"] = variables;
        var budget = new CustomResources.Cost.CelBudget();
        var known = new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
        {
            ["object"] = a.Object,
            ["oldObject"] = a.OldObject,
            ["params"] = param,
            ["namespaceObject"] = namespaceObject,
        };
        try
        {
            EvaluateAll(spec, vars, variables, budget, known, decision);
        }
        catch (AdmissionCelOutOfBudgetException e)
        {
            decision.Fail(e.Message);
        }
    }

    private void EvaluateAll(JsonObject spec, Dictionary<string, object?> vars, Dictionary<string, object?> variables,
        CustomResources.Cost.CelBudget budget, Dictionary<string, JsonNode?> known, Decision decision)
    {
        foreach (var variable in spec.Arr("variables").Objects())
        {
            try
            {
                variables[variable.StrOrEmpty("name")] = AdmissionCel.Evaluate(variable.StrOrEmpty("expression"), vars, budget, known);
            }
            catch (AdmissionCelException e) when (e is not AdmissionCelOutOfBudgetException)
            {
                // Left unset: an expression that reads it fails ("no such key") under the failure policy.
                logger.LogDebug("policy {Policy}: variable {Variable}: {Error}", decision.Policy, variable.StrOrEmpty("name"), e.Message);
            }
        }
        var conditions = spec.Arr("matchConditions").Objects().Select(c => new MatchCondition(c.StrOrEmpty("name"), c.StrOrEmpty("expression"))).ToList();
        var (matches, conditionError) = WebhookMatcher.EvaluateConditions(conditions, () => vars);
        if (conditionError is not null)
        {
            decision.Fail(conditionError);
            return;
        }
        if (!matches)
        {
            return;
        }
        foreach (var validation in spec.Arr("validations").Objects())
        {
            var expression = validation.StrOrEmpty("expression");
            object? result;
            try
            {
                result = AdmissionCel.Evaluate(expression, vars, budget, known);
            }
            catch (AdmissionCelException e) when (e is not AdmissionCelOutOfBudgetException)
            {
                decision.Fail($"expression '{expression}' resulted in error: {e.Message}");
                continue;
            }
            if (result is true)
            {
                continue;
            }
            if (result is not false)
            {
                decision.Fail($"expression '{expression}' resulted in error: expected a bool, got {result?.GetType().Name ?? "null"}");
                continue;
            }
            decision.Violate(Message(validation, expression, vars, budget, known), validation.Str("reason"));
        }
        foreach (var audit in spec.Arr("auditAnnotations").Objects())
        {
            try
            {
                if (AdmissionCel.Evaluate(audit.StrOrEmpty("valueExpression"), vars, budget, known) is string { Length: > 0 } value)
                {
                    AdmissionRequestContext.Current?.AuditAnnotations[decision.Policy + "/" + audit.StrOrEmpty("key")] = value;
                }
            }
            catch (AdmissionCelException e) when (e is not AdmissionCelOutOfBudgetException)
            {
                decision.Fail($"expression '{audit.StrOrEmpty("valueExpression")}' resulted in error: {e.Message}");
            }
        }
    }

    /// <summary>messageExpression when it yields a non-empty single line, else message, else "failed expression: E".</summary>
    private static string Message(JsonObject validation, string expression, Dictionary<string, object?> vars,
        CustomResources.Cost.CelBudget budget, Dictionary<string, JsonNode?> known)
    {
        if (validation.Str("messageExpression") is { Length: > 0 } messageExpression)
        {
            try
            {
                if (AdmissionCel.Evaluate(messageExpression, vars, budget, known) is string text && text.Trim().Length > 0 && !text.Contains('\n'))
                {
                    return text.Trim();
                }
            }
            catch (AdmissionCelException e) when (e is not AdmissionCelOutOfBudgetException)
            {
                // Upstream falls back to the static message when the expression fails.
            }
        }
        return validation.Str("message") is { Length: > 0 } message ? message : $"failed expression: {expression.Trim()}";
    }

    /// <summary>What one binding does with a failure: deny, warn and/or audit.</summary>
    private sealed class Decision(string policy, string binding, bool failClosed, IReadOnlyList<string> actions, AdmissionAttributes a)
    {
        public string Policy => policy;

        /// <summary>
        /// A configuration error (no params, a param kind not served): under failurePolicy Fail it
        /// refuses whatever the binding's validationActions, as upstream.
        /// </summary>
        public void FailConfiguration(string message)
        {
            if (failClosed)
            {
                throw Denied(message, null);
            }
        }

        /// <summary>An evaluation error: under failurePolicy Fail, a failure the validationActions enforce.</summary>
        public void Fail(string message)
        {
            if (failClosed)
            {
                Violate(message, null);
            }
        }

        public void Violate(string message, string? reason)
        {
            if (actions.Contains("Warn"))
            {
                AdmissionRequestContext.Warn($"Validation failed for ValidatingAdmissionPolicy '{policy}' with binding '{binding}': {message}");
            }
            if (actions.Contains("Audit") && AdmissionRequestContext.Current is { } context)
            {
                var entry = new JsonObject { ["message"] = message, ["policy"] = policy, ["binding"] = binding, ["validationActions"] = new JsonArray([.. actions.Select(x => (JsonNode)JsonValue.Create(x))]) };
                context.AuditAnnotations.AddOrUpdate("validation.policy.admission.k8s.io/validation_failure",
                    _ => new JsonArray(entry).ToJsonString(),
                    (_, existing) => { var list = JsonNode.Parse(existing) as JsonArray ?? []; list.Add(entry); return list.ToJsonString(); });
            }
            if (actions.Contains("Deny"))
            {
                throw Denied(message, reason);
            }
        }

        /// <summary>
        /// upstream: a Forbidden error for the object whose reason (default Invalid) and code are
        /// the validation's, with the message as its one cause — kubectl prints
        /// <c>The pods "x" is invalid: : ValidatingAdmissionPolicy '…' …</c>.
        /// </summary>
        private StatusException Denied(string message, string? reason)
        {
            var text = $"ValidatingAdmissionPolicy '{policy}' with binding '{binding}' denied request: {message}";
            var resource = StatusException.Qualified(a.Resource.Group, a.Resource.Plural);
            var full = a.Name.Length > 0 ? $"{resource} \"{a.Name}\" is forbidden: {text}" : $"{resource} is forbidden: {text}";
            reason = string.IsNullOrEmpty(reason) ? "Invalid" : reason;
            var code = reason switch
            {
                "Forbidden" => 403,
                "Unauthorized" => 401,
                "RequestEntityTooLarge" => 413,
                _ => 422,
            };
            return new StatusException(code, reason, full)
            {
                DetailsName = a.Name,
                DetailsGroup = a.Resource.Group,
                DetailsKind = a.Resource.Plural,
                Causes = [new StatusCause("", text, null)],
            };
        }
    }
}
