using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.GroupCommon;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Rbac;

/// <summary>upstream pkg/apis/rbac/validation and the v1 defaults for bindings.</summary>
public static class RbacValidation
{
    public const string GroupName = "rbac.authorization.k8s.io";

    /// <summary>PolicyRule: verbs always; resource rules need groups and resources; URL rules only in cluster roles.</summary>
    public static void ValidateRules(JsonObject obj, bool namespaced, List<FieldError> errors)
    {
        var i = 0;
        foreach (var rule in obj.Arr("rules").Objects())
        {
            var path = FieldPath.Index("rules", i++);
            if ((rule.Arr("verbs")?.Count ?? 0) == 0)
            {
                errors.Add(FieldError.Required(FieldPath.Child(path, "verbs"), "verbs must contain at least one value"));
            }
            var urls = rule.Arr("nonResourceURLs").Strings().ToList();
            if (urls.Count > 0)
            {
                if (namespaced)
                {
                    errors.Add(FieldError.Invalid(FieldPath.Child(path, "nonResourceURLs"), GoValue.StringSlice(urls), "namespaced rules cannot apply to non-resource URLs"));
                }
                if ((rule.Arr("apiGroups")?.Count ?? 0) > 0 || (rule.Arr("resources")?.Count ?? 0) > 0 || (rule.Arr("resourceNames")?.Count ?? 0) > 0)
                {
                    errors.Add(FieldError.Invalid(FieldPath.Child(path, "nonResourceURLs"), GoValue.StringSlice(urls), "rules cannot apply to both regular resources and non-resource URLs"));
                }
                continue;
            }
            if ((rule.Arr("apiGroups")?.Count ?? 0) == 0)
            {
                errors.Add(FieldError.Required(FieldPath.Child(path, "apiGroups"), "resource rules must supply at least one api group"));
            }
            if ((rule.Arr("resources")?.Count ?? 0) == 0)
            {
                errors.Add(FieldError.Required(FieldPath.Child(path, "resources"), "resource rules must supply at least one resource"));
            }
        }
    }

    /// <summary>upstream SetDefaults_RoleBinding / _ClusterRoleBinding / _Subject.</summary>
    public static void DefaultBinding(JsonObject obj)
    {
        obj.EnsureObj("roleRef").DefaultString("apiGroup", GroupName);
        foreach (var subject in obj.Arr("subjects").Objects())
        {
            if (string.IsNullOrEmpty(subject.Str("apiGroup")))
            {
                switch (subject.Str("kind"))
                {
                    case "ServiceAccount":
                        subject["apiGroup"] = "";
                        break;
                    case "User" or "Group":
                        subject["apiGroup"] = GroupName;
                        break;
                }
            }
        }
    }

    /// <summary>upstream ValidateRoleBinding / ValidateClusterRoleBinding.</summary>
    public static void ValidateBinding(JsonObject obj, bool namespaced, List<FieldError> errors)
    {
        var roleRef = obj.Obj("roleRef");
        var apiGroup = roleRef.StrOrEmpty("apiGroup");
        if (apiGroup != GroupName)
        {
            errors.Add(FieldError.NotSupported("roleRef.apiGroup", apiGroup, [GroupName]));
        }
        var kind = roleRef.StrOrEmpty("kind");
        if (namespaced ? kind is not ("Role" or "ClusterRole") : kind != "ClusterRole")
        {
            errors.Add(FieldError.NotSupported("roleRef.kind", kind, namespaced ? ["Role", "ClusterRole"] : ["ClusterRole"]));
        }
        var name = roleRef.StrOrEmpty("name");
        if (name.Length == 0)
        {
            errors.Add(FieldError.Required("roleRef.name"));
        }
        else
        {
            foreach (var msg in PathSegments.Validate(name))
            {
                errors.Add(FieldError.Invalid("roleRef.name", name, msg));
            }
        }
        var i = 0;
        foreach (var subject in obj.Arr("subjects").Objects())
        {
            ValidateSubject(subject, namespaced, FieldPath.Index("subjects", i++), errors);
        }
    }

    private static void ValidateSubject(JsonObject subject, bool namespaced, string path, List<FieldError> errors)
    {
        var name = subject.StrOrEmpty("name");
        var apiGroup = subject.StrOrEmpty("apiGroup");
        if (name.Length == 0)
        {
            errors.Add(FieldError.Required(FieldPath.Child(path, "name")));
        }
        switch (subject.StrOrEmpty("kind"))
        {
            case "ServiceAccount":
                if (name.Length > 0)
                {
                    foreach (var msg in NameValidation.IsDns1123Subdomain(name))
                    {
                        errors.Add(FieldError.Invalid(FieldPath.Child(path, "name"), name, msg));
                    }
                }
                if (apiGroup.Length > 0)
                {
                    errors.Add(FieldError.NotSupported(FieldPath.Child(path, "apiGroup"), apiGroup, [""]));
                }
                if (!namespaced && subject.StrOrEmpty("namespace").Length == 0)
                {
                    errors.Add(FieldError.Required(FieldPath.Child(path, "namespace")));
                }
                break;
            case "User" or "Group":
                if (apiGroup != GroupName)
                {
                    errors.Add(FieldError.NotSupported(FieldPath.Child(path, "apiGroup"), apiGroup, [GroupName]));
                }
                break;
            default:
                errors.Add(FieldError.NotSupported(FieldPath.Child(path, "kind"), subject.StrOrEmpty("kind"), ["ServiceAccount", "User", "Group"]));
                break;
        }
    }

    /// <summary>A binding's roleRef never changes; upstream shows the new one as a Go struct.</summary>
    public static void RoleRefImmutable(JsonObject obj, JsonObject old, List<FieldError> errors)
    {
        var roleRef = obj.Obj("roleRef");
        var before = old.Obj("roleRef");
        if (roleRef.StrOrEmpty("apiGroup") != before.StrOrEmpty("apiGroup") || roleRef.StrOrEmpty("kind") != before.StrOrEmpty("kind")
            || roleRef.StrOrEmpty("name") != before.StrOrEmpty("name"))
        {
            errors.Add(FieldError.Invalid("roleRef", GoSyntax.Raw(
                $"rbac.RoleRef{{APIGroup:{GoValue.Quote(roleRef.StrOrEmpty("apiGroup"))}, Kind:{GoValue.Quote(roleRef.StrOrEmpty("kind"))}, Name:{GoValue.Quote(roleRef.StrOrEmpty("name"))}}}"),
                "cannot change roleRef"));
        }
    }

    /// <summary>Subjects split as kubectl's wide columns show them (upstream SubjectsStrings).</summary>
    public static (string Users, string Groups, string ServiceAccounts) Subjects(JsonObject obj)
    {
        var users = new List<string>();
        var groups = new List<string>();
        var serviceAccounts = new List<string>();
        foreach (var subject in obj.Arr("subjects").Objects())
        {
            switch (subject.Str("kind"))
            {
                case "ServiceAccount":
                    serviceAccounts.Add($"{subject.StrOrEmpty("namespace")}/{subject.StrOrEmpty("name")}");
                    break;
                case "User":
                    users.Add(subject.StrOrEmpty("name"));
                    break;
                case "Group":
                    groups.Add(subject.StrOrEmpty("name"));
                    break;
            }
        }
        return (string.Join(", ", users), string.Join(", ", groups), string.Join(", ", serviceAccounts));
    }
}
