using System.Text.Json.Nodes;
using Dotkube.ApiServer.Admission.Webhooks;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.AdmissionRegistration;
using Microsoft.Extensions.Logging;

namespace Dotkube.ApiServer.Admission.Policies;

/// <summary>A binding with the policy it names (bindings whose policy does not exist are left out).</summary>
public sealed record BoundPolicy(JsonObject Policy, JsonObject Binding);

/// <summary>ValidatingAdmissionPolicies and their bindings, fed by watches, bindings in name order.</summary>
public sealed class PolicyCache
{
    private readonly WatchedObjects policies;
    private readonly WatchedObjects bindings;
    private volatile Snapshot current = new(-1, -1, []);

    public PolicyCache(Func<ResourceDefinition, GenericStore> storeFor, ILogger logger)
    {
        policies = new WatchedObjects(ValidatingAdmissionPolicyResources.Policies, storeFor, logger);
        bindings = new WatchedObjects(ValidatingAdmissionPolicyResources.Bindings, storeFor, logger);
    }

    internal WatchedObjects Policies => policies;

    internal WatchedObjects Bindings => bindings;

    public Task Synced => Task.WhenAll(policies.Synced, bindings.Synced);

    public Task RunAsync(CancellationToken ct) => Task.WhenAll(policies.RunAsync(ct), bindings.RunAsync(ct));

    public IReadOnlyList<BoundPolicy> Bound
    {
        get
        {
            var (pg, bg) = (policies.Generation, bindings.Generation);
            var snapshot = current;
            if (snapshot.PolicyGeneration == pg && snapshot.BindingGeneration == bg)
            {
                return snapshot.Items;
            }
            var list = new List<BoundPolicy>();
            foreach (var binding in bindings.Items.OrderBy(ObjectJson.Name, StringComparer.Ordinal))
            {
                var policyName = (binding["spec"] as JsonObject)?["policyName"]?.GetValue<string>() ?? "";
                if (policies.Get("", policyName) is { } policy)
                {
                    list.Add(new BoundPolicy(policy, binding));
                }
            }
            current = new Snapshot(pg, bg, list);
            return list;
        }
    }

    private sealed record Snapshot(long PolicyGeneration, long BindingGeneration, IReadOnlyList<BoundPolicy> Items);
}
