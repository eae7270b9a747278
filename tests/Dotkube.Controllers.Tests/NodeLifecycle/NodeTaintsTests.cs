using Dotkube.Controllers.NodeLifecycle;
using k8s.Models;

namespace Dotkube.Controllers.Tests.NodeLifecycle;

public class NodeTaintsTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static V1Node Node(string ready, bool unschedulable = false, string memoryPressure = "False", params V1Taint[] taints) => new()
    {
        Metadata = new V1ObjectMeta { Name = "node1" },
        Spec = new V1NodeSpec { Unschedulable = unschedulable, Taints = taints.Length == 0 ? null : taints },
        Status = new V1NodeStatus
        {
            Conditions =
            [
                new V1NodeCondition { Type = "Ready", Status = ready },
                new V1NodeCondition { Type = "MemoryPressure", Status = memoryPressure },
            ],
        },
    };

    private static string Show(IEnumerable<V1Taint>? taints) =>
        string.Join(",", (taints ?? []).Select(t => $"{t.Key[(t.Key.IndexOf('/') + 1)..]}:{t.Effect}"));

    public static TheoryData<string, V1Node, string?> Cases => new()
    {
        { "a ready node with no taints stays as it is", Node("True"), null },
        { "a ready node loses the not-ready NoSchedule taint it registered with", Node("True", taints: new V1Taint { Key = NodeTaints.NotReady, Effect = "NoSchedule" }), "" },
        { "an unknown node gets the unreachable taints", Node("Unknown"), "unreachable:NoSchedule,unreachable:NoExecute" },
        { "a not ready node gets the not-ready taints", Node("False"), "not-ready:NoSchedule,not-ready:NoExecute" },
        {
            "unreachable turns into not-ready when the kubelet reports NotReady",
            Node("False", taints: [new V1Taint { Key = NodeTaints.Unreachable, Effect = "NoSchedule" }, new V1Taint { Key = NodeTaints.Unreachable, Effect = "NoExecute" }]),
            "not-ready:NoSchedule,not-ready:NoExecute"
        },
        { "a cordoned node gets the unschedulable taint", Node("True", unschedulable: true), "unschedulable:NoSchedule" },
        { "memory pressure is mirrored as a taint", Node("True", memoryPressure: "True"), "memory-pressure:NoSchedule" },
        { "a user's taint is kept", Node("True", taints: [new V1Taint { Key = "example.com/dedicated", Effect = "NoSchedule" }, new V1Taint { Key = NodeTaints.Unreachable, Effect = "NoExecute" }]), "dedicated:NoSchedule" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_node_carries_the_taints_its_conditions_call_for(string name, V1Node node, string? expected)
    {
        var taints = NodeTaints.Reconcile(node, T0);
        Assert.True(expected == (taints is null ? null : Show(taints)), $"{name}: got {(taints is null ? "no change" : Show(taints))}");
    }

    [Fact]
    public void A_new_NoExecute_taint_records_when_it_was_added()
    {
        var taints = NodeTaints.Reconcile(Node("Unknown"), T0)!;
        Assert.Equal(T0, taints.Single(t => t.Effect == "NoExecute").TimeAdded);
        Assert.Null(taints.Single(t => t.Effect == "NoSchedule").TimeAdded);
    }

    [Fact]
    public void Without_a_token_a_node_gets_its_NoSchedule_taint_but_not_yet_the_NoExecute_one()
    {
        var taints = NodeTaints.Reconcile(Node("Unknown"), T0, suppressNoExecute: false, () => false, out var deferred);
        Assert.Equal(("unreachable:NoSchedule", true), (Show(taints), deferred));
    }

    [Fact]
    public void Swapping_not_ready_for_unreachable_needs_no_token()
    {
        var asked = false;
        var taints = NodeTaints.Reconcile(Node("Unknown", taints: [new V1Taint { Key = NodeTaints.NotReady, Effect = "NoSchedule" }, new V1Taint { Key = NodeTaints.NotReady, Effect = "NoExecute" }]),
            T0, suppressNoExecute: false, () => asked = true, out var deferred);
        Assert.Equal(("unreachable:NoSchedule,unreachable:NoExecute", false, false), (Show(taints), deferred, asked));
    }

    [Fact]
    public void In_full_disruption_the_NoExecute_taint_is_lifted_and_the_NoSchedule_one_stays()
    {
        var taints = NodeTaints.Reconcile(Node("Unknown", taints: [new V1Taint { Key = NodeTaints.Unreachable, Effect = "NoSchedule" }, new V1Taint { Key = NodeTaints.Unreachable, Effect = "NoExecute" }]),
            T0, suppressNoExecute: true, () => true, out _);
        Assert.Equal("unreachable:NoSchedule", Show(taints));
    }
}
