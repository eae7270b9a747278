using k8s.Models;

namespace Dotkube.Node.Simulated;

/// <summary>One simulated node's own state: its identity's client, addresses, power and last reports.</summary>
internal sealed class SimulatedNode(string name, int index, Dotkube.Client.KubeApiClient client, string cidr)
{
    public string Name { get; } = name;

    public int Index { get; } = index;

    /// <summary>The API client authenticated as system:node:NAME.</summary>
    public Dotkube.Client.KubeApiClient Client { get; } = client;

    public string InternalIp { get; } = NodeObject.InternalIp(index);

    public PodAddresses Addresses { get; } = new(cidr);

    /// <summary>Off while <c>sim.dotkube.io/power: off</c>: no heartbeats, no pod updates.</summary>
    public volatile bool PoweredOff;

    public V1Lease? Lease;

    public V1NodeStatus? LastStatus;

    public DateTimeOffset LastStatusReport;
}
