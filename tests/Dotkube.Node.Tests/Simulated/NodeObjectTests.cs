using Dotkube.Node.Simulated;

namespace Dotkube.Node.Tests.Simulated;

public class NodeObjectTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ARegisteredNodeCarriesTheKubeletsLabelsAndInfo()
    {
        var node = NodeObject.Registration("sim-1", 0, new NodeProfile { Zones = ["zone-a", "zone-b"] }, T0);
        Assert.Equal("sim-1", node.Metadata.Labels["kubernetes.io/hostname"]);
        Assert.Equal(("linux", "amd64", "zone-a"), (node.Metadata.Labels["kubernetes.io/os"], node.Metadata.Labels["kubernetes.io/arch"], node.Metadata.Labels["topology.kubernetes.io/zone"]));
        Assert.Equal(("v1.32.0", "containerd://1.7.24"), (node.Status.NodeInfo.KubeletVersion, node.Status.NodeInfo.ContainerRuntimeVersion));
        Assert.Equal("172.20.0.2", node.Status.Addresses[0].Address);
        Assert.Equal(["MemoryPressure", "DiskPressure", "PIDPressure", "Ready"], node.Status.Conditions.Select(c => c.Type));
    }

    [Theory]
    [InlineData("cpu", "4", "4")]
    [InlineData("memory", "16Gi", "16284Mi")]
    [InlineData("pods", "110", "110")]
    [InlineData("nvidia.com/gpu", "2", "2")]
    public void AllocatableIsCapacityLessWhatTheKubeletKeeps(string resource, string capacity, string allocatable)
    {
        var profile = new NodeProfile { Extended = new Dictionary<string, string> { ["nvidia.com/gpu"] = "2" } };
        Assert.Equal(capacity, profile.Capacity()[resource]);
        Assert.Equal(allocatable, profile.Allocatable()[resource]);
    }

    [Fact]
    public void HeartbeatsMoveButTransitionsStay()
    {
        var first = NodeObject.Status("sim-1", 0, new NodeProfile(), ready: true, T0, null);
        var later = NodeObject.Status("sim-1", 0, new NodeProfile(), ready: true, T0.AddMinutes(1), first);
        Assert.Equal(first.Conditions[3].LastTransitionTime, later.Conditions[3].LastTransitionTime);
        Assert.NotEqual(first.Conditions[3].LastHeartbeatTime, later.Conditions[3].LastHeartbeatTime);
        var down = NodeObject.Status("sim-1", 0, new NodeProfile(), ready: false, T0.AddMinutes(2), later);
        Assert.Equal(("False", "KubeletNotReady"), (down.Conditions[3].Status, down.Conditions[3].Reason));
        Assert.NotEqual(later.Conditions[3].LastTransitionTime, down.Conditions[3].LastTransitionTime);
    }

    [Theory]
    [InlineData(0, "172.20.0.2")]
    [InlineData(252, "172.20.0.254")]
    [InlineData(253, "172.20.1.1")]
    [InlineData(999, "172.20.3.239")]
    public void NodeAddressesAreDistinct(int index, string ip) => Assert.Equal(ip, NodeObject.InternalIp(index));
}
