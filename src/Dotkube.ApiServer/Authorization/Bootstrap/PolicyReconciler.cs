using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authorization.Rbac;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Errors;
using Microsoft.Extensions.Logging;

namespace Dotkube.ApiServer.Authorization.Bootstrap;

/// <summary>
/// Brings the default policy into the cluster at every start, as upstream's RBAC post-start hook
/// does: missing objects are created; existing ones gain missing rules, aggregation selectors,
/// labels, annotations and subjects (nothing is removed); a binding whose roleRef changed is
/// recreated; objects annotated rbac.authorization.kubernetes.io/autoupdate: "false" are left alone.
/// </summary>
public sealed class PolicyReconciler(Func<ResourceDefinition, GenericStore> storeFor, ILogger logger)
{
    public async Task ReconcileAsync(IEnumerable<BootstrapObject> policy, CancellationToken ct)
    {
        foreach (var wanted in policy)
        {
            var store = storeFor(wanted.Definition);
            var existing = await store.TryGetAsync(wanted.Namespace, wanted.Name, ct);
            if (existing is null)
            {
                await CreateAsync(store, wanted, ct);
                continue;
            }
            if (ObjectJson.Metadata(existing).Obj("annotations").Str(BootstrapPolicy.AutoUpdateAnnotation) == "false")
            {
                continue;
            }
            var isBinding = wanted.Object["roleRef"] is not null;
            if (isBinding && !JsonNode.DeepEquals(RoleRef(existing), RoleRef(wanted.Object)))
            {
                // roleRef is immutable: upstream deletes and recreates the binding.
                await store.DeleteAsync(wanted.Namespace, wanted.Name, new DeleteRequest(), WriteOptions.Internal, ct);
                await CreateAsync(store, wanted, ct);
                continue;
            }
            var reconciled = (JsonObject)existing.DeepClone();
            var changed = MergeMap(reconciled, wanted.Object, "labels") | MergeMap(reconciled, wanted.Object, "annotations");
            changed |= isBinding ? AddSubjects(reconciled, wanted.Object) : AddRules(reconciled, wanted.Object);
            if (!changed)
            {
                continue;
            }
            ObjectJson.Metadata(reconciled).Remove("resourceVersion");
            await store.UpdateAsync(wanted.Namespace, wanted.Name, _ => (JsonObject)reconciled.DeepClone(), UpdateTarget.Main, WriteOptions.Internal, ct);
            logger.LogInformation("reconciled default {Kind} {Name}", wanted.Definition.Kind, wanted.Name);
        }
    }

    private static async Task CreateAsync(GenericStore store, BootstrapObject wanted, CancellationToken ct)
    {
        try
        {
            await store.CreateAsync(wanted.Namespace, (JsonObject)wanted.Object.DeepClone(), WriteOptions.Internal, ct);
        }
        catch (StatusException e) when (e.Reason == "AlreadyExists")
        {
            // Another server made it first; the next start reconciles its content.
        }
    }

    private static JsonNode? RoleRef(JsonObject binding) => binding["roleRef"];

    /// <summary>Adds the wanted keys that are missing; existing values win, as upstream merges them.</summary>
    private static bool MergeMap(JsonObject existing, JsonObject wanted, string field)
    {
        var changed = false;
        var target = ObjectJson.Metadata(existing).EnsureObj(field);
        foreach (var (key, value) in ObjectJson.Metadata(wanted).Obj(field) ?? [])
        {
            if (!target.ContainsKey(key))
            {
                target[key] = value?.DeepClone();
                changed = true;
            }
        }
        return changed;
    }

    private static bool AddRules(JsonObject existing, JsonObject wanted)
    {
        var changed = false;
        if (wanted.Obj("aggregationRule") is { } wantedAggregation)
        {
            // Aggregated roles get their rules from the aggregation controller; only selectors are reconciled.
            var selectors = existing.EnsureObj("aggregationRule");
            if (selectors["clusterRoleSelectors"] is not JsonArray have)
            {
                selectors["clusterRoleSelectors"] = have = [];
            }
            foreach (var s in wantedAggregation.Arr("clusterRoleSelectors") ?? [])
            {
                if (!have.Any(h => JsonNode.DeepEquals(h, s)))
                {
                    have.Add(s?.DeepClone());
                    changed = true;
                }
            }
            return changed;
        }
        var current = PolicyRule.ListFrom(existing);
        var missing = PolicyRule.ListFrom(wanted).Where(r => RuleCoverage.Missing(current, [r]).Count > 0).ToList();
        if (missing.Count == 0)
        {
            return false;
        }
        if (existing["rules"] is not JsonArray rules)
        {
            existing["rules"] = rules = [];
        }
        foreach (var r in missing)
        {
            rules.Add(r.ToJson());
        }
        return true;
    }

    private static bool AddSubjects(JsonObject existing, JsonObject wanted)
    {
        var changed = false;
        foreach (var s in wanted.Arr("subjects") ?? [])
        {
            if (existing["subjects"] is not JsonArray have)
            {
                existing["subjects"] = have = [];
            }
            if (!have.Any(h => h.StrOrEmpty("kind") == s.StrOrEmpty("kind") && h.StrOrEmpty("name") == s.StrOrEmpty("name") && h.StrOrEmpty("namespace") == s.StrOrEmpty("namespace")))
            {
                have.Add(s?.DeepClone());
                changed = true;
            }
        }
        return changed;
    }
}
