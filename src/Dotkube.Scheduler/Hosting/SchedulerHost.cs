using Dotkube.Client;
using Dotkube.Client.Informers;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Scheduler.Hosting;

/// <summary>
/// kube-scheduler over the API: shared informers feed the scheduler's cache and queue (pods,
/// nodes, volumes, storage classes, namespaces, disruption budgets and the workloads that default
/// topology spreading looks at); bindings, events, status and preemptions go back through the
/// client, authenticated as system:kube-scheduler.
/// </summary>
public sealed class SchedulerHost(KubeApiClient client, ILoggerFactory loggerFactory, TimeProvider? timeProvider = null) : IAsyncDisposable
{
    private readonly TimeProvider clock = timeProvider ?? TimeProvider.System;
    private SharedInformerFactory? informers;

    public async Task RunAsync(CancellationToken ct)
    {
        var logger = loggerFactory.CreateLogger("dotkube.scheduler");
        var scheduler = new Scheduler(new SchedulerOptions
        {
            Binder = new ApiPodBinder(client),
            Sink = new ApiSchedulingResultSink(client, Scheduler.DefaultSchedulerName, logger, clock),
            Preemptor = new ApiPodPreemptor(client, Scheduler.DefaultSchedulerName, clock),
            VolumeBinder = new ApiVolumeBinder(client, clock),
            Time = clock,
        });
        // The scheduler never reads managedFields: its caches drop them, as kube-scheduler's do.
        informers = new SharedInformerFactory(client, new InformerOptions { DropManagedFields = true }, loggerFactory, clock);
        Watch<V1Node>(scheduler.OnNodeAdd, scheduler.OnNodeUpdate, scheduler.OnNodeDelete);
        Watch<V1Namespace>(scheduler.OnNamespaceAdd, (_, n) => scheduler.OnNamespaceUpdate(n), scheduler.OnNamespaceDelete);
        Watch<V1PersistentVolumeClaim>(scheduler.OnPersistentVolumeClaimAdd, (_, c) => scheduler.OnPersistentVolumeClaimUpdate(c), scheduler.OnPersistentVolumeClaimDelete);
        Watch<V1PersistentVolume>(scheduler.OnPersistentVolumeAdd, (_, v) => scheduler.OnPersistentVolumeUpdate(v), scheduler.OnPersistentVolumeDelete);
        Watch<V1StorageClass>(scheduler.OnStorageClassAdd, (_, s) => scheduler.OnStorageClassUpdate(s), scheduler.OnStorageClassDelete);
        Watch<V1PodDisruptionBudget>(scheduler.OnPodDisruptionBudgetAddOrUpdate, (_, b) => scheduler.OnPodDisruptionBudgetAddOrUpdate(b), scheduler.OnPodDisruptionBudgetDelete);
        Watch<V1Service>(scheduler.OnServiceAddOrUpdate, (_, s) => scheduler.OnServiceAddOrUpdate(s), scheduler.OnServiceDelete);
        Watch<V1ReplicaSet>(scheduler.OnReplicaSetAddOrUpdate, (_, r) => scheduler.OnReplicaSetAddOrUpdate(r), scheduler.OnReplicaSetDelete);
        Watch<V1StatefulSet>(scheduler.OnStatefulSetAddOrUpdate, (_, s) => scheduler.OnStatefulSetAddOrUpdate(s), scheduler.OnStatefulSetDelete);
        Watch<V1ReplicationController>(scheduler.OnReplicationControllerAddOrUpdate, (_, r) => scheduler.OnReplicationControllerAddOrUpdate(r), scheduler.OnReplicationControllerDelete);
        // Pods last, so that nodes and the rest are known when the first pods are queued.
        Watch<V1Pod>(scheduler.OnPodAdd, scheduler.OnPodUpdate, scheduler.OnPodDelete);
        informers.Start(ct);
        await informers.WaitForCacheSyncAsync(ct);
        logger.LogInformation("scheduler started");
        await scheduler.RunAsync(ct);
    }

    private void Watch<T>(Action<T> add, Action<T, T> update, Action<T> delete)
        where T : class =>
        informers!.Get<T>().AddHandler(onAdd: (o, _) => add(o), onUpdate: update, onDelete: (o, _) => delete(o));

    public async ValueTask DisposeAsync()
    {
        if (informers is not null)
        {
            await informers.DisposeAsync();
        }
    }
}
