using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;

namespace Dotkube.ApiServer.Authorization.Rbac;

/// <summary>One subject of a binding: User, Group or ServiceAccount.</summary>
public sealed record RbacSubject(string Kind, string Name, string Namespace);

/// <summary>A RoleBinding (Namespace set) or ClusterRoleBinding (Namespace empty), as RBAC needs it.</summary>
public sealed record RbacBinding(string Namespace, string Name, string RoleKind, string RoleName, IReadOnlyList<RbacSubject> Subjects)
{
    public static RbacBinding FromJson(JsonObject obj) => new(
        ObjectJson.Namespace(obj),
        ObjectJson.Name(obj),
        obj.Obj("roleRef").StrOrEmpty("kind"),
        obj.Obj("roleRef").StrOrEmpty("name"),
        [.. obj.Arr("subjects").Objects().Select(s => new RbacSubject(s.StrOrEmpty("kind"), s.StrOrEmpty("name"), s.StrOrEmpty("namespace")))]);

    /// <summary>
    /// The index key a subject is found under: a service account without a namespace belongs to
    /// the binding's namespace (and to none in a ClusterRoleBinding), as upstream's appliesTo does.
    /// </summary>
    public string? KeyOf(RbacSubject s) => s.Kind switch
    {
        "User" => SubjectKeys.User(s.Name),
        "Group" => SubjectKeys.Group(s.Name),
        "ServiceAccount" when (s.Namespace.Length > 0 ? s.Namespace : Namespace) is { Length: > 0 } ns => SubjectKeys.ServiceAccount(ns, s.Name),
        _ => null,
    };
}

/// <summary>The keys of the subject index: every way a user can be named by a binding.</summary>
public static class SubjectKeys
{
    public const string ServiceAccountPrefix = "system:serviceaccount:";

    public static string User(string name) => "u:" + name;

    public static string Group(string name) => "g:" + name;

    public static string ServiceAccount(string ns, string name) => "sa:" + ns + "/" + name;

    public static List<string> For(Authentication.UserInfo user)
    {
        var keys = new List<string>(user.Groups.Count + 2) { User(user.Name) };
        foreach (var g in user.Groups)
        {
            keys.Add(Group(g));
        }
        if (TryParseServiceAccount(user.Name, out var ns, out var name))
        {
            keys.Add(ServiceAccount(ns, name));
        }
        return keys;
    }

    /// <summary>system:serviceaccount:NS:NAME → (NS, NAME).</summary>
    public static bool TryParseServiceAccount(string user, out string ns, out string name)
    {
        ns = name = "";
        if (!user.StartsWith(ServiceAccountPrefix, StringComparison.Ordinal))
        {
            return false;
        }
        var rest = user[ServiceAccountPrefix.Length..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == rest.Length - 1 || rest.IndexOf(':', colon + 1) >= 0)
        {
            return false;
        }
        ns = rest[..colon];
        name = rest[(colon + 1)..];
        return true;
    }
}
