using Dotkube.Controllers.LocalPath;
using Dotkube.Controllers.VolumeExpand;
using k8s.Models;
using static Dotkube.Controllers.Tests.PersistentVolume.Objects;

namespace Dotkube.Controllers.Tests.VolumeExpand;

public class ResizePlanTests
{
    /// <summary>A Bound claim asking for <paramref name="request"/> with <paramref name="capacity"/> in status, and its volume.</summary>
    private static (V1PersistentVolumeClaim Claim, V1PersistentVolume Volume) Pair(
        string request, string capacity, string volumeSize, string? status = null, string? allocated = null, string? condition = null)
    {
        var claim = Claim(size: request, volumeName: "pvc-1", phase: "Bound");
        claim.Status.Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new(capacity) };
        if (status is not null)
        {
            claim.Status.AllocatedResourceStatuses = new Dictionary<string, string> { ["storage"] = status };
        }

        if (allocated is not null)
        {
            claim.Status.AllocatedResources = new Dictionary<string, ResourceQuantity> { ["storage"] = new(allocated) };
        }

        if (condition is not null)
        {
            claim.Status.Conditions = [new V1PersistentVolumeClaimCondition { Type = condition, Status = "True" }];
        }

        var volume = Volume("pvc-1", size: volumeSize, phase: "Bound", claimRef: "ns/data", claimUid: "uid-data", provisioned: true);
        return (claim, volume);
    }

    [Theory]
    [InlineData("a claim asking for more than its capacity is expanded to its request", "2Gi", "1Gi", "1Gi", null, null, null, "2Gi")]
    [InlineData("a claim asking for no more than its capacity is left alone", "1Gi", "1Gi", "1Gi", null, null, null, null)]
    [InlineData("an expansion handed to the node is left to the node", "2Gi", "1Gi", "2Gi", "NodeResizePending", "2Gi", "FileSystemResizePending", null)]
    [InlineData("a node expansion in progress is left to the node", "2Gi", "1Gi", "2Gi", "NodeResizeInProgress", "2Gi", null, null)]
    [InlineData("a larger request waits for the node to finish the smaller expansion", "3Gi", "1Gi", "2Gi", "NodeResizePending", "2Gi", null, null)]
    [InlineData("a controller step cut short resumes at the allocated size", "3Gi", "1Gi", "1Gi", "ControllerResizeInProgress", "2Gi", "Resizing", "2Gi")]
    [InlineData("a volume already grown whose claim missed the record is marked again", "2Gi", "1Gi", "2Gi", null, null, null, "2Gi")]
    [InlineData("a volume already grown with FileSystemResizePending and no status waits", "2Gi", "1Gi", "2Gi", null, null, "FileSystemResizePending", null)]
    public void The_size_to_expand_to_follows_the_claim_status(string name, string request, string capacity, string volumeSize, string? status, string? allocated, string? condition, string? expected)
    {
        var (claim, volume) = Pair(request, capacity, volumeSize, status, allocated, condition);
        Assert.True(expected == ResizePlan.NewSize(claim, volume)?.ToString(), name);
    }

    [Fact]
    public void A_volume_bound_to_another_claim_is_not_expanded()
    {
        var (claim, volume) = Pair("2Gi", "1Gi", "1Gi");
        volume.Spec.ClaimRef.Uid = "someone-else";
        Assert.Null(ResizePlan.NewSize(claim, volume));
    }

    [Fact]
    public void A_pending_claim_is_not_expanded()
    {
        var (claim, volume) = Pair("2Gi", "1Gi", "1Gi");
        claim.Status.Phase = "Pending";
        Assert.Null(ResizePlan.NewSize(claim, volume));
    }

    [Theory]
    [InlineData("Filesystem", true)]
    [InlineData(null, true)]
    [InlineData("Block", false)]
    public void Only_filesystem_volumes_need_the_node(string? mode, bool required) =>
        Assert.Equal(required, ResizePlan.NodeExpansionRequired(Volume("v", volumeMode: mode)));

    [Fact]
    public void Merging_resize_conditions_keeps_others_replaces_resizing_and_keeps_an_unchanged_transition_time()
    {
        var then = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var now = DateTimeOffset.Parse("2026-01-02T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        List<V1PersistentVolumeClaimCondition> old =
        [
            new() { Type = "ModifyingVolume", Status = "True", LastTransitionTime = then },
            new() { Type = "Resizing", Status = "True", LastTransitionTime = then },
        ];

        var same = ClaimResize.MergeConditions(old, [ClaimResize.Condition("Resizing", now)]);
        Assert.Equal([("ModifyingVolume", then), ("Resizing", then)], same.Select(c => (c.Type, c.LastTransitionTime!.Value)));

        var pending = ClaimResize.MergeConditions(old, [ClaimResize.Condition("FileSystemResizePending", now, ClaimResize.FileSystemResizePendingMessage)]);
        Assert.Equal(["ModifyingVolume", "FileSystemResizePending"], pending.Select(c => c.Type));
        Assert.Equal(now.UtcDateTime, pending[1].LastTransitionTime);

        Assert.Equal(["ModifyingVolume"], ClaimResize.MergeConditions(pending, []).Select(c => c.Type));
    }
}
