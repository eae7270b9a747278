using System.Collections.Concurrent;
using System.Text.Json;
using Dotkube.Client;
using Dotkube.Client.Informers;
using Dotkube.Client.Reconciling;
using Dotkube.Client.Serialization;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Node.Simulated;

/// <summary>
/// The simulated nodes of one server, run as kubelets would be seen through the API: each node
/// registers its Node, renews its Lease in kube-node-lease, reports its status, and runs the pods
/// bound to it along their <see cref="PodTimeline"/> — writing their status and, once a deleted
/// pod's containers have stopped, deleting it for good. Writes go through each node's own client
/// (identity system:node:NAME); one shared pod informer (the <paramref name="observer"/>'s) feeds
/// all nodes, since a watch per node would cost the API server a filter per event per node.
/// </summary>
public sealed class SimulatedNodePool(
    SimulatedNodeOptions options,
    Func<string, KubeApiClient> clientForNode,
    KubeApiClient observer,
    ILoggerFactory loggerFactory,
    TimeProvider? timeProvider = null) : IReconciler, IAsyncDisposable
{
    private const string FieldManager = "kubelet";
    private readonly TimeProvider clock = timeProvider ?? TimeProvider.System;
    private readonly ILogger logger = loggerFactory.CreateLogger("dotkube.simulated-nodes");
    private readonly ConcurrentDictionary<string, SimulatedNode> nodes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SimulatedPod> pods = new(StringComparer.Ordinal);
    private SharedInformerFactory? informers;
    private Informer<V1Pod>? podInformer;
    private ReconcileRunner? runner;
    private ReconcileRunner? volumeRunner;
    private NodeVolumeExpander? volumeExpander;

    /// <summary>Names of the nodes this pool runs.</summary>
    public IReadOnlyList<string> NodeNames { get; } = Enumerable.Range(0, options.Count).Select(options.NodeName).ToArray();

    /// <summary>Registers every node (creates its Node, or updates the existing one), once.</summary>
    public async Task RegisterAsync(CancellationToken ct)
    {
        if (!nodes.IsEmpty)
        {
            return;
        }
        for (var i = 0; i < options.Count; i++)
        {
            var name = options.NodeName(i);
            nodes[name] = new SimulatedNode(name, i, clientForNode(name), PodAddresses.DefaultCidr(i));
        }
        await Parallel.ForEachAsync(nodes.Values, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (node, c) => await RegisterAsync(node, c));
        logger.LogInformation("{Count} simulated nodes registered", nodes.Count);
    }

    /// <summary>Registers the nodes (unless done), then runs heartbeats and pods until cancelled.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        await RegisterAsync(ct);

        // Node agents never read managedFields: the caches drop them.
        informers = new SharedInformerFactory(observer, new InformerOptions { DropManagedFields = true }, loggerFactory, clock);
        podInformer = informers.Get<V1Pod>(fieldSelector: "spec.nodeName!=");
        var nodeInformer = informers.Get<V1Node>(labelSelector: "node.dotkube.io/simulated=true");
        runner = new ReconcileRunner("simulated-kubelet", this, new ReconcileRunnerOptions { Workers = options.Workers },
            loggerFactory.CreateLogger("dotkube.simulated-kubelet"), clock);
        podInformer.AddHandler(EnqueueHandlers.ForObject<V1Pod>(runner.Queue));
        var claimInformer = informers.Get<V1PersistentVolumeClaim>(ResourceType.PersistentVolumeClaims);
        volumeExpander = new NodeVolumeExpander(claimInformer.Cache, podInformer.Cache, n => nodes.GetValueOrDefault(n), clock);
        volumeRunner = new ReconcileRunner("simulated-kubelet-volume-expansion", volumeExpander, new ReconcileRunnerOptions(),
            loggerFactory.CreateLogger("dotkube.simulated-kubelet"), clock);
        claimInformer.AddHandler(EnqueueHandlers.ForObject<V1PersistentVolumeClaim>(volumeRunner.Queue));
        // A pod that starts running mounts its claims: one waiting for the node finishes then.
        podInformer.AddHandler(onAdd: (p, _) => EnqueueClaims(p), onUpdate: (_, p) => EnqueueClaims(p));
        nodeInformer.AddHandler(onAdd: (n, _) => OnNode(n), onUpdate: (_, n) => OnNode(n));
        informers.Start(ct);

        var work = runner.RunAsync(ct);
        var expansions = volumeRunner.RunAsync(ct);
        var heartbeats = HeartbeatAsync(ct);
        await Task.WhenAll(work, expansions, heartbeats);
    }

    private void EnqueueClaims(V1Pod pod)
    {
        if (pod.Status?.Phase == "Running" && pod.Spec?.NodeName is { } n && nodes.ContainsKey(n))
        {
            foreach (var claim in NodeVolumeExpander.ClaimsOf(pod))
            {
                volumeRunner?.Enqueue(pod.Metadata.NamespaceProperty, claim);
            }
        }
    }

    /// <summary>Creates the Node, or brings an existing one's labels and status up to date.</summary>
    private async Task RegisterAsync(SimulatedNode node, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var registration = NodeObject.Registration(node.Name, node.Index, options.Profile, now);
        var client = node.Client.Resource<V1Node>();
        V1Node current;
        try
        {
            current = await client.CreateAsync(registration, new WriteOptions { FieldManager = FieldManager }, ct);
        }
        catch (KubeApiException e) when (e.IsAlreadyExists)
        {
            var labels = JsonSerializer.Serialize(new { metadata = new { labels = registration.Metadata.Labels } }, KubeJson.Options);
            current = await client.PatchAsync(null, node.Name, PatchType.Merge, labels, new PatchOptions { FieldManager = FieldManager }, cancellationToken: ct);
            node.PoweredOff = NodePower.IsOff(current.Metadata.Annotations);
        }
        if (current.Spec?.PodCIDR is { Length: > 0 } cidr)
        {
            node.Addresses.Reset(cidr);
        }
        if (!node.PoweredOff)
        {
            await ReportStatusAsync(node, ct);
        }
    }

    private void OnNode(V1Node n)
    {
        if (!nodes.TryGetValue(n.Metadata.Name, out var node))
        {
            return;
        }
        if (n.Spec?.PodCIDR is { Length: > 0 } cidr && cidr != node.Addresses.Cidr)
        {
            node.Addresses.Reset(cidr);
        }
        var off = NodePower.IsOff(n.Metadata.Annotations);
        if (off == node.PoweredOff)
        {
            return;
        }
        node.PoweredOff = off;
        logger.LogInformation("simulated node {Node} powered {State}", node.Name, off ? "off" : "on");
        if (!off && podInformer is not null && runner is not null)
        {
            // Back on: report at once and look at every pod it should be running.
            node.LastStatusReport = DateTimeOffset.MinValue;
            foreach (var pod in podInformer.Cache.List().Where(p => p.Spec?.NodeName == node.Name))
            {
                runner.Enqueue(pod.Metadata.NamespaceProperty, pod.Metadata.Name);
            }
        }
    }

    /// <summary>Renews every powered node's Lease each interval (spread over it), and reports status when due.</summary>
    private async Task HeartbeatAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var started = clock.GetUtcNow();
            var gap = options.LeaseRenewInterval / Math.Max(1, nodes.Count);
            foreach (var node in nodes.Values.OrderBy(n => n.Index))
            {
                if (!node.PoweredOff)
                {
                    try
                    {
                        await RenewLeaseAsync(node, ct);
                        if (clock.GetUtcNow() - node.LastStatusReport >= options.StatusReportInterval)
                        {
                            await ReportStatusAsync(node, ct);
                        }
                    }
                    catch (Exception e) when (e is KubeApiException or HttpRequestException)
                    {
                        logger.LogWarning("simulated node {Node}: heartbeat failed: {Error}", node.Name, e.Message);
                    }
                }
                if (gap > TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(gap, clock, ct).ConfigureAwait(false);
                }
            }
            var rest = options.LeaseRenewInterval - (clock.GetUtcNow() - started);
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest, clock, ct).ConfigureAwait(false);
            }
        }
    }

    private async Task RenewLeaseAsync(SimulatedNode node, CancellationToken ct)
    {
        var leases = node.Client.Resource<V1Lease>();
        var now = clock.GetUtcNow().UtcDateTime;
        if (node.Lease is null)
        {
            node.Lease = await leases.TryGetAsync("kube-node-lease", node.Name, ct);
        }
        if (node.Lease is null)
        {
            var nodeObject = await node.Client.Resource<V1Node>().GetAsync(null, node.Name, ct);
            node.Lease = await leases.CreateAsync(new V1Lease
            {
                ApiVersion = "coordination.k8s.io/v1",
                Kind = "Lease",
                Metadata = new V1ObjectMeta
                {
                    Name = node.Name,
                    NamespaceProperty = "kube-node-lease",
                    OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "Node", Name = node.Name, Uid = nodeObject.Metadata.Uid }],
                },
                Spec = new V1LeaseSpec { HolderIdentity = node.Name, LeaseDurationSeconds = options.LeaseDurationSeconds, RenewTime = now },
            }, cancellationToken: ct);
            return;
        }
        node.Lease.Spec.RenewTime = now;
        node.Lease.Spec.HolderIdentity = node.Name;
        node.Lease.Spec.LeaseDurationSeconds = options.LeaseDurationSeconds;
        try
        {
            node.Lease = await leases.UpdateAsync(node.Lease, cancellationToken: ct);
        }
        catch (KubeApiException e) when (e.IsConflict || e.IsNotFound)
        {
            node.Lease = null;
            throw;
        }
    }

    private async Task ReportStatusAsync(SimulatedNode node, CancellationToken ct)
    {
        var status = NodeObject.Status(node.Name, node.Index, options.Profile, ready: true, clock.GetUtcNow(), node.LastStatus);
        var patch = JsonSerializer.Serialize(new V1Node { Status = status }, KubeJson.Options);
        var updated = await node.Client.Resource<V1Node>().PatchAsync(null, node.Name, PatchType.Merge, patch, new PatchOptions { FieldManager = FieldManager }, "status", ct);
        node.LastStatus = updated.Status;
        node.LastStatusReport = clock.GetUtcNow();
    }

    /// <summary>One pod: bring its reported status to where its timeline is now; delete it once stopped.</summary>
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        var pod = podInformer?.Cache.Get(key.Namespace, key.Name);
        if (pod is null || pod.Spec?.NodeName is not { } nodeName || !nodes.TryGetValue(nodeName, out var node))
        {
            Forget(key.ToString());
            return ReconcileResult.Done;
        }
        if (node.PoweredOff)
        {
            return ReconcileResult.Done;
        }
        var now = clock.GetUtcNow();
        var state = Track(key.ToString(), pod, node, now);
        if (pod.Metadata.DeletionTimestamp is not null && state.Timeline.StopAt is null)
        {
            var grace = TimeSpan.FromSeconds(pod.Metadata.DeletionGracePeriodSeconds ?? 30);
            state.Timeline = state.Timeline.Deleted(now, grace);
        }
        var moment = state.Timeline.At(now);
        var status = PodStatusBuilder.Build(pod, moment, new PodPlacement(node.InternalIp, state.PodIp, state.Timeline.AdmittedAt));
        try
        {
            if (!SameStatus(status, pod.Status))
            {
                var patch = JsonSerializer.Serialize(new V1Pod { Status = status }, KubeJson.Options);
                await node.Client.Resource<V1Pod>().PatchAsync(key.Namespace, key.Name, PatchType.Merge, patch,
                    new PatchOptions { FieldManager = FieldManager }, "status", ct);
            }
            if (pod.Metadata.DeletionTimestamp is not null && moment.Stage == ContainerStage.Terminated)
            {
                // Containers are gone: end the graceful deletion, as the kubelet does.
                await node.Client.Resource<V1Pod>().DeleteAsync(key.Namespace, key.Name,
                    new DeleteOptions { GracePeriodSeconds = 0, PreconditionUid = pod.Metadata.Uid }, ct);
                Forget(key.ToString());
                return ReconcileResult.Done;
            }
        }
        catch (KubeApiException e) when (e.IsNotFound || e.IsConflict)
        {
            Forget(key.ToString());
            return ReconcileResult.Done;
        }
        return moment.NextChange is { } next
            ? ReconcileResult.After(Max(next - now, TimeSpan.FromMilliseconds(10)))
            : ReconcileResult.Done;
    }

    private SimulatedPod Track(string key, V1Pod pod, SimulatedNode node, DateTimeOffset now)
    {
        if (pods.TryGetValue(key, out var known) && known.Uid == pod.Metadata.Uid && known.NodeName == node.Name)
        {
            return known;
        }
        if (known is not null)
        {
            Forget(key);
        }
        // After an agent restart the pod's start time and address carry its history on.
        var admitted = pod.Status?.StartTime is { } started ? new DateTimeOffset(DateTime.SpecifyKind(started, DateTimeKind.Utc)) : now;
        string ip;
        if (pod.Spec?.HostNetwork == true)
        {
            ip = node.InternalIp;
        }
        else if (pod.Status?.PodIP is { Length: > 0 } existing)
        {
            node.Addresses.Claim(existing);
            ip = existing;
        }
        else
        {
            ip = node.Addresses.Allocate();
        }
        var behaviour = PodBehaviour.For(pod, options.Pods);
        var restartPolicy = pod.Spec?.RestartPolicy ?? "Always";
        var state = new SimulatedPod(pod.Metadata.Uid ?? "", node.Name, new PodTimeline(behaviour, restartPolicy, admitted), ip);
        pods[key] = state;
        return state;
    }

    private void Forget(string key)
    {
        if (pods.TryRemove(key, out var state) && nodes.TryGetValue(state.NodeName, out var node) && state.PodIp != node.InternalIp)
        {
            node.Addresses.Release(state.PodIp);
        }
    }

    private static bool SameStatus(V1PodStatus desired, V1PodStatus? current) =>
        current is not null && JsonSerializer.Serialize(desired, KubeJson.Options) == JsonSerializer.Serialize(current, KubeJson.Options);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    public async ValueTask DisposeAsync()
    {
        runner?.Dispose();
        volumeRunner?.Dispose();
        if (volumeExpander is not null)
        {
            await volumeExpander.DisposeAsync();
        }
        if (informers is not null)
        {
            await informers.DisposeAsync();
        }
        foreach (var node in nodes.Values)
        {
            node.Client.Dispose();
        }
    }
}
