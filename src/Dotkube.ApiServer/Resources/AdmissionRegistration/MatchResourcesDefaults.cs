using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Selectors;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.AdmissionRegistration;

/// <summary>
/// Defaults and validation of a policy's matchConstraints or a binding's matchResources
/// (upstream MatchResources): matchPolicy Equivalent, empty selectors, rule scope "*".
/// </summary>
public static class MatchResourcesDefaults
{
    private static readonly string[] Operations = ["*", "CONNECT", "CREATE", "DELETE", "UPDATE"];
    private static readonly string[] Scopes = ["*", "Cluster", "Namespaced"];

    public static void Default(JsonObject? match)
    {
        if (match is null)
        {
            return;
        }
        match.DefaultString("matchPolicy", "Equivalent");
        match.Default("namespaceSelector", new JsonObject());
        match.Default("objectSelector", new JsonObject());
        foreach (var list in new[] { "resourceRules", "excludeResourceRules" })
        {
            foreach (var rule in match.Arr(list).Objects())
            {
                rule.DefaultString("scope", "*");
            }
        }
    }

    public static void Validate(JsonObject? match, string path, bool requireRules, List<FieldError> errors)
    {
        if (match is null)
        {
            if (requireRules)
            {
                errors.Add(FieldError.Required(path, ""));
            }
            return;
        }
        if (requireRules && match.Arr("resourceRules") is not { Count: > 0 })
        {
            errors.Add(FieldError.Required(path + ".resourceRules", ""));
        }
        Validators.OneOf(match.Str("matchPolicy"), path + ".matchPolicy", ["Equivalent", "Exact"], errors, required: false);
        LabelSelector.Validate(match.Obj("namespaceSelector"), path + ".namespaceSelector", errors);
        LabelSelector.Validate(match.Obj("objectSelector"), path + ".objectSelector", errors);
        foreach (var list in new[] { "resourceRules", "excludeResourceRules" })
        {
            var rules = match.Arr(list).Objects().ToList();
            for (var i = 0; i < rules.Count; i++)
            {
                var rulePath = $"{path}.{list}[{i}]";
                foreach (var field in new[] { "operations", "apiGroups", "apiVersions", "resources" })
                {
                    if (rules[i].Arr(field) is not { Count: > 0 })
                    {
                        errors.Add(FieldError.Required($"{rulePath}.{field}"));
                    }
                }
                var operations = rules[i].Arr("operations").Strings().ToList();
                for (var o = 0; o < operations.Count; o++)
                {
                    Validators.OneOf(operations[o], $"{rulePath}.operations[{o}]", Operations, errors);
                }
                Validators.OneOf(rules[i].Str("scope"), rulePath + ".scope", Scopes, errors, required: false);
            }
        }
    }
}
