namespace Dotkube.ApiServer.Routing;

/// <summary>Parses request paths into <see cref="RequestInfo"/> with upstream's rules.</summary>
public static class RequestInfoParser
{
    // Subresources of a namespace that must not be read as "a resource inside the namespace".
    private static readonly HashSet<string> NamespaceSubresources = ["status", "finalize"];

    public static RequestInfo Parse(string method, string path, bool watchParam)
    {
        var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var info = new RequestInfo { Path = path, Parts = parts, Verb = method.ToLowerInvariant() };
        if (parts.Length == 0 || (parts[0] != "api" && parts[0] != "apis"))
        {
            return info;
        }
        var prefix = parts[0];
        var rest = parts.AsSpan(1);
        string group = "", version;
        if (prefix == "api")
        {
            if (rest.Length < 1)
            {
                return info with { ApiPrefix = prefix };
            }
            version = rest[0];
            rest = rest[1..];
        }
        else
        {
            if (rest.Length < 2)
            {
                return info with { ApiPrefix = prefix, Group = rest.Length > 0 ? rest[0] : "" };
            }
            group = rest[0];
            version = rest[1];
            rest = rest[2..];
        }
        info = info with { ApiPrefix = prefix, Group = group, Version = version };
        if (rest.Length == 0)
        {
            return info;
        }

        var verb = method switch
        {
            "POST" => "create",
            "GET" or "HEAD" => "get",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => "delete",
            _ => method.ToLowerInvariant(),
        };
        var isWatchPath = false;
        if (rest[0] == "watch")
        {
            isWatchPath = true;
            rest = rest[1..];
        }
        var ns = "";
        if (rest.Length > 0 && rest[0] == "namespaces" && rest.Length > 1)
        {
            ns = rest[1];
            if (rest.Length > 2 && !NamespaceSubresources.Contains(rest[2]))
            {
                rest = rest[2..];
            }
        }
        if (rest.Length == 0)
        {
            return info;
        }
        var resource = rest[0];
        var name = rest.Length > 1 ? rest[1] : "";
        var sub = rest.Length > 2 ? rest[2] : "";
        if (rest.Length > 3)
        {
            // Deeper paths (e.g. pods/proxy/...) keep their tail in the subresource's own handling.
            sub = string.Join('/', rest[2..].ToArray());
        }
        if (isWatchPath)
        {
            verb = "watch";
        }
        else if (verb == "get" && name.Length == 0)
        {
            verb = watchParam ? "watch" : "list";
        }
        else if (verb == "get" && watchParam)
        {
            // A watch on a single object: ?watch=true&fieldSelector=metadata.name=...
            verb = "watch";
        }
        else if (verb == "delete" && name.Length == 0)
        {
            verb = "deletecollection";
        }
        return info with
        {
            IsResourceRequest = true,
            Namespace = ns,
            Resource = resource,
            Name = name,
            Subresource = sub,
            Verb = verb,
        };
    }
}
