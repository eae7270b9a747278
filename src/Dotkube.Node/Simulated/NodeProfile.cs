using Dotkube.Machinery.Quantities;

namespace Dotkube.Node.Simulated;

/// <summary>
/// What one simulated node offers: capacity (cpu, memory, pods, ephemeral-storage, extended
/// resources such as nvidia.com/gpu), what the kubelet keeps back from it (allocatable =
/// capacity − reserved, as with --system-reserved and the 100Mi hard eviction threshold), its
/// labels and zone. <c>dotkube server --simulated-nodes N</c> makes N nodes from one profile.
/// </summary>
public sealed record NodeProfile
{
    public string Cpu { get; init; } = "4";

    public string Memory { get; init; } = "16Gi";

    public string Pods { get; init; } = "110";

    public string EphemeralStorage { get; init; } = "100Gi";

    /// <summary>Extended resources (name → quantity), e.g. <c>nvidia.com/gpu: 1</c>.</summary>
    public IReadOnlyDictionary<string, string> Extended { get; init; } = new Dictionary<string, string>();

    /// <summary>Kept back from cpu for system daemons.</summary>
    public string ReservedCpu { get; init; } = "0";

    /// <summary>Kept back from memory: the kubelet's default hard eviction threshold (memory.available &lt; 100Mi).</summary>
    public string ReservedMemory { get; init; } = "100Mi";

    /// <summary>Extra labels on every node of this profile.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Zones to spread nodes over (node i goes to zone i mod count); none = no zone label.</summary>
    public IReadOnlyList<string> Zones { get; init; } = [];

    /// <summary>The resources the node reports as capacity.</summary>
    public IReadOnlyDictionary<string, string> Capacity()
    {
        var capacity = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["cpu"] = Canonical(Cpu),
            ["memory"] = Canonical(Memory),
            ["pods"] = Canonical(Pods),
            ["ephemeral-storage"] = Canonical(EphemeralStorage),
            ["hugepages-1Gi"] = "0",
            ["hugepages-2Mi"] = "0",
        };
        foreach (var (name, value) in Extended)
        {
            capacity[name] = Canonical(value);
        }
        return capacity;
    }

    /// <summary>Capacity minus what the kubelet keeps back (never below zero).</summary>
    public IReadOnlyDictionary<string, string> Allocatable()
    {
        var allocatable = new SortedDictionary<string, string>(Capacity().ToDictionary(), StringComparer.Ordinal);
        allocatable["cpu"] = Minus(Cpu, ReservedCpu);
        allocatable["memory"] = Minus(Memory, ReservedMemory);
        return allocatable;
    }

    private static string Canonical(string quantity) => Quantity.Parse(quantity).ToString();

    private static string Minus(string total, string reserved)
    {
        var left = Quantity.Parse(total) - Quantity.Parse(reserved);
        return left.Sign < 0 ? "0" : left.ToString();
    }
}
