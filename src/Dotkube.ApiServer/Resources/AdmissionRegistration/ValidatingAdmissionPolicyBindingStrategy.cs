using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.GroupCommon;
using Dotkube.Machinery.Selectors;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.AdmissionRegistration;

/// <summary>
/// Defaults and validation of ValidatingAdmissionPolicyBinding (upstream admissionregistration
/// v1): policyName and validationActions required, Deny and Warn never together, a paramRef
/// with exactly one of name and selector and a parameterNotFoundAction.
/// </summary>
public sealed class ValidatingAdmissionPolicyBindingStrategy : ResourceStrategy
{
    private static readonly string[] Actions = ["Audit", "Deny", "Warn"];

    public override void Default(JsonObject obj) => MatchResourcesDefaults.Default(obj.Obj("spec")?.Obj("matchResources"));

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        var spec = obj.Obj("spec") ?? [];
        if (spec.StrOrEmpty("policyName").Length == 0)
        {
            errors.Add(FieldError.Required("spec.policyName"));
        }
        var actions = spec.Arr("validationActions").Strings().ToList();
        if (actions.Count == 0)
        {
            errors.Add(FieldError.Required("spec.validationActions", "at least one validation action is required"));
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < actions.Count; i++)
        {
            var path = $"spec.validationActions[{i}]";
            if (!seen.Add(actions[i]))
            {
                errors.Add(FieldError.Duplicate(path, actions[i]));
            }
            Validators.OneOf(actions[i], path, Actions, errors);
        }
        if (seen.Contains("Deny") && seen.Contains("Warn"))
        {
            errors.Add(FieldError.Invalid("spec.validationActions", Validators.GoDisplay(spec.Arr("validationActions")), "must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)"));
        }
        if (spec.Obj("paramRef") is { } paramRef)
        {
            var hasName = paramRef.StrOrEmpty("name").Length > 0;
            var hasSelector = paramRef.Obj("selector") is not null;
            if (hasName == hasSelector)
            {
                errors.Add(FieldError.Forbidden("spec.paramRef", hasName ? "name and selector are mutually exclusive" : "one of name or selector must be specified"));
            }
            LabelSelector.Validate(paramRef.Obj("selector"), "spec.paramRef.selector", errors);
            Validators.OneOf(paramRef.Str("parameterNotFoundAction"), "spec.paramRef.parameterNotFoundAction", ["Allow", "Deny"], errors);
        }
        MatchResourcesDefaults.Validate(spec.Obj("matchResources"), "spec.matchResources", requireRules: false, errors);
        return errors;
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        GroupColumns.Text("PolicyName", "PolicyName indicates the policy definition which the policy binding binded to",
            (o, _) => o.Obj("spec").StrOrEmpty("policyName")),
        GroupColumns.Text("ParamRef", "ParamRef indicates the param resource which sets the configration param", (o, _) => ParamRef(o.Obj("spec").Obj("paramRef"))),
        TableColumn.AgeColumn,
    ];

    private static string ParamRef(JsonObject? paramRef)
    {
        if (paramRef is null)
        {
            return "<unset>";
        }
        if (paramRef.StrOrEmpty("name") is { Length: > 0 } name)
        {
            return paramRef.StrOrEmpty("namespace") is { Length: > 0 } ns ? $"{ns}/{name}" : $"*/{name}";
        }
        return paramRef.Obj("selector") is { } selector ? LabelSelector.FromJson(selector).ToString() : "<unset>";
    }
}
