using Dotkube.Controllers.PersistentVolume;
using k8s.Models;
using static Dotkube.Controllers.Tests.PersistentVolume.Objects;

namespace Dotkube.Controllers.Tests.PersistentVolume;

public class ClaimSyncTests
{
    private static ClaimWorld World(V1PersistentVolume[]? volumes = null, V1StorageClass[]? classes = null, string[]? unscheduledPods = null)
    {
        volumes ??= [];
        classes ??= [];
        return new ClaimWorld(
            volumes,
            name => volumes.FirstOrDefault(v => v.Metadata.Name == name),
            name => classes.FirstOrDefault(c => c.Metadata.Name == name),
            () => StorageClasses.Default(classes),
            _ => unscheduledPods ?? []);
    }

    [Fact]
    public void An_unbound_claim_without_a_class_gets_the_default_class()
    {
        var action = ClaimSync.Decide(Claim(), World(classes: [Class("a"), Class("b", isDefault: true)]));
        Assert.Equal((ClaimActionKind.AssignDefaultClass, "b"), (action.Kind, action.Name));
    }

    [Fact]
    public void With_several_defaults_the_newest_is_assigned()
    {
        var action = ClaimSync.Decide(Claim(), World(classes: [Class("old", isDefault: true, createdMinute: 1), Class("new", isDefault: true, createdMinute: 2)]));
        Assert.Equal("new", action.Name);
    }

    [Fact]
    public void A_claim_asking_for_no_class_is_never_given_the_default()
    {
        var action = ClaimSync.Decide(Claim(className: ""), World(classes: [Class("b", isDefault: true)]));
        Assert.Equal(ClaimActionKind.Pending, action.Kind);
        Assert.Equal(new ClaimEvent("Normal", "FailedBinding", "no persistent volumes available for this claim and no storage class is set"), action.Event);
    }

    [Fact]
    public void A_claim_without_a_class_and_no_default_waits_with_FailedBinding()
    {
        var action = ClaimSync.Decide(Claim(), World());
        Assert.Equal((ClaimActionKind.Pending, "FailedBinding"), (action.Kind, action.Event?.Reason));
    }

    [Fact]
    public void A_matching_volume_is_bound()
    {
        var action = ClaimSync.Decide(Claim(), World([Volume("pv1")]));
        Assert.Equal((ClaimActionKind.Bind, "pv1"), (action.Kind, action.Volume?.Metadata.Name));
    }

    public static TheoryData<string, string[], string, string> DelayedCases => new()
    {
        { "no pod uses the claim yet", [], "WaitForFirstConsumer", "waiting for first consumer to be created before binding" },
        { "one pod waits to be scheduled", ["web-0"], "WaitForPodScheduled", "waiting for pod web-0 to be scheduled" },
        { "several pods wait to be scheduled", ["a", "b"], "WaitForPodScheduled", "waiting for pods a,b to be scheduled" },
    };

    [Theory]
    [MemberData(nameof(DelayedCases))]
    public void A_WaitForFirstConsumer_claim_waits_for_the_scheduler(string why, string[] pods, string reason, string message)
    {
        var world = World([Volume("free", className: "local")], [Class("local", mode: "WaitForFirstConsumer")], pods);
        var action = ClaimSync.Decide(Claim(className: "local"), world);
        Assert.True(action.Kind == ClaimActionKind.Pending, why);
        Assert.Equal(new ClaimEvent("Normal", reason, message), action.Event);
    }

    [Fact]
    public void A_WaitForFirstConsumer_claim_with_a_selected_node_goes_to_its_provisioner()
    {
        var world = World(classes: [Class("local", "rancher.io/local-path", "WaitForFirstConsumer")]);
        var action = ClaimSync.Decide(Claim(className: "local", selectedNode: "node1"), world);
        Assert.Equal((ClaimActionKind.Provision, "rancher.io/local-path", "ExternalProvisioning"), (action.Kind, action.Name, action.Event?.Reason));
        Assert.StartsWith("Waiting for a volume to be created either by the external provisioner 'rancher.io/local-path'", action.Event!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_immediate_claim_without_a_volume_is_provisioned_by_its_class()
    {
        var action = ClaimSync.Decide(Claim(className: "disk"), World(classes: [Class("disk")]));
        Assert.Equal((ClaimActionKind.Provision, "example.com/disk"), (action.Kind, action.Name));
    }

    [Fact]
    public void A_claim_of_a_missing_class_fails_provisioning()
    {
        var action = ClaimSync.Decide(Claim(className: "gone"), World());
        Assert.Equal(new ClaimEvent("Warning", "ProvisioningFailed", "storageclass.storage.k8s.io \"gone\" not found"), action.Event);
    }

    public static TheoryData<string, V1PersistentVolumeClaim, V1PersistentVolume[], ClaimActionKind, string?> RequestedCases => new()
    {
        { "a requested volume that does not exist yet is waited for", Claim(volumeName: "pv1"), [], ClaimActionKind.Pending, null },
        { "a free requested volume that fits is bound", Claim(volumeName: "pv1"), [Volume("pv1")], ClaimActionKind.Bind, null },
        { "a free requested volume that is too small is refused", Claim(size: "5Gi", volumeName: "pv1"), [Volume("pv1")], ClaimActionKind.Pending, "Cannot bind to requested volume \"pv1\": requested PV is too small" },
        { "a requested volume pre-bound to the claim is bound", Claim(volumeName: "pv1"), [Volume("pv1", claimRef: "ns/data")], ClaimActionKind.Bind, null },
        { "a requested volume claimed by another is waited for", Claim(volumeName: "pv1"), [Volume("pv1", claimRef: "ns/other", claimUid: "x")], ClaimActionKind.Pending, null },
    };

    [Theory]
    [MemberData(nameof(RequestedCases))]
    public void A_claim_naming_its_volume(string why, V1PersistentVolumeClaim claim, V1PersistentVolume[] volumes, ClaimActionKind kind, string? mismatch)
    {
        var action = ClaimSync.Decide(claim, World(volumes));
        Assert.True(kind == action.Kind, why);
        Assert.Equal(mismatch, action.Event?.Message);
    }

    public static TheoryData<string, V1PersistentVolumeClaim, V1PersistentVolume[], ClaimActionKind, string?> BoundCases => new()
    {
        { "a bound claim whose volume agrees is kept bound", Claim(volumeName: "pv1", bindCompleted: true, phase: "Bound"), [Volume("pv1", phase: "Bound", claimRef: "ns/data", claimUid: "uid-data")], ClaimActionKind.Bind, null },
        { "a bound claim whose volume lost its claimRef binds it again", Claim(volumeName: "pv1", bindCompleted: true, phase: "Bound"), [Volume("pv1")], ClaimActionKind.Bind, null },
        { "a bound claim whose volume is gone is Lost", Claim(volumeName: "pv1", bindCompleted: true, phase: "Bound"), [], ClaimActionKind.Lost, "ClaimLost" },
        { "a bound claim that lost its volumeName is Lost", Claim(bindCompleted: true, phase: "Bound"), [], ClaimActionKind.Lost, "ClaimLost" },
        { "a bound claim whose volume names another claim is misbound", Claim(volumeName: "pv1", bindCompleted: true, phase: "Bound"), [Volume("pv1", phase: "Bound", claimRef: "ns/other", claimUid: "x")], ClaimActionKind.Lost, "ClaimMisbound" },
        { "a Lost claim stays as it is", Claim(volumeName: "pv1", bindCompleted: true, phase: "Lost"), [], ClaimActionKind.None, null },
    };

    [Theory]
    [MemberData(nameof(BoundCases))]
    public void A_bound_claim(string why, V1PersistentVolumeClaim claim, V1PersistentVolume[] volumes, ClaimActionKind kind, string? reason)
    {
        var action = ClaimSync.Decide(claim, World(volumes, [Class("b", isDefault: true)]));
        Assert.True(kind == action.Kind, why);
        Assert.Equal(reason, action.Event?.Reason);
    }
}
