using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Selectors;

namespace Dotkube.ApiServer.Admission.Policies;

/// <summary>
/// Finds a binding's parameter objects: the policy's paramKind (apiVersion and kind) names the
/// resource, the binding's paramRef one object by name or several by label selector — in
/// paramRef.namespace, else (for a namespaced param kind) the request's namespace.
/// </summary>
public sealed class ParamResolver(Func<ResourceDefinition, GenericStore> storeFor, Func<ResourceRegistry> registry)
{
    /// <summary>The params, an empty list when none are found; null when the param kind is not served.</summary>
    public async Task<IReadOnlyList<JsonObject>?> ResolveAsync(JsonObject paramKind, JsonObject paramRef, string requestNamespace, CancellationToken ct)
    {
        var apiVersion = paramKind.StrOrEmpty("apiVersion");
        var slash = apiVersion.IndexOf('/');
        var (group, version) = slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        var kind = paramKind.StrOrEmpty("kind");
        var def = registry().All.FirstOrDefault(d => d.Group == group && d.Kind == kind && d.Versions.Contains(version));
        if (def is null)
        {
            return null;
        }
        var ns = "";
        if (def.Namespaced)
        {
            ns = paramRef.Str("namespace") is { Length: > 0 } given ? given : requestNamespace;
            if (ns.Length == 0)
            {
                // A cluster-scoped request with a namespaced param kind and no namespace: nothing to find.
                return [];
            }
        }
        var store = storeFor(def);
        if (paramRef.Str("name") is { Length: > 0 } name)
        {
            return await store.TryGetAsync(ns, name, ct) is { } one ? [VersionBridge.ToServed(one, def, version)] : [];
        }
        var selector = LabelSelector.FromJson(paramRef.Obj("selector"));
        var page = await store.ListAsync(ns, new ListQuery(), ct);
        return [.. page.Items.Where(o => selector.Matches(o.Obj("metadata").Obj("labels"))).Select(o => VersionBridge.ToServed(o, def, version))];
    }
}
