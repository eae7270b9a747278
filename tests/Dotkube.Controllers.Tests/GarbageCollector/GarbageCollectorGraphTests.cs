using Dotkube.Client;
using Dotkube.Controllers.GarbageCollector;

namespace Dotkube.Controllers.Tests.GarbageCollector;

public class GarbageCollectorGraphTests
{
    private static readonly ResourceType Gadgets = new("example.com", "v1", "gadgets", "Gadget", false);
    private static readonly ResourceType ConfigMaps = ResourceType.ConfigMaps;

    private static GarbageCollectorNode Node(string uid, string ns, string name, bool deleting = false, bool foreground = false, bool orphan = false, params OwnerReference[] owners) =>
        new(ns.Length == 0 ? Gadgets : ConfigMaps, ns, name, uid, 1, owners, deleting, orphan, foreground);

    private static OwnerReference RefTo(GarbageCollectorNode owner, string? name = null) =>
        new(owner.Resource.ApiVersion, owner.Resource.Kind, name ?? owner.Name, owner.Uid, false, false);

    public static TheoryData<string, bool> Cases() => new()
    {
        { "an owner that is present in the same namespace", false },
        { "a cluster-scoped owner that is present", false },
        { "an owner never seen", true },
        { "an owner of that uid in another namespace", true },
        { "an owner of that uid under another name", true },
        { "an owner waiting for its dependents", true },
        { "an owner being deleted in the background", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ADependentNeedsAttentionWhenItsOwnerIsNotSolidInTheGraph(string owner, bool needsAttention)
    {
        var graph = new GarbageCollectorGraph();
        var enqueue = new List<string>();
        var (ownerNode, reference) = owner switch
        {
            "an owner that is present in the same namespace" => Pair(Node("o", "ns", "owner")),
            "a cluster-scoped owner that is present" => Pair(Node("o", "", "owner")),
            "an owner never seen" => (null, RefTo(Node("o", "ns", "owner"))),
            "an owner of that uid in another namespace" => Pair(Node("o", "other", "owner")),
            "an owner of that uid under another name" => (Node("o", "ns", "owner"), RefTo(Node("o", "ns", "owner"), "renamed")),
            "an owner waiting for its dependents" => Pair(Node("o", "ns", "owner", deleting: true, foreground: true)),
            "an owner being deleted in the background" => Pair(Node("o", "ns", "owner", deleting: true)),
            _ => throw new ArgumentOutOfRangeException(nameof(owner)),
        };
        if (ownerNode is not null)
        {
            graph.Observe(ownerNode, enqueue);
        }
        graph.Observe(Node("d", "ns", "dependent", owners: reference), enqueue);

        Assert.Equal(needsAttention, graph.NeedingAttention().Contains("d"));
    }

    [Fact]
    public void RemovingAnOwnerQueuesItsDependentsAndADependentsRemovalQueuesAWaitingOwner()
    {
        var graph = new GarbageCollectorGraph();
        var owner = Node("o", "ns", "owner", deleting: true, foreground: true);
        var enqueue = new List<string>();
        graph.Observe(owner, enqueue);
        graph.Observe(Node("d", "ns", "dependent", owners: RefTo(owner)), enqueue);

        enqueue.Clear();
        graph.Remove("d", enqueue);
        Assert.Equal(["o"], enqueue);

        graph.Observe(Node("d2", "ns", "dependent2", owners: RefTo(owner)), enqueue);
        enqueue.Clear();
        graph.Remove("o", enqueue);
        Assert.Equal(["d2"], enqueue);
    }

    [Fact]
    public void AnOlderSightingNeverReplacesANewerOne()
    {
        var graph = new GarbageCollectorGraph();
        var enqueue = new List<string>();
        graph.Observe(Node("o", "ns", "owner") with { Revision = 5, Deleting = true }, enqueue);
        graph.Observe(Node("o", "ns", "owner") with { Revision = 4 }, enqueue);

        Assert.True(graph.Get("o")!.Deleting);
    }

    [Theory]
    [InlineData("the owner is seen before its dependent", true, "other")]
    [InlineData("the dependent is seen before its owner", false, "other")]
    [InlineData("the owner is in the dependent's namespace", true, "ns")]
    public void AReferenceToAnOwnerSeenInAnotherNamespaceIsReportedOnce(string order, bool ownerFirst, string ownerNamespace)
    {
        var reported = new List<(string Dependent, string Owner)>();
        var graph = new GarbageCollectorGraph((d, r) => reported.Add((d.Uid, r.Uid)));
        var enqueue = new List<string>();
        var owner = Node("o", ownerNamespace, "owner");
        var dependent = Node("d", "ns", "dependent", owners: RefTo(owner));
        if (ownerFirst)
        {
            graph.Observe(owner, enqueue);
            graph.Observe(dependent, enqueue);
        }
        else
        {
            graph.Observe(dependent, enqueue);
            graph.Observe(owner, enqueue);
        }

        Assert.True(order.Length > 0);
        Assert.Equal(ownerNamespace == "ns" ? [] : [("d", "o")], reported);
        Assert.Contains("d", enqueue);
    }

    private static (GarbageCollectorNode?, OwnerReference) Pair(GarbageCollectorNode owner) => (owner, RefTo(owner));
}
