using k8s.Models;

namespace Dotkube.Scheduler.Framework;

/// <summary>
/// A pod's effective requests as upstream computes them: the app containers' sum plus sidecars
/// (init containers with restartPolicy Always, which keep running), against the largest single init
/// container step (which runs with the sidecars started before it), whichever is larger per
/// resource; then pod overhead.
/// </summary>
public static class PodResources
{
    /// <summary>Upstream's defaults for scoring containers that request no CPU or memory.</summary>
    public const long DefaultMilliCpuRequest = 100;

    public const long DefaultMemoryRequest = 200L * 1024 * 1024;

    public static Resource Requests(V1Pod pod, bool nonZero)
    {
        var spec = pod.Spec;
        var sum = new Resource();
        if (spec is null)
        {
            return sum;
        }

        foreach (var c in spec.Containers ?? [])
        {
            sum.Add(ContainerRequests(c, nonZero));
        }

        var sidecars = new Resource();
        var initMax = new Resource();
        foreach (var c in spec.InitContainers ?? [])
        {
            var requests = ContainerRequests(c, nonZero);
            if (c.RestartPolicy == "Always")
            {
                sum.Add(requests);
                sidecars.Add(requests);
                initMax.MaxWith(sidecars);
            }
            else
            {
                var step = requests.Clone();
                step.Add(sidecars);
                initMax.MaxWith(step);
            }
        }

        sum.MaxWith(initMax);
        if (spec.Overhead is { Count: > 0 } overhead)
        {
            sum.Add(QuantityValues.ToResource(overhead));
        }

        sum.AllowedPodNumber = 0;
        return sum;
    }

    private static Resource ContainerRequests(V1Container c, bool nonZero)
    {
        var requests = QuantityValues.ToResource(c.Resources?.Requests);
        if (nonZero)
        {
            var named = c.Resources?.Requests;
            if (named is null || !named.ContainsKey(ResourceNames.Cpu))
            {
                requests.MilliCpu = DefaultMilliCpuRequest;
            }

            if (named is null || !named.ContainsKey(ResourceNames.Memory))
            {
                requests.Memory = DefaultMemoryRequest;
            }
        }

        return requests;
    }
}
