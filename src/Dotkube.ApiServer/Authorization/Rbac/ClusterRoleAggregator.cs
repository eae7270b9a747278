using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.Machinery.Errors;
using Microsoft.Extensions.Logging;

namespace Dotkube.ApiServer.Authorization.Rbac;

/// <summary>
/// The clusterrole-aggregation controller: keeps every ClusterRole with an aggregationRule holding
/// the union of the rules of the roles its selectors match, as labelled roles come, change and go.
/// It runs in the API server's process, level-based: any cluster role change re-checks every
/// aggregated role (there are few) against the current set; it moves onto informers later.
/// </summary>
public sealed class ClusterRoleAggregator(Func<GenericStore> clusterRoles, ILogger logger)
{
    private readonly Dictionary<string, JsonObject> known = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource firstPass = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes after the first reconciliation of every aggregated role.</summary>
    public Task Initialized => firstPass.Task;

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var store = clusterRoles();
                var page = await store.ListAsync("", new ListQuery(), ct);
                known.Clear();
                foreach (var role in page.Items)
                {
                    known[ObjectJson.Name(role)] = role;
                }
                await ReconcileAllAsync(store, ct);
                firstPass.TrySetResult();
                await foreach (var e in store.WatchAsync("", page.ResourceVersion, ct))
                {
                    var name = ObjectJson.Name(e.Object);
                    if (e.Type == "DELETED")
                    {
                        known.Remove(name);
                    }
                    else
                    {
                        known[name] = e.Object;
                    }
                    await ReconcileAllAsync(store, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is StatusException or Storage.StorageException)
            {
                logger.LogWarning(e, "clusterrole aggregation: retrying after error");
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
    }

    /// <summary>Brings each aggregated role's rules to the union of what it selects; writes only what differs.</summary>
    public async Task ReconcileAllAsync(GenericStore store, CancellationToken ct)
    {
        foreach (var role in known.Values.Where(ClusterRoleAggregation.IsAggregated).ToList())
        {
            var wanted = ClusterRoleAggregation.Union(role, known.Values, name => PolicyRule.ListFrom(known[name]));
            if (PolicyRule.ListFrom(role).SequenceEqual(wanted))
            {
                continue;
            }
            var name = ObjectJson.Name(role);
            try
            {
                var updated = await store.UpdateAsync("", name, current =>
                {
                    current["rules"] = new JsonArray([.. wanted.Select(r => (JsonNode)r.ToJson())]);
                    ObjectJson.Metadata(current).Remove("resourceVersion");
                    return current;
                }, UpdateTarget.Main, WriteOptions.Internal, ct);
                known[name] = updated;
                logger.LogDebug("clusterrole {Name} aggregated {Count} rules", name, wanted.Count);
            }
            catch (StatusException e) when (e.Code == 404)
            {
                known.Remove(name);
            }
        }
    }
}
