using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Events;
using Dotkube.Client.Queues;
using Dotkube.Client.Reconciling;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.PersistentVolume;

/// <summary>
/// kube-controller-manager's "persistentvolume-binder": binds claims to volumes, asks provisioners
/// for volumes, keeps phases, gives unbound claims without a class the default class, and reclaims
/// volumes whose claims are gone. One queue of claims and one of volumes, each reconciled from the
/// informer caches, plus a periodic resync (upstream's 15 s) that catches what events missed and
/// retries reclaiming Failed volumes.
/// </summary>
public sealed class PersistentVolumeController : IController
{
    public const string EventComponent = "persistentvolume-controller";

    public string Name => "persistentvolume-binder";

    public string ServiceAccount => "persistent-volume-binder";

    public TimeSpan ResyncPeriod { get; init; } = TimeSpan.FromSeconds(15);

    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        var volumeInformer = context.Informers.Get<V1PersistentVolume>(ResourceType.PersistentVolumes);
        var claimInformer = context.Informers.Get<V1PersistentVolumeClaim>(ResourceType.PersistentVolumeClaims);
        var classInformer = context.Informers.Get<V1StorageClass>();
        var podInformer = context.Informers.Get<V1Pod>(ResourceType.Pods);
        var logger = context.LoggerFactory.CreateLogger("dotkube.controller.persistentvolume-binder");
        await using var events = new EventRecorder(context.Client, EventComponent, timeProvider: context.Clock, logger: logger);
        var writer = new BindingWriter(context.Client, events, context.Clock);
        using var recyclerEvents = new RecyclerEventRelay(context.Client, events, logger, context.Clock);
        var world = new ClaimWorld(
            new CacheList<V1PersistentVolume>(volumeInformer.Cache),
            name => volumeInformer.Cache.Get(name),
            name => classInformer.Cache.Get(name),
            () => StorageClasses.Default(classInformer.Cache.List()),
            claim => UnscheduledPodsUsing(podInformer.Cache, claim));

        using var claimRunner = new ReconcileRunner("persistentvolume-binder-claims", new ClaimReconciler(claimInformer.Cache, world, writer, logger), new ReconcileRunnerOptions(), logger, context.Clock);
        using var volumeRunner = new ReconcileRunner("persistentvolume-binder-volumes", new VolumeReconciler(volumeInformer.Cache, claimInformer.Cache, writer,
            new HostPathRecycler(context.Client, podInformer.Cache, writer, recyclerEvents), new HostPathDeleter(context.Client, writer)), new ReconcileRunnerOptions(), logger, context.Clock);
        var claimQueue = claimRunner.Queue;
        var volumeQueue = volumeRunner.Queue;

        void EnqueueUnboundClaims()
        {
            foreach (var c in claimInformer.Cache.List())
            {
                if (c.Metadata.Annotations?.ContainsKey(VolumeAnnotations.BindCompleted) != true)
                {
                    claimQueue.Add(new ObjectKey(c.Metadata.NamespaceProperty ?? "", c.Metadata.Name));
                }
            }
        }

        void ClaimChanged(V1PersistentVolumeClaim c)
        {
            claimQueue.Add(new ObjectKey(c.Metadata.NamespaceProperty ?? "", c.Metadata.Name));
            if (!string.IsNullOrEmpty(c.Spec?.VolumeName))
            {
                volumeQueue.Add(new ObjectKey("", c.Spec.VolumeName));
            }
        }

        void ClaimDeleted(V1PersistentVolumeClaim c)
        {
            ClaimChanged(c);
            foreach (var v in volumeInformer.Cache.List())
            {
                if (v.Spec?.ClaimRef is { } r && r.Name == c.Metadata.Name && r.NamespaceProperty == c.Metadata.NamespaceProperty)
                {
                    volumeQueue.Add(new ObjectKey("", v.Metadata.Name));
                }
            }
        }

        void VolumeChanged(V1PersistentVolume v)
        {
            volumeQueue.Add(new ObjectKey("", v.Metadata.Name));
            if (v.Spec?.ClaimRef is { } r)
            {
                claimQueue.Add(new ObjectKey(r.NamespaceProperty ?? "", r.Name ?? ""));
            }

            if (v.Status?.Phase == "Available")
            {
                // A volume became free: claims waiting for one may fit now.
                EnqueueUnboundClaims();
            }
        }

        using var claimHandler = claimInformer.AddHandler((c, _) => ClaimChanged(c), (_, c) => ClaimChanged(c), (c, _) => ClaimDeleted(c));
        using var volumeHandler = volumeInformer.AddHandler((v, _) => VolumeChanged(v), (_, v) => VolumeChanged(v), (v, _) => VolumeChanged(v));
        // A recycler pod's progress is its volume's news.
        using var recyclerHandler = podInformer.AddHandler(EnqueueHandlers.ForMapped<V1Pod>(volumeQueue,
            p => p.Metadata.NamespaceProperty == HostPathRecycler.Namespace && p.Metadata.Name.StartsWith(HostPathRecycler.NamePrefix, StringComparison.Ordinal)
                ? new ObjectKey("", p.Metadata.Name[HostPathRecycler.NamePrefix.Length..]) : null));
        using var classHandler = classInformer.AddHandler((_, _) => EnqueueUnboundClaims(), (_, _) => EnqueueUnboundClaims(), (_, _) => EnqueueUnboundClaims());
        await Task.WhenAll(
            volumeInformer.WaitForSyncAsync(cancellationToken),
            claimInformer.WaitForSyncAsync(cancellationToken),
            classInformer.WaitForSyncAsync(cancellationToken),
            podInformer.WaitForSyncAsync(cancellationToken));

        await Task.WhenAll(
            claimRunner.RunAsync(cancellationToken),
            volumeRunner.RunAsync(cancellationToken),
            ResyncAsync(claimInformer.Cache, volumeInformer.Cache, claimQueue, volumeQueue, context.Clock, cancellationToken));
    }

    private async Task ResyncAsync(
        IObjectCache<V1PersistentVolumeClaim> claims,
        IObjectCache<V1PersistentVolume> volumes,
        WorkQueue<ObjectKey> claimQueue,
        WorkQueue<ObjectKey> volumeQueue,
        TimeProvider clock,
        CancellationToken ct)
    {
        using var timer = new PeriodicTimer(ResyncPeriod, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                foreach (var c in claims.List())
                {
                    claimQueue.Add(new ObjectKey(c.Metadata.NamespaceProperty ?? "", c.Metadata.Name));
                }

                foreach (var v in volumes.List())
                {
                    volumeQueue.Add(new ObjectKey("", v.Metadata.Name));
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>The names of pods not yet scheduled that use the claim (for WaitForPodScheduled events).</summary>
    private static IReadOnlyList<string> UnscheduledPodsUsing(IObjectCache<V1Pod> pods, V1PersistentVolumeClaim claim)
    {
        var names = new List<string>();
        foreach (var pod in pods.List(claim.Metadata.NamespaceProperty ?? ""))
        {
            if (string.IsNullOrEmpty(pod.Spec?.NodeName) && ClaimUsers.Uses(pod, claim.Metadata.Name))
            {
                names.Add(pod.Metadata.Name);
            }
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>The cache's volumes as a collection, listed afresh on each enumeration.</summary>
    private sealed class CacheList<T>(IObjectCache<T> cache) : IReadOnlyCollection<T>
        where T : class
    {
        public int Count => cache.Count;

        public IEnumerator<T> GetEnumerator() => cache.List().GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
