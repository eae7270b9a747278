using Dotkube.Machinery.Quantities;
using k8s.Models;

namespace Dotkube.Scheduler.Framework;

/// <summary>Quantities to the integers the scheduler computes with: milli-units for CPU, whole units otherwise.</summary>
public static class QuantityValues
{
    public static long Of(string resourceName, ResourceQuantity? quantity)
    {
        if (quantity is null || !Quantity.TryParse(quantity.ToString() ?? "", out var q))
        {
            return 0;
        }

        // Rounded up like upstream's Value()/MilliValue(): 0.5 byte of memory still counts as 1.
        return resourceName == ResourceNames.Cpu ? q.MilliValue : q.Value;
    }

    /// <summary>A resource list (requests, allocatable, overhead) as a Resource.</summary>
    public static Resource ToResource(IDictionary<string, ResourceQuantity>? list)
    {
        var r = new Resource();
        if (list is null)
        {
            return r;
        }

        foreach (var (name, quantity) in list)
        {
            r.Set(name, Of(name, quantity));
        }

        return r;
    }
}
