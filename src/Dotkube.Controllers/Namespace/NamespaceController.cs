using Dotkube.Client;
using Dotkube.Client.Informers;
using Dotkube.Client.Queues;
using Dotkube.Client.Reconciling;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.Namespace;

/// <summary>
/// kube-controller-manager's "namespace" controller: a namespace being deleted is emptied of
/// everything in it, then released by removing the "kubernetes" finalizer (see <see cref="NamespaceDeleter"/>).
/// </summary>
public sealed class NamespaceController : IController
{
    /// <summary>
    /// Upstream waits this long after a namespace event before acting, so that API servers and
    /// storage all see the deletion and any last object created in the namespace.
    /// </summary>
    public static readonly TimeSpan DeletionGracePeriod = TimeSpan.FromSeconds(5);

    public string Name => "namespace";

    public string ServiceAccount => "namespace-controller";

    /// <summary>Namespaces worked on at once (upstream's --concurrent-namespace-syncs).</summary>
    public int Workers { get; init; } = 10;

    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        var namespaces = context.Informers.Get<V1Namespace>(ResourceType.Namespaces);
        // The pods' grace periods give the estimate of how long their deletion takes.
        var pods = context.Informers.Get<V1Pod>(ResourceType.Pods);
        var logger = context.LoggerFactory.CreateLogger("dotkube.controller.namespace");
        var deleter = new NamespaceDeleter(context.Client, pods.Cache, context.Clock, logger);
        // Upstream's namespace rate limiter: per item 5 ms doubling to 60 s, overall 10 qps with a burst of 100.
        var limiter = new MaxOfRateLimiter<ObjectKey>(
            new ItemExponentialFailureRateLimiter<ObjectKey>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(60)),
            new BucketRateLimiter<ObjectKey>(10, 100, context.Clock));
        using var runner = new ReconcileRunner(Name, deleter, new ReconcileRunnerOptions { Workers = Workers, RateLimiter = limiter }, logger, context.Clock);
        void Enqueue(V1Namespace ns)
        {
            if (ns.Metadata.DeletionTimestamp is not null)
            {
                runner.Queue.AddAfter(ObjectKey.Cluster(ns.Metadata.Name), DeletionGracePeriod);
            }
        }
        using var handler = namespaces.AddHandler(new ResourceEventHandler<V1Namespace>
        {
            Added = (ns, _) => Enqueue(ns),
            Updated = (_, ns) => Enqueue(ns),
        });
        await Task.WhenAll(namespaces.WaitForSyncAsync(cancellationToken), pods.WaitForSyncAsync(cancellationToken));
        await runner.RunAsync(cancellationToken);
    }
}
