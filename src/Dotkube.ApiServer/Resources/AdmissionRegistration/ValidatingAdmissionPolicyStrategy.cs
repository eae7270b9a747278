using System.Text.Json.Nodes;
using Dotkube.ApiServer.Admission.Webhooks;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.GroupCommon;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.AdmissionRegistration;

/// <summary>
/// Defaults and validation of ValidatingAdmissionPolicy (upstream admissionregistration v1):
/// failurePolicy Fail, matchConstraints defaulted; validations or auditAnnotations required,
/// every CEL expression must compile. status.typeChecking is not computed (the CEL library has no
/// type checker against the matched resources' schemas).
/// </summary>
public sealed class ValidatingAdmissionPolicyStrategy : ResourceStrategy
{
    private static readonly string[] Reasons = ["Unauthorized", "Forbidden", "Invalid", "RequestEntityTooLarge"];

    public override bool HasStatus => true;

    public override void Default(JsonObject obj)
    {
        var spec = obj.Obj("spec");
        if (spec is null)
        {
            return;
        }
        spec.DefaultString("failurePolicy", "Fail");
        MatchResourcesDefaults.Default(spec.Obj("matchConstraints"));
    }

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        var spec = obj.Obj("spec") ?? [];
        if (spec.Obj("paramKind") is { } paramKind)
        {
            if (paramKind.StrOrEmpty("apiVersion").Length == 0)
            {
                errors.Add(FieldError.Required("spec.paramKind.apiVersion"));
            }
            if (paramKind.StrOrEmpty("kind").Length == 0)
            {
                errors.Add(FieldError.Required("spec.paramKind.kind"));
            }
        }
        MatchResourcesDefaults.Validate(spec.Obj("matchConstraints"), "spec.matchConstraints", requireRules: true, errors);
        Validators.OneOf(spec.Str("failurePolicy"), "spec.failurePolicy", ["Fail", "Ignore"], errors, required: false);
        var validations = spec.Arr("validations").Objects().ToList();
        var audits = spec.Arr("auditAnnotations").Objects().ToList();
        if (validations.Count == 0 && audits.Count == 0)
        {
            errors.Add(FieldError.Required("spec.validations", "validations or auditAnnotations must contain at least one item"));
            errors.Add(FieldError.Required("spec.auditAnnotations", "validations or auditAnnotations must contain at least one item"));
        }
        for (var i = 0; i < validations.Count; i++)
        {
            var path = $"spec.validations[{i}]";
            Expression(validations[i].Str("expression"), path + ".expression", required: true, errors);
            Expression(validations[i].Str("messageExpression"), path + ".messageExpression", required: false, errors);
            if (validations[i].Str("message") is { } message && message.Contains('\n'))
            {
                errors.Add(FieldError.Invalid(path + ".message", message, "message must not contain line breaks"));
            }
            Validators.OneOf(validations[i].Str("reason"), path + ".reason", Reasons, errors, required: false);
        }
        for (var i = 0; i < audits.Count; i++)
        {
            var path = $"spec.auditAnnotations[{i}]";
            if (audits[i].StrOrEmpty("key").Length == 0)
            {
                errors.Add(FieldError.Required(path + ".key"));
            }
            Expression(audits[i].Str("valueExpression"), path + ".valueExpression", required: true, errors);
        }
        Named(spec.Arr("variables"), "spec.variables", "expression", errors);
        Named(spec.Arr("matchConditions"), "spec.matchConditions", "expression", errors);
        return errors;
    }

    /// <summary>Variables and match conditions: a unique name each and a compiling expression.</summary>
    private static void Named(JsonArray? items, string path, string expressionField, List<FieldError> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var list = items.Objects().ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var name = list[i].StrOrEmpty("name");
            if (name.Length == 0)
            {
                errors.Add(FieldError.Required($"{path}[{i}].name"));
            }
            else if (!names.Add(name))
            {
                errors.Add(FieldError.Duplicate($"{path}[{i}].name", name));
            }
            Expression(list[i].Str(expressionField), $"{path}[{i}].{expressionField}", required: true, errors);
        }
    }

    private static void Expression(string? expression, string path, bool required, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            if (required)
            {
                errors.Add(FieldError.Required(path));
            }
            return;
        }
        if (AdmissionCel.CompileError(expression) is { } error)
        {
            errors.Add(FieldError.Invalid(path, expression, "compilation failed: " + error));
        }
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        GroupColumns.Integer("Validations", "Validations indicates the number of validation rules in a ValidatingAdmissionPolicy",
            (o, _) => o.Obj("spec").Arr("validations")?.Count ?? 0),
        GroupColumns.Text("ParamKind", "ParamKind specifies the kind of resources used to parameterize this policy",
            (o, _) => o.Obj("spec").Obj("paramKind") is { } p ? $"{p.StrOrEmpty("apiVersion")}/{p.StrOrEmpty("kind")}" : "<unset>"),
        TableColumn.AgeColumn,
    ];
}
