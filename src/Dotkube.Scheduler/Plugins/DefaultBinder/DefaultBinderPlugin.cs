using Dotkube.Scheduler.Framework;

namespace Dotkube.Scheduler.Plugins.DefaultBinder;

/// <summary>Binds through the pods/binding subresource (via <see cref="IPodBinder"/>).</summary>
public sealed class DefaultBinderPlugin(IPodBinder binder) : IBindPlugin
{
    public string Name => Names.DefaultBinder;

    public async Task<Status> BindAsync(CycleState state, PodInfo pod, string nodeName, CancellationToken cancellationToken)
    {
        await binder.BindAsync(pod.Pod, nodeName, cancellationToken).ConfigureAwait(false);
        return Status.Success;
    }
}
