using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Rbac;
using Microsoft.Extensions.Logging;

namespace Dotkube.ApiServer.Authorization.Rbac;

/// <summary>
/// Roles, cluster roles and bindings in memory, fed by watches on their stores (like upstream's
/// informer-backed RBAC listers), with bindings indexed by subject so a decision reads no storage
/// and looks only at the bindings that name the user, their groups or their service account.
/// </summary>
public sealed class RbacCache(Func<ResourceDefinition, GenericStore> storeFor, ILogger logger) : IRuleResolver
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<PolicyRule>> roles = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyList<PolicyRule>> clusterRoles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RbacBinding> bindings = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private volatile IReadOnlyDictionary<string, RbacBinding[]>? index;
    private readonly TaskCompletionSource synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once every RBAC resource has been listed.</summary>
    public Task Synced => synced.Task;

    /// <summary>Every binding currently known (for who-can style questions and tests).</summary>
    public IReadOnlyList<RbacBinding> Bindings
    {
        get
        {
            lock (gate)
            {
                return [.. bindings.Values];
            }
        }
    }

    public IReadOnlyList<PolicyRule>? ClusterRole(string name) => clusterRoles.GetValueOrDefault(name);

    public IReadOnlyList<PolicyRule>? Role(string ns, string name) => roles.GetValueOrDefault(ns + "/" + name);

    /// <summary>
    /// Calls <paramref name="visit"/> with each rule that applies to the user in the namespace
    /// (cluster role bindings first, then the namespace's role bindings), and with each error
    /// resolving a binding's role; stops when the visitor returns false.
    /// </summary>
    public void VisitRules(UserInfo user, string ns, Func<RbacBinding?, PolicyRule?, string?, bool> visit)
    {
        var idx = index ?? BuildIndex();
        var applicable = new List<RbacBinding>();
        foreach (var key in SubjectKeys.For(user))
        {
            if (idx.TryGetValue(key, out var found))
            {
                foreach (var b in found)
                {
                    if ((b.Namespace.Length == 0 || b.Namespace == ns) && !applicable.Contains(b))
                    {
                        applicable.Add(b);
                    }
                }
            }
        }
        // Cluster-wide bindings first, then by name: a stable order for reasons and rule lists.
        applicable.Sort((a, b) => a.Namespace.Length == b.Namespace.Length
            ? string.CompareOrdinal(a.Name, b.Name)
            : a.Namespace.Length.CompareTo(b.Namespace.Length));
        foreach (var b in applicable)
        {
            var (rules, error) = RulesOf(b);
            if (error is not null)
            {
                if (!visit(b, null, error))
                {
                    return;
                }
                continue;
            }
            foreach (var rule in rules!)
            {
                if (!visit(b, rule, null))
                {
                    return;
                }
            }
        }
    }

    /// <summary>The rules a binding's roleRef grants, or why it grants nothing.</summary>
    public (IReadOnlyList<PolicyRule>? Rules, string? Error) RulesOf(RbacBinding b) => RoleReferenceRules(b.RoleKind, b.RoleName, b.Namespace);

    public (IReadOnlyList<PolicyRule>? Rules, string? Error) RoleReferenceRules(string kind, string name, string ns) => kind switch
    {
        "Role" => Role(ns, name) is { } r ? (r, null) : (null, $"role.rbac.authorization.k8s.io \"{name}\" not found"),
        "ClusterRole" => ClusterRole(name) is { } c ? (c, null) : (null, $"clusterrole.rbac.authorization.k8s.io \"{name}\" not found"),
        _ => (null, $"unsupported role reference kind: \"{kind}\""),
    };

    public RuleSet RulesFor(UserInfo user, string ns)
    {
        var rules = new List<PolicyRule>();
        var errors = new List<string>();
        VisitRules(user, ns, (_, rule, error) =>
        {
            if (rule is not null)
            {
                rules.Add(rule);
            }
            if (error is not null)
            {
                errors.Add(error);
            }
            return true;
        });
        return new RuleSet(rules, errors);
    }

    private IReadOnlyDictionary<string, RbacBinding[]> BuildIndex()
    {
        lock (gate)
        {
            if (index is { } current)
            {
                return current;
            }
            var built = new Dictionary<string, List<RbacBinding>>(StringComparer.Ordinal);
            foreach (var b in bindings.Values)
            {
                foreach (var s in b.Subjects)
                {
                    if (b.KeyOf(s) is not { } key)
                    {
                        continue;
                    }
                    if (!built.TryGetValue(key, out var list))
                    {
                        built[key] = list = [];
                    }
                    if (!list.Contains(b))
                    {
                        list.Add(b);
                    }
                }
            }
            var frozen = built.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
            index = frozen;
            return frozen;
        }
    }

    /// <summary>Applies one object (or its deletion) to the cache: what the watches call.</summary>
    public void Apply(ResourceDefinition def, JsonObject obj, bool deleted)
    {
        var name = ObjectJson.Name(obj);
        var ns = ObjectJson.Namespace(obj);
        switch (def.Plural)
        {
            case "roles":
                Put(roles, ns + "/" + name, deleted ? null : PolicyRule.ListFrom(obj));
                break;
            case "clusterroles":
                Put(clusterRoles, name, deleted ? null : PolicyRule.ListFrom(obj));
                break;
            default:
                lock (gate)
                {
                    var key = ns + "/" + name;
                    if (deleted)
                    {
                        bindings.Remove(key);
                    }
                    else
                    {
                        bindings[key] = RbacBinding.FromJson(obj);
                    }
                    index = null;
                }
                break;
        }
    }

    private static void Put(ConcurrentDictionary<string, IReadOnlyList<PolicyRule>> map, string key, IReadOnlyList<PolicyRule>? rules)
    {
        if (rules is null)
        {
            map.TryRemove(key, out _);
        }
        else
        {
            map[key] = rules;
        }
    }

    private static readonly ResourceDefinition[] Watched =
        [RbacResources.ClusterRoles, RbacResources.Roles, RbacResources.ClusterRoleBindings, RbacResources.RoleBindings];

    /// <summary>Lists and watches the four RBAC resources until cancelled; <see cref="Synced"/> completes after the first lists.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var firstLists = Watched.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        _ = Task.WhenAll(firstLists.Select(t => t.Task)).ContinueWith(_ => synced.TrySetResult(), TaskScheduler.Default);
        await Task.WhenAll(Watched.Select((def, i) => FollowAsync(def, firstLists[i], ct)));
    }

    private async Task FollowAsync(ResourceDefinition def, TaskCompletionSource listed, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var store = storeFor(def);
                var page = await store.ListAsync("", new ListQuery(), ct);
                Replace(def, page.Items);
                listed.TrySetResult();
                await foreach (var e in store.WatchAsync("", page.ResourceVersion, ct))
                {
                    Apply(def, e.Object, e.Type == "DELETED");
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is Storage.StorageException or Machinery.Errors.StatusException)
            {
                // The re-list below replaces everything, so nothing missed in between survives.
                logger.LogDebug(e, "rbac cache: re-listing {Resource} after a watch failure", def.Plural);
                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            }
        }
    }

    private void Replace(ResourceDefinition def, IReadOnlyList<JsonObject> items)
    {
        switch (def.Plural)
        {
            case "roles":
                roles.Clear();
                break;
            case "clusterroles":
                clusterRoles.Clear();
                break;
            default:
                lock (gate)
                {
                    foreach (var key in bindings.Where(kv => (kv.Value.Namespace.Length > 0) == (def.Plural == "rolebindings")).Select(kv => kv.Key).ToList())
                    {
                        bindings.Remove(key);
                    }
                    index = null;
                }
                break;
        }
        foreach (var item in items)
        {
            Apply(def, item, deleted: false);
        }
    }
}
