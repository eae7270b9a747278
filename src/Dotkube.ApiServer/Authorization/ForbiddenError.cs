using Dotkube.Machinery.Errors;

namespace Dotkube.ApiServer.Authorization;

/// <summary>
/// The 403 a denied request gets, worded as upstream's responsewriters.Forbidden:
/// <c>pods is forbidden: User "u" cannot create resource "pods" in API group "" in the namespace "default"</c>,
/// the reason appended after ": ", details naming the group, resource (as kind) and name.
/// </summary>
public static class ForbiddenError
{
    public static StatusException For(AuthorizationAttributes a, string reason)
    {
        var message = Describe(a);
        if (reason.Length > 0)
        {
            message += ": " + reason;
        }
        return Build(a.ApiGroup, a.Resource, a.Name, message);
    }

    /// <summary>What the user may not do: the part before the reason.</summary>
    public static string Describe(AuthorizationAttributes a)
    {
        var user = a.User.Name;
        if (!a.IsResourceRequest)
        {
            return $"User \"{user}\" cannot {a.Verb} path \"{a.Path}\"";
        }
        var sub = Rbac.RuleMatching.SubresourceOf(a);
        var resource = sub.Length > 0 ? a.Resource + "/" + sub : a.Resource;
        return a.Namespace.Length > 0
            ? $"User \"{user}\" cannot {a.Verb} resource \"{resource}\" in API group \"{a.ApiGroup}\" in the namespace \"{a.Namespace}\""
            : $"User \"{user}\" cannot {a.Verb} resource \"{resource}\" in API group \"{a.ApiGroup}\" at the cluster scope";
    }

    /// <summary>apierrors.NewForbidden: "RESOURCE[.GROUP] [\"NAME\"] is forbidden: …", or "forbidden: …" without a resource.</summary>
    public static StatusException Build(string group, string resource, string name, string message)
    {
        string text;
        if (resource.Length == 0 && group.Length == 0)
        {
            text = "forbidden: " + message;
        }
        else
        {
            var qualified = StatusException.Qualified(group, resource);
            text = name.Length == 0 ? $"{qualified} is forbidden: {message}" : $"{qualified} \"{name}\" is forbidden: {message}";
        }
        return new StatusException(403, "Forbidden", text)
        {
            DetailsName = Empty(name),
            DetailsGroup = Empty(group),
            DetailsKind = Empty(resource),
            // apierrors.NewForbidden always sets details, so a path's 403 carries "details": {}.
            KeepEmptyDetails = true,
        };
    }

    private static string? Empty(string value) => value.Length == 0 ? null : value;
}
