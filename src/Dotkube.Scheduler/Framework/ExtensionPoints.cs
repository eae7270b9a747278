namespace Dotkube.Scheduler.Framework;

// One small interface per extension point, as upstream; a plugin implements only the points it needs.

public interface IPlugin
{
    string Name { get; }
}

/// <summary>Decides whether a pod may enter the active queue at all (scheduling gates).</summary>
public interface IPreEnqueuePlugin : IPlugin
{
    Status PreEnqueue(PodInfo pod);
}

/// <summary>Computes per-cycle state once for the pod; may reject the pod for every node, or Skip its Filter.</summary>
public interface IPreFilterPlugin : IPlugin
{
    Status PreFilter(CycleState state, PodInfo pod);
}

/// <summary>Lets preemption's what-if evaluation update PreFilter state when pods are removed or re-added on a node.</summary>
public interface IPreFilterExtensions
{
    void AddPod(CycleState state, PodInfo podToSchedule, PodInfo podToAdd, NodeInfo node);

    void RemovePod(CycleState state, PodInfo podToSchedule, PodInfo podToRemove, NodeInfo node);
}

public interface IFilterPlugin : IPlugin
{
    /// <summary>Called concurrently for different nodes: must only read shared state.</summary>
    Status Filter(CycleState state, PodInfo pod, NodeInfo node);
}

/// <summary>Runs after no node fits (preemption).</summary>
public interface IPostFilterPlugin : IPlugin
{
    PostFilterResult PostFilter(CycleState state, PodInfo pod, IReadOnlyDictionary<string, Status> nodeStatuses);
}

public interface IPreScorePlugin : IPlugin
{
    Status PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes);
}

public interface IScorePlugin : IPlugin
{
    /// <summary>Called concurrently for different nodes.</summary>
    long Score(CycleState state, PodInfo pod, NodeInfo node);

    /// <summary>Brings the raw scores onto 0..100; scores[i] belongs to nodes[i].</summary>
    void NormalizeScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, long[] scores);
}

/// <summary>Claims or releases what the pod will use on the chosen node, before the bind is confirmed.</summary>
public interface IReservePlugin : IPlugin
{
    Status Reserve(CycleState state, PodInfo pod, string nodeName);

    void Unreserve(CycleState state, PodInfo pod, string nodeName);
}

public interface IPermitPlugin : IPlugin
{
    (Status Status, TimeSpan Timeout) Permit(CycleState state, PodInfo pod, string nodeName);
}

public interface IPreBindPlugin : IPlugin
{
    Task<Status> PreBindAsync(CycleState state, PodInfo pod, string nodeName, CancellationToken cancellationToken);
}

/// <summary>Binds the pod; Skip passes the pod to the next binder.</summary>
public interface IBindPlugin : IPlugin
{
    Task<Status> BindAsync(CycleState state, PodInfo pod, string nodeName, CancellationToken cancellationToken);
}

/// <summary>The cluster events after which a pod this plugin rejected may fit.</summary>
public interface IEnqueueExtensions
{
    IReadOnlyList<ClusterEvent> EventsToRegister();
}
