using System.Text.Json;
using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Events;
using Dotkube.Client.Reconciling;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.NodeIpam;

/// <summary>
/// Gives each Node without one a podCIDR from the cluster CIDR (upstream's range allocator) and
/// takes it back when the Node goes. What was handed out is remembered per node, so a sync on a
/// cache that has not seen the patch yet writes the same CIDR again instead of a second one.
/// </summary>
public sealed class NodeIpamReconciler(KubeApiClient client, IObjectCache<V1Node> nodes, CidrSet cidrs, EventRecorder events, ILogger logger) : IReconciler
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, string> assigned = new(StringComparer.Ordinal);

    /// <summary>Marks the CIDRs the nodes already have (before any allocation, as upstream at start).</summary>
    public void OccupyExisting()
    {
        foreach (var node in nodes.List())
        {
            if (CidrOf(node) is { } cidr)
            {
                if (cidrs.Occupy(cidr))
                {
                    lock (gate)
                    {
                        assigned[node.Metadata.Name] = cidr;
                    }
                }
                else
                {
                    logger.LogWarning("node {Node} has podCIDR {Cidr} outside the cluster CIDR {Cluster}", node.Metadata.Name, cidr, cidrs.ClusterCidr);
                }
            }
        }
    }

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var node = nodes.Get(key.Name);
        string? mine;
        lock (gate)
        {
            assigned.TryGetValue(key.Name, out mine);
        }
        if (node is null)
        {
            if (mine is not null)
            {
                cidrs.Release(mine);
                lock (gate)
                {
                    assigned.Remove(key.Name);
                }
            }
            return ReconcileResult.Done;
        }
        if (CidrOf(node) is { } existing)
        {
            if (mine is null && cidrs.Occupy(existing))
            {
                lock (gate)
                {
                    assigned[key.Name] = existing;
                }
            }
            return ReconcileResult.Done;
        }
        var fresh = mine is null;
        var cidr = mine ?? cidrs.Allocate();
        if (cidr is null)
        {
            events.Event(node, "Normal", "CIDRNotAvailable", $"Node {node.Metadata.Name} status is now: CIDRNotAvailable", ResourceType.Nodes);
            return ReconcileResult.After(TimeSpan.FromSeconds(30));
        }
        var patch = JsonSerializer.Serialize(new { spec = new { podCIDR = cidr, podCIDRs = new[] { cidr } } });
        try
        {
            await client.Resource<V1Node>(ResourceType.Nodes).PatchAsync(null, node.Metadata.Name, PatchType.StrategicMerge, patch, cancellationToken: cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            cidrs.Release(cidr);
            return ReconcileResult.Done;
        }
        catch (Exception) when (fresh)
        {
            cidrs.Release(cidr);
            throw;
        }
        lock (gate)
        {
            assigned[key.Name] = cidr;
        }
        if (fresh)
        {
            events.Event(node, "Normal", "CIDRAssignmentSucceeded", $"Node {node.Metadata.Name} has podCIDR {cidr}", ResourceType.Nodes);
            logger.LogInformation("node {Node}: podCIDR {Cidr}", node.Metadata.Name, cidr);
        }
        return ReconcileResult.Done;
    }

    private static string? CidrOf(V1Node node) =>
        node.Spec?.PodCIDRs?.FirstOrDefault(c => !c.Contains(':', StringComparison.Ordinal)) is { Length: > 0 } first ? first
        : node.Spec?.PodCIDR is { Length: > 0 } single ? single : null;
}
