using Dotkube.Controllers.DaemonSet;
using k8s.Models;

namespace Dotkube.Controllers.Tests.DaemonSet;

public class NodeEligibilityTests
{
    private static V1Node Node(string? taint = null, string labels = "") => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "node1",
            Labels = labels.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=')).ToDictionary(p => p[0], p => p[1]),
        },
        Spec = new V1NodeSpec
        {
            Taints = taint is null ? null : [new V1Taint { Key = taint.Split(':')[0], Effect = taint.Split(':')[1] }],
        },
    };

    private static V1DaemonSet Ds(string? nodeSelector = null, string? affinityNode = null, bool hostNetwork = false, string? toleration = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "agent" },
        Spec = new V1DaemonSetSpec
        {
            Template = new V1PodTemplateSpec
            {
                Spec = new V1PodSpec
                {
                    HostNetwork = hostNetwork,
                    NodeSelector = nodeSelector is null ? null : new Dictionary<string, string> { [nodeSelector.Split('=')[0]] = nodeSelector.Split('=')[1] },
                    Affinity = affinityNode is null ? null : new V1Affinity
                    {
                        NodeAffinity = new V1NodeAffinity
                        {
                            RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                            {
                                NodeSelectorTerms = [new V1NodeSelectorTerm { MatchFields = [new V1NodeSelectorRequirement { Key = "metadata.name", OperatorProperty = "In", Values = [affinityNode] }] }],
                            },
                        },
                    },
                    Tolerations = toleration is null ? null : [new V1Toleration { Key = toleration, OperatorProperty = "Exists" }],
                    Containers = [new V1Container { Name = "c", Image = "agent" }],
                },
            },
        },
    };

    public static TheoryData<string, V1Node, V1DaemonSet, bool, bool> Cases => new()
    {
        { "an untainted node runs it", Node(), Ds(), true, true },
        { "a matching node selector runs it", Node(labels: "disk=ssd"), Ds(nodeSelector: "disk=ssd"), true, true },
        { "a node selector the node lacks does not", Node(), Ds(nodeSelector: "disk=ssd"), false, false },
        { "required affinity on another node's name does not", Node(), Ds(affinityNode: "node2"), false, false },
        { "required affinity on this node's name does", Node(), Ds(affinityNode: "node1"), true, true },
        { "an untolerated NoSchedule taint keeps new pods off but lets one run on", Node("dedicated:NoSchedule"), Ds(), false, true },
        { "an untolerated NoExecute taint evicts", Node("dedicated:NoExecute"), Ds(), false, false },
        { "a tolerated taint does not matter", Node("dedicated:NoExecute"), Ds(toleration: "dedicated"), true, true },
        { "PreferNoSchedule is ignored", Node("dedicated:PreferNoSchedule"), Ds(), true, true },
        { "daemon pods tolerate not-ready", Node("node.kubernetes.io/not-ready:NoExecute"), Ds(), true, true },
        { "daemon pods tolerate unreachable", Node("node.kubernetes.io/unreachable:NoExecute"), Ds(), true, true },
        { "daemon pods tolerate unschedulable", Node("node.kubernetes.io/unschedulable:NoSchedule"), Ds(), true, true },
        { "daemon pods tolerate disk pressure", Node("node.kubernetes.io/disk-pressure:NoSchedule"), Ds(), true, true },
        { "daemon pods tolerate memory pressure", Node("node.kubernetes.io/memory-pressure:NoSchedule"), Ds(), true, true },
        { "daemon pods tolerate pid pressure", Node("node.kubernetes.io/pid-pressure:NoSchedule"), Ds(), true, true },
        { "network-unavailable is tolerated only with host networking", Node("node.kubernetes.io/network-unavailable:NoSchedule"), Ds(), false, true },
        { "host-network pods tolerate network-unavailable", Node("node.kubernetes.io/network-unavailable:NoSchedule"), Ds(hostNetwork: true), true, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Whether_a_node_should_run_a_daemon_pod(string because, V1Node node, V1DaemonSet ds, bool shouldRun, bool shouldContinue)
    {
        var result = NodeEligibility.ShouldRun(node, ds);
        Assert.True((shouldRun, shouldContinue) == result, $"{because}: got {result}");
    }
}
