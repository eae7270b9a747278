using Dotkube.ApiServer.Lifecycle;
using Dotkube.ApiServer.Registry;
using static Dotkube.ApiServer.Tests.LifecycleTests.GarbageCollectorFixture;

namespace Dotkube.ApiServer.Tests.LifecycleTests;

/// <summary>The collector's decisions, stepped deterministically over an in-memory store.</summary>
public class GarbageCollectorTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("Background", false)]
    [InlineData("Orphan", true)]
    [InlineData("Foreground", false)]
    public async Task DeletingTheOnlyOwnerTreatsItsDependentAsThePolicySays(string? policy, bool childRemains)
    {
        await using var f = new GarbageCollectorFixture();
        var owner = await f.CreateAsync(ConfigMapsDef, "ns", "owner");
        await f.CreateAsync(ConfigMapsDef, "ns", "child", Ref(owner));
        await f.StepAsync();

        await f.DeleteAsync(ConfigMapsDef, "ns", "owner", policy);
        await f.SettleAsync();

        Assert.Null(await f.GetAsync(ConfigMapsDef, "ns", "owner"));
        var child = await f.GetAsync(ConfigMapsDef, "ns", "child");
        Assert.Equal(childRemains, child is not null);
        if (child is not null)
        {
            // Orphaned: the reference is gone, and so is the then-empty list.
            Assert.Null(child["metadata"]!["ownerReferences"]);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Orphan")]
    [InlineData("Foreground")]
    public async Task ADependentWithASecondOwnerSurvivesTheDeletionOfOneAndKeepsOnlyTheOther(string? policy)
    {
        await using var f = new GarbageCollectorFixture();
        var first = await f.CreateAsync(ConfigMapsDef, "ns", "first");
        var second = await f.CreateAsync(SecretsDef, "ns", "second");
        await f.CreateAsync(ConfigMapsDef, "ns", "child", Ref(first, block: true), Ref(second));
        await f.StepAsync();

        await f.DeleteAsync(ConfigMapsDef, "ns", "first", policy);
        await f.SettleAsync();

        Assert.Null(await f.GetAsync(ConfigMapsDef, "ns", "first"));
        var child = await f.GetAsync(ConfigMapsDef, "ns", "child");
        Assert.NotNull(child);
        Assert.Equal([ObjectJson.Uid(second)!], OwnerUids(child));
    }

    [Fact]
    public async Task OrphanRemovesTheReferenceFromEveryDependentThenTheFinalizer()
    {
        await using var f = new GarbageCollectorFixture();
        var owner = await f.CreateAsync(ConfigMapsDef, "ns", "owner");
        await f.CreateAsync(ConfigMapsDef, "ns", "a", Ref(owner, controller: true));
        await f.CreateAsync(SecretsDef, "ns", "b", Ref(owner, block: true));
        await f.StepAsync();

        var marked = await f.DeleteAsync(ConfigMapsDef, "ns", "owner", "Orphan");
        Assert.False(marked.DeletedImmediately);
        Assert.NotNull(await f.GetAsync(ConfigMapsDef, "ns", "owner"));
        await f.StepAsync();

        Assert.Null(await f.GetAsync(ConfigMapsDef, "ns", "owner"));
        Assert.Empty(OwnerUids((await f.GetAsync(ConfigMapsDef, "ns", "a"))!));
        Assert.Empty(OwnerUids((await f.GetAsync(SecretsDef, "ns", "b"))!));
    }

    [Fact]
    public async Task OrphanKeepsAnOwnerWithAnotherFinalizerUntilThatOneIsGone()
    {
        await using var f = new GarbageCollectorFixture();
        var owner = await f.CreateAsync(ConfigMapsDef, "ns", "owner");
        await f.For(ConfigMapsDef).UpdateAsync("ns", "owner", o =>
        {
            ObjectJson.Metadata(o)["finalizers"] = new System.Text.Json.Nodes.JsonArray("example.com/hold");
            return o;
        }, UpdateTarget.Main, WriteOptions.Internal, default);
        await f.CreateAsync(ConfigMapsDef, "ns", "child", Ref(owner));

        await f.DeleteAsync(ConfigMapsDef, "ns", "owner", "Orphan");
        await f.SettleAsync();

        var stuck = await f.GetAsync(ConfigMapsDef, "ns", "owner");
        Assert.NotNull(stuck);
        Assert.Equal(["example.com/hold"], ObjectJson.Finalizers(stuck)!.Select(n => n!.GetValue<string>()));
        Assert.Empty(OwnerUids((await f.GetAsync(ConfigMapsDef, "ns", "child"))!));
    }

    [Fact]
    public async Task ForegroundDeletesBlockingDependentsFirstAndTheOwnerLast()
    {
        await using var f = new GarbageCollectorFixture();
        var owner = await f.CreateAsync(ConfigMapsDef, "ns", "owner");
        var child = await f.CreateAsync(ConfigMapsDef, "ns", "child", Ref(owner, block: true));
        await f.CreateAsync(ConfigMapsDef, "ns", "grandchild", Ref(child, block: true));
        await f.StepAsync();

        await f.DeleteAsync(ConfigMapsDef, "ns", "owner", "Foreground");
        var order = new List<string>();
        for (var i = 0; i < 20 && await f.GetAsync(ConfigMapsDef, "ns", "owner") is not null; i++)
        {
            await f.StepAsync();
            foreach (var name in new[] { "grandchild", "child", "owner" })
            {
                if (!order.Contains(name) && await f.GetAsync(ConfigMapsDef, "ns", name) is null)
                {
                    order.Add(name);
                }
            }
        }

        Assert.Equal(["grandchild", "child", "owner"], order);
    }

    [Fact]
    public async Task ForegroundWaitsWhileABlockingDependentIsStillBeingDeleted()
    {
        await using var f = new GarbageCollectorFixture();
        var owner = await f.CreateAsync(ConfigMapsDef, "ns", "owner");
        await f.CreateAsync(ConfigMapsDef, "ns", "child", Ref(owner, block: true));
        await f.For(ConfigMapsDef).UpdateAsync("ns", "child", o =>
        {
            ObjectJson.Metadata(o)["finalizers"] = new System.Text.Json.Nodes.JsonArray("example.com/hold");
            return o;
        }, UpdateTarget.Main, WriteOptions.Internal, default);

        await f.DeleteAsync(ConfigMapsDef, "ns", "owner", "Foreground");
        await f.SettleAsync();

        Assert.NotNull(await f.GetAsync(ConfigMapsDef, "ns", "owner"));
        Assert.True(ObjectJson.IsDeleting((await f.GetAsync(ConfigMapsDef, "ns", "child"))!));

        await f.For(ConfigMapsDef).UpdateAsync("ns", "child", o =>
        {
            ObjectJson.Metadata(o).Remove("finalizers");
            return o;
        }, UpdateTarget.Main, WriteOptions.Internal, default);
        await f.SettleAsync();

        Assert.Null(await f.GetAsync(ConfigMapsDef, "ns", "child"));
        Assert.Null(await f.GetAsync(ConfigMapsDef, "ns", "owner"));
    }

    [Fact]
    public async Task ForegroundAlsoDeletesDependentsThatDoNotBlock()
    {
        await using var f = new GarbageCollectorFixture();
        var owner = await f.CreateAsync(ConfigMapsDef, "ns", "owner");
        await f.CreateAsync(ConfigMapsDef, "ns", "child", Ref(owner, block: false));
        await f.StepAsync();

        await f.DeleteAsync(ConfigMapsDef, "ns", "owner", "Foreground");
        await f.SettleAsync();

        Assert.Null(await f.GetAsync(ConfigMapsDef, "ns", "child"));
        Assert.Null(await f.GetAsync(ConfigMapsDef, "ns", "owner"));
    }

    public static TheoryData<string, string, bool> OwnerPlacements() => new()
    {
        // owner namespace ("" = cluster-scoped Gadget), dependent namespace, dependent kept while the owner lives
        { "ns", "ns", true },
        { "", "ns", true },
        { "other", "ns", false },
    };

    [Theory]
    [MemberData(nameof(OwnerPlacements))]
    public async Task OnlyAnOwnerInTheSameNamespaceOrClusterScopedKeepsADependentAlive(string ownerNs, string dependentNs, bool kept)
    {
        await using var f = new GarbageCollectorFixture();
        var owner = ownerNs.Length == 0
            ? await f.CreateAsync(Gadgets, "", "owner")
            : await f.CreateAsync(ConfigMapsDef, ownerNs, "owner");
        await f.CreateAsync(ConfigMapsDef, dependentNs, "child", Ref(owner));

        await f.SettleAsync();

        Assert.NotNull(await f.GetAsync(owner["kind"]!.GetValue<string>() == "Gadget" ? Gadgets : ConfigMapsDef, ownerNs, "owner"));
        Assert.Equal(kept, await f.GetAsync(ConfigMapsDef, dependentNs, "child") is not null);
    }

    [Fact]
    public async Task AReferenceToAnOwnerInAnotherNamespaceIsDroppedWhenASolidOwnerRemains()
    {
        await using var f = new GarbageCollectorFixture();
        var elsewhere = await f.CreateAsync(ConfigMapsDef, "other", "owner");
        var local = await f.CreateAsync(ConfigMapsDef, "ns", "local");
        await f.CreateAsync(ConfigMapsDef, "ns", "child", Ref(elsewhere), Ref(local));

        await f.SettleAsync();

        Assert.Equal([ObjectJson.Uid(local)!], OwnerUids((await f.GetAsync(ConfigMapsDef, "ns", "child"))!));
    }

    [Fact]
    public async Task OrphaningAnOwnerLeavesReferencesFromOtherNamespacesAlone()
    {
        await using var f = new GarbageCollectorFixture();
        var owner = await f.CreateAsync(ConfigMapsDef, "a", "owner");
        var solid = await f.CreateAsync(Gadgets, "", "solid");
        // Invalid on purpose: "b" cannot be owned from "a"; the graph links it by uid all the same.
        await f.CreateAsync(ConfigMapsDef, "b", "child", Ref(owner), Ref(solid));
        var before = await f.GetAsync(ConfigMapsDef, "b", "child");

        await f.DeleteAsync(ConfigMapsDef, "a", "owner", "Orphan");
        // Only the owner's reconcile runs: the graph is built but the queue is not worked.
        await f.Collector.SyncAsync(default);
        Assert.Contains(f.Collector.Graph.DependentsOf(ObjectJson.Uid(owner)!), d => d.Namespace == "b");
        Assert.True(await f.Collector.ReconcileAsync(ObjectJson.Uid(owner)!, default));

        Assert.Null(await f.GetAsync(ConfigMapsDef, "a", "owner"));
        var after = await f.GetAsync(ConfigMapsDef, "b", "child");
        Assert.Equal(ObjectJson.ResourceVersion(before!), ObjectJson.ResourceVersion(after!));
    }

    [Theory]
    [InlineData("example.com/v9", "Gadget", "ns")]
    [InlineData("nothing.example.com/v1", "Thing", "ns")]
    [InlineData("v1", "ConfigMap", "")]
    public async Task ADependentWhoseOwnerCannotBeResolvedIsNeverCollected(string apiVersion, string kind, string dependentNs)
    {
        await using var f = new GarbageCollectorFixture();
        var dependentDef = dependentNs.Length == 0 ? Gadgets : ConfigMapsDef;
        await f.CreateAsync(dependentDef, dependentNs, "child", Ref(apiVersion, kind, "owner", Guid.NewGuid().ToString()));

        await f.SettleAsync();

        Assert.NotNull(await f.GetAsync(dependentDef, dependentNs, "child"));
    }

    [Fact]
    public async Task ADanglingOwnerFoundAtStartUpGetsItsDependentCollected()
    {
        await using var f = new GarbageCollectorFixture();
        await f.CreateAsync(ConfigMapsDef, "ns", "child", Ref("v1", "ConfigMap", "never", Guid.NewGuid().ToString()));

        await f.SettleAsync();

        Assert.Null(await f.GetAsync(ConfigMapsDef, "ns", "child"));
    }

    [Fact]
    public async Task AnOwnerRecreatedUnderTheSameNameIsNotTheOwner()
    {
        await using var f = new GarbageCollectorFixture();
        var owner = await f.CreateAsync(ConfigMapsDef, "ns", "owner");
        await f.CreateAsync(ConfigMapsDef, "ns", "child", Ref(owner));
        await f.DeleteAsync(ConfigMapsDef, "ns", "owner");
        await f.CreateAsync(ConfigMapsDef, "ns", "owner");

        await f.SettleAsync();

        Assert.Null(await f.GetAsync(ConfigMapsDef, "ns", "child"));
        Assert.NotNull(await f.GetAsync(ConfigMapsDef, "ns", "owner"));
    }

    [Fact]
    public async Task ACollectedDependentsOwnDependentsFollow()
    {
        await using var f = new GarbageCollectorFixture();
        var owner = await f.CreateAsync(Gadgets, "", "owner");
        var child = await f.CreateAsync(ConfigMapsDef, "ns", "child", Ref(owner));
        await f.CreateAsync(SecretsDef, "ns", "grandchild", Ref(child));
        await f.StepAsync();

        await f.DeleteAsync(Gadgets, "", "owner");
        await f.SettleAsync();

        Assert.Null(await f.GetAsync(ConfigMapsDef, "ns", "child"));
        Assert.Null(await f.GetAsync(SecretsDef, "ns", "grandchild"));
    }

    [Fact]
    public async Task ObjectsWithoutOwnersAreLeftAlone()
    {
        await using var f = new GarbageCollectorFixture();
        await f.CreateAsync(ConfigMapsDef, "ns", "plain");
        var before = f.Store.CurrentRevision;

        await f.SettleAsync();

        Assert.Equal(before, f.Store.CurrentRevision);
        Assert.NotNull(await f.GetAsync(ConfigMapsDef, "ns", "plain"));
    }
}
