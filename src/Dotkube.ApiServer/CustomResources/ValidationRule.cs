using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.CustomResources;

/// <summary>One x-kubernetes-validations entry: a CEL rule and how its failure is reported.</summary>
public sealed record ValidationRule(
    string Rule,
    string Message,
    string MessageExpression,
    string? Reason,
    string FieldPath,
    bool OptionalOldSelf)
{
    /// <summary>A transition rule compares with the old object and runs only on updates that have one.</summary>
    public bool IsTransition => CelRules.ReferencesOldSelf(Rule);

    public static ValidationRule Parse(JsonObject o) => new(
        Text(o, "rule"),
        Text(o, "message"),
        Text(o, "messageExpression"),
        o["reason"] is JsonValue r && r.TryGetValue<string>(out var reason) ? reason : null,
        Text(o, "fieldPath"),
        o["optionalOldSelf"] is JsonValue v && v.TryGetValue<bool>(out var b) && b);

    private static string Text(JsonObject o, string name) =>
        o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}
