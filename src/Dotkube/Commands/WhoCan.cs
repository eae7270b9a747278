using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Authorization;
using Dotkube.ApiServer.Authorization.Rbac;
using k8s;
using k8s.Models;

namespace Dotkube.Commands;

/// <param name="Namespace">empty: role bindings in every namespace.</param>
public sealed record WhoCanRequest(string Verb, string Resource, string Name, string Namespace);

/// <summary>A binding that grants the action, and one of its subjects.</summary>
public sealed record WhoCanGrant(string Binding, string Namespace, string Role, string SubjectKind, string Subject, string SubjectNamespace);

public sealed record WhoCanAnswer(string Group, string Resource, IReadOnlyList<WhoCanGrant> RoleBindings, IReadOnlyList<WhoCanGrant> ClusterRoleBindings);

/// <summary>Evaluates the live RBAC objects with the server's own rule matching.</summary>
public static class WhoCan
{
    public static async Task<WhoCanAnswer> AskAsync(Kubernetes client, WhoCanRequest request, CancellationToken ct)
    {
        var (group, resource, sub, path) = await ResolveAsync(client, request.Resource, ct);
        var attributes = path.Length > 0
            ? new AuthorizationAttributes(new UserInfo("", []), request.Verb, false, path)
            : new AuthorizationAttributes(new UserInfo("", []), request.Verb, true, "", group, "", resource, sub, request.Namespace, request.Name);
        bool Grants(IList<V1PolicyRule>? rules) => (rules ?? []).Any(r => RuleMatching.Allows(ToRule(r), attributes));

        var clusterRoles = (await client.RbacAuthorizationV1.ListClusterRoleAsync(cancellationToken: ct)).Items
            .Where(r => Grants(r.Rules)).Select(r => r.Metadata.Name).ToHashSet();
        var clusterGrants = new List<WhoCanGrant>();
        foreach (var b in (await client.RbacAuthorizationV1.ListClusterRoleBindingAsync(cancellationToken: ct)).Items)
        {
            if (b.RoleRef.Kind == "ClusterRole" && clusterRoles.Contains(b.RoleRef.Name))
            {
                clusterGrants.AddRange(Subjects(b.Metadata.Name, "", b.RoleRef, b.Subjects));
            }
        }
        var namespaceGrants = new List<WhoCanGrant>();
        if (path.Length == 0)
        {
            var roles = request.Namespace.Length == 0
                ? (await client.RbacAuthorizationV1.ListRoleForAllNamespacesAsync(cancellationToken: ct)).Items
                : (await client.RbacAuthorizationV1.ListNamespacedRoleAsync(request.Namespace, cancellationToken: ct)).Items;
            var granting = roles.Where(r => Grants(r.Rules)).Select(r => (r.Metadata.NamespaceProperty, r.Metadata.Name)).ToHashSet();
            var bindings = request.Namespace.Length == 0
                ? (await client.RbacAuthorizationV1.ListRoleBindingForAllNamespacesAsync(cancellationToken: ct)).Items
                : (await client.RbacAuthorizationV1.ListNamespacedRoleBindingAsync(request.Namespace, cancellationToken: ct)).Items;
            foreach (var b in bindings)
            {
                var ns = b.Metadata.NamespaceProperty;
                var grants = b.RoleRef.Kind == "ClusterRole" ? clusterRoles.Contains(b.RoleRef.Name) : granting.Contains((ns, b.RoleRef.Name));
                if (grants)
                {
                    namespaceGrants.AddRange(Subjects(b.Metadata.Name, ns, b.RoleRef, b.Subjects));
                }
            }
        }
        return new WhoCanAnswer(group, path.Length > 0 ? path : resource, namespaceGrants, clusterGrants);
    }

    private static PolicyRule ToRule(V1PolicyRule r) =>
        new([.. r.Verbs ?? []], [.. r.ApiGroups ?? []], [.. r.Resources ?? []], [.. r.ResourceNames ?? []], [.. r.NonResourceURLs ?? []]);

    private static IEnumerable<WhoCanGrant> Subjects(string binding, string ns, V1RoleRef role, IList<Rbacv1Subject>? subjects) =>
        (subjects ?? []).Select(s => new WhoCanGrant(binding, ns, $"{role.Kind}/{role.Name}", s.Kind, s.Name,
            s.Kind == "ServiceAccount" ? (string.IsNullOrEmpty(s.NamespaceProperty) ? ns : s.NamespaceProperty) : ""));

    /// <summary>
    /// RESOURCE[/SUB][.GROUP] as kubectl accepts it (plural, singular or short name), resolved
    /// through discovery; a leading "/" is a non-resource URL.
    /// </summary>
    private static async Task<(string Group, string Resource, string Sub, string Path)> ResolveAsync(Kubernetes client, string text, CancellationToken ct)
    {
        if (text.StartsWith('/'))
        {
            return ("", "", "", text);
        }
        var sub = "";
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            sub = text[(slash + 1)..];
            text = text[..slash];
        }
        if (text == "*")
        {
            return ("*", "*", sub, "");
        }
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var wantedGroup = dot >= 0 ? text[(dot + 1)..] : null;
        var wanted = dot >= 0 ? text[..dot] : text;
        foreach (var (group, path) in await GroupVersionsAsync(client, ct))
        {
            if (wantedGroup is not null && wantedGroup != group)
            {
                continue;
            }
            var list = JsonNode.Parse(await client.HttpClient.GetStringAsync(new Uri(client.BaseUri, path), ct))!;
            foreach (var r in list["resources"]?.AsArray() ?? [])
            {
                var plural = r!["name"]!.GetValue<string>();
                if (plural.Contains('/'))
                {
                    continue;
                }
                var names = new[] { plural, r["singularName"]?.GetValue<string>() ?? "" }
                    .Concat(r["shortNames"]?.AsArray().Select(n => n!.GetValue<string>()) ?? []);
                if (names.Contains(wanted, StringComparer.OrdinalIgnoreCase))
                {
                    return (group, plural, sub, "");
                }
            }
        }
        if (wantedGroup is not null)
        {
            // Not served (yet): take the name as given, as RBAC rules may name anything.
            return (wantedGroup, wanted, sub, "");
        }
        throw new ArgumentException($"the server doesn't have a resource type \"{text}\"");
    }

    private static async Task<List<(string Group, string Path)>> GroupVersionsAsync(Kubernetes client, CancellationToken ct)
    {
        var result = new List<(string, string)> { ("", "api/v1") };
        foreach (var g in (await client.Apis.GetAPIVersionsAsync(ct)).Groups)
        {
            result.Add((g.Name, $"apis/{g.PreferredVersion.GroupVersion}"));
        }
        return result;
    }
}
