namespace Dotkube.Node.Simulated;

/// <summary>What a node remembers about a pod it runs: which pod (uid), its timeline and address.</summary>
internal sealed class SimulatedPod(string uid, string nodeName, PodTimeline timeline, string podIp)
{
    public string Uid { get; } = uid;

    public string NodeName { get; } = nodeName;

    public PodTimeline Timeline { get; set; } = timeline;

    public string PodIp { get; } = podIp;
}
