using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cel;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.CustomResources;

/// <summary>
/// Evaluates x-kubernetes-validations with the Cel package (a C# CEL interpreter), plus the
/// Kubernetes library functions it lacks (lowerAscii, upperAscii, trim, …, and the quantity,
/// url, ip/cidr, format, optional, list, regex and set libraries in <see cref="CelLibrary"/>). Every rule runs with
/// <c>self</c> bound to the value at its schema node and, on updates, <c>oldSelf</c> to the
/// correlated old value; transition rules (using oldSelf) run only when there is one. Failures
/// take upstream's form: <c>spec: Invalid value: "object": &lt;message&gt;</c>.
/// Costs: see <see cref="Cost.CelCostLimits"/> (estimated from the schema and the value, not counted by the interpreter).
/// </summary>
public static partial class CelRules
{
    private static readonly ConcurrentDictionary<string, CelProgramDelegate> Programs = new(StringComparer.Ordinal);
    private static readonly Lazy<CelEnvironment> Environment = new(CreateEnvironment);

    public static bool ReferencesOldSelf(string rule) => OldSelfRegex().IsMatch(rule);

    /// <summary>Compiles a rule (cached); returns the compile error text, or null when it compiles.</summary>
    public static string? CompileError(string expression)
    {
        try
        {
            Compile(expression);
            return null;
        }
        catch (CelException e)
        {
            return e.Message;
        }
        catch (Exception e) when (e is Antlr4.Runtime.Misc.ParseCanceledException or InvalidOperationException or ArgumentException)
        {
            return e.Message;
        }
    }

    internal static CelProgramDelegate Compile(string expression) =>
        Programs.GetOrAdd(expression, e => CelLibrary.KubernetesCelLibraries.WithNamespaces(Environment.Value.Compile(CelLibrary.KubernetesCelLibraries.Prepare(e))));

    /// <summary>Runs every rule of the schema tree over <paramref name="value"/>, appending failures.</summary>
    /// <param name="budget">the runtime cost budget of the whole object; a new one when null (the top call).</param>
    public static void Validate(JsonNode? value, JsonNode? old, StructuralSchema schema, string path, List<FieldError> errors, bool isUpdate, Cost.CelBudget? budget = null)
    {
        budget ??= new Cost.CelBudget();
        if (!schema.HasRules || JsonKinds.IsNull(value) || budget.Exhausted)
        {
            return;
        }
        foreach (var rule in schema.Rules)
        {
            if (rule.IsTransition && (old is null || !isUpdate) && !rule.OptionalOldSelf)
            {
                continue;
            }
            if (isUpdate && old is not null && JsonKinds.Equal(value, old) && !rule.IsTransition)
            {
                // Ratcheting: an unchanged value keeps passing, as upstream.
                continue;
            }
            // The cost the rule's work has over this value, spent before it runs (the interpreter counts nothing itself).
            var cost = Cost.CelCostLimits.Estimate(rule.Rule, schema, value, known: true) ?? 1;
            if (cost > Cost.CelCostLimits.PerCallLimit)
            {
                // cel-go cancels the one program; upstream then runs no further rules.
                budget.TrySpend(double.MaxValue);
                errors.Add(FieldError.Invalid(path, schema.Type ?? "",
                    $"'{Cost.CelCostLimits.PerCallLimitExceeded}': no further validation rules will be run due to call cost exceeds limit for rule: {ErrorString(rule)}"));
                return;
            }
            if (!budget.TrySpend(cost))
            {
                errors.Add(FieldError.Invalid(path, schema.Type ?? "", Cost.CelCostLimits.OutOfBudget));
                return;
            }
            Evaluate(rule, value, old, schema, path, errors);
        }
        switch (value)
        {
            case JsonObject o:
                foreach (var (key, child) in o)
                {
                    var childSchema = schema.Property(key);
                    if (childSchema is { HasRules: true })
                    {
                        var oldChild = (old as JsonObject)?[key];
                        Validate(child, oldChild, childSchema, SchemaValidator.Join(path, key), errors, isUpdate, budget);
                    }
                }
                break;
            case JsonArray a when schema.Items is { HasRules: true } items:
                var oldItems = Correlate(a, old as JsonArray, items, schema);
                for (var i = 0; i < a.Count; i++)
                {
                    Validate(a[i], oldItems[i], items, $"{path}[{i}]", errors, isUpdate, budget);
                }
                break;
        }
    }

    /// <summary>Old items correlate with new ones only in map lists (by their keys) and sets (by value).</summary>
    private static JsonNode?[] Correlate(JsonArray items, JsonArray? old, StructuralSchema itemSchema, StructuralSchema listSchema)
    {
        var result = new JsonNode?[items.Count];
        if (old is null)
        {
            return result;
        }
        for (var i = 0; i < items.Count; i++)
        {
            result[i] = listSchema.ListType switch
            {
                "map" => old.FirstOrDefault(o => listSchema.ListMapKeys.All(k => JsonKinds.Equal(o?[k], items[i]?[k]))),
                "set" => old.FirstOrDefault(o => JsonKinds.Equal(o, items[i])),
                _ => null,
            };
        }
        return result;
    }

    private static void Evaluate(ValidationRule rule, JsonNode? value, JsonNode? old, StructuralSchema schema, string path, List<FieldError> errors)
    {
        var typeName = schema.Type ?? "";
        var vars = new Dictionary<string, object?> { ["self"] = ToCel(value) };
        if (old is not null || rule.IsTransition)
        {
            vars["oldSelf"] = ToCel(old);
        }
        object? result;
        try
        {
            result = Compile(rule.Rule)(vars);
        }
        catch (Exception e) when (e is CelException or InvalidCastException or KeyNotFoundException or IndexOutOfRangeException or ArgumentException or InvalidOperationException or RegexMatchTimeoutException)
        {
            errors.Add(FieldError.Invalid(path, typeName, $"{Message(e)} evaluating rule: {ErrorString(rule)}"));
            return;
        }
        if (result is true)
        {
            return;
        }
        var fieldPath = path;
        if (rule.FieldPath.Length > 0)
        {
            fieldPath = path + (rule.FieldPath.StartsWith('[') ? rule.FieldPath : rule.FieldPath.StartsWith('.') ? rule.FieldPath : "." + rule.FieldPath);
            fieldPath = fieldPath.TrimStart('.');
        }
        var message = MessageOrDefault(rule);
        if (rule.MessageExpression.Length > 0)
        {
            try
            {
                if (Compile(rule.MessageExpression)(vars) is string text && text.Trim().Length > 0 && !text.Contains('\n'))
                {
                    message = text.Trim();
                }
            }
            catch (Exception e) when (e is CelException or InvalidCastException or KeyNotFoundException or ArgumentException or InvalidOperationException)
            {
                // Upstream falls back to the static message when the expression fails.
            }
        }
        errors.Add(rule.Reason switch
        {
            "FieldValueForbidden" => FieldError.Forbidden(fieldPath, message),
            "FieldValueRequired" => FieldError.Required(fieldPath, message),
            "FieldValueDuplicate" => FieldError.Duplicate(fieldPath, typeName),
            _ => FieldError.Invalid(fieldPath, typeName, message),
        });
    }

    private static string Message(Exception e) => e switch
    {
        CelNoSuchFieldException => "no such key",
        _ => e.Message,
    };

    private static string MessageOrDefault(ValidationRule rule) =>
        rule.Message.Length == 0 ? $"failed rule: {ErrorString(rule)}" : rule.Message.Trim();

    private static string ErrorString(ValidationRule rule) =>
        rule.Message.Length > 0 ? rule.Message.Trim() : rule.Rule.Trim();

    /// <summary>JSON as the interpreter's values: maps, arrays, strings, int64, double, bool, null.</summary>
    public static object? ToCel(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(kv => kv.Key, kv => ToCel(kv.Value)),
        JsonArray a => a.Select(ToCel).ToArray(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => v.TryGetValue<long>(out var l) ? l : JsonKinds.AsDouble(v),
            _ => null,
        },
        _ => null,
    };

    private static CelEnvironment CreateEnvironment()
    {
        var env = new CelEnvironment(null, "");
        env.RegisterFunction("lowerAscii", [typeof(string)], args => LowerAscii((string)args[0]!));
        env.RegisterFunction("upperAscii", [typeof(string)], args => UpperAscii((string)args[0]!));
        env.RegisterFunction("trim", [typeof(string)], args => ((string)args[0]!).Trim());
        env.RegisterFunction("indexOf", [typeof(string), typeof(string)], args => (long)((string)args[0]!).IndexOf((string)args[1]!, StringComparison.Ordinal));
        env.RegisterFunction("lastIndexOf", [typeof(string), typeof(string)], args => (long)((string)args[0]!).LastIndexOf((string)args[1]!, StringComparison.Ordinal));
        env.RegisterFunction("replace", [typeof(string), typeof(string), typeof(string)], args => ((string)args[0]!).Replace((string)args[1]!, (string)args[2]!, StringComparison.Ordinal));
        env.RegisterFunction("split", [typeof(string), typeof(string)], args => ((string)args[0]!).Split((string)args[1]!).Cast<object?>().ToArray());
        env.RegisterFunction("join", [typeof(object[])], args => string.Join("", ((object?[])args[0]!).Select(x => x?.ToString())));
        env.RegisterFunction("join", [typeof(object[]), typeof(string)], args => string.Join((string)args[1]!, ((object?[])args[0]!).Select(x => x?.ToString())));
        CelLibrary.KubernetesCelLibraries.Register(env);
        // The authz library is in every environment, as upstream's base one; only policies bind `authorizer`.
        Admission.Policies.CelAuthorizer.Register(env);
        return env;
    }

    private static string LowerAscii(string s) => string.Create(s.Length, s, (span, src) =>
    {
        for (var i = 0; i < src.Length; i++)
        {
            span[i] = src[i] is >= 'A' and <= 'Z' ? (char)(src[i] + 32) : src[i];
        }
    });

    private static string UpperAscii(string s) => string.Create(s.Length, s, (span, src) =>
    {
        for (var i = 0; i < src.Length; i++)
        {
            span[i] = src[i] is >= 'a' and <= 'z' ? (char)(src[i] - 32) : src[i];
        }
    });

    [GeneratedRegex(@"\boldSelf\b")]
    private static partial Regex OldSelfRegex();
}
