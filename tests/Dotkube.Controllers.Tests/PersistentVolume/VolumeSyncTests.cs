using Dotkube.Controllers.PersistentVolume;
using k8s.Models;
using static Dotkube.Controllers.Tests.PersistentVolume.Objects;

namespace Dotkube.Controllers.Tests.PersistentVolume;

public class VolumeSyncTests
{
    public static TheoryData<string, V1PersistentVolume, V1PersistentVolumeClaim?, VolumeActionKind, string?> Cases => new()
    {
        { "a new unclaimed volume becomes Available", Volume("v", phase: "Pending"), null, VolumeActionKind.Available, null },
        { "an Available unclaimed volume stays as it is", Volume("v"), null, VolumeActionKind.None, null },
        { "a volume pre-bound by name only is Available for its claim", Volume("v", phase: "Pending", claimRef: "ns/data"), null, VolumeActionKind.Available, null },
        { "a volume whose claim names it is Bound", Volume("v", claimRef: "ns/data", claimUid: "uid-data"), Claim(volumeName: "v"), VolumeActionKind.Bound, null },
        { "a volume whose claim is still being bound waits", Volume("v", claimRef: "ns/data", claimUid: "uid-data"), Claim(), VolumeActionKind.None, null },
        { "a volume whose claim is gone is Released", Volume("v", phase: "Bound", claimRef: "ns/data", claimUid: "uid-data"), null, VolumeActionKind.Release, null },
        { "a claim of the same name but another uid does not hold the volume", Volume("v", phase: "Bound", claimRef: "ns/data", claimUid: "uid-older"), Claim(volumeName: "v"), VolumeActionKind.Release, null },
        { "a Released Retain volume is kept", Volume("v", phase: "Released", claimRef: "ns/data", claimUid: "u"), null, VolumeActionKind.None, null },
        { "a Released Delete volume nobody provisioned fails", Volume("v", phase: "Released", claimRef: "ns/data", claimUid: "u", policy: "Delete"), null, VolumeActionKind.Fail, "VolumeFailedDelete" },
        { "a Released provisioned Delete volume is left to its provisioner", Volume("v", phase: "Released", claimRef: "ns/data", claimUid: "u", policy: "Delete", provisioned: true), null, VolumeActionKind.None, null },
        { "a Released Recycle volume fails: there is no recycler", Volume("v", phase: "Released", claimRef: "ns/data", claimUid: "u", policy: "Recycle"), null, VolumeActionKind.Fail, "VolumeFailedRecycle" },
        { "a Failed volume stays Failed", Volume("v", phase: "Failed", claimRef: "ns/data", claimUid: "u", policy: "Delete"), null, VolumeActionKind.None, null },
        { "a volume whose claim went to another volume is unbound", Volume("v", phase: "Bound", claimRef: "ns/data", claimUid: "uid-data"), Claim(volumeName: "other"), VolumeActionKind.Unbind, null },
        { "a provisioned Delete volume whose claim went elsewhere is released", Volume("v", phase: "Bound", claimRef: "ns/data", claimUid: "uid-data", policy: "Delete", provisioned: true), Claim(volumeName: "other"), VolumeActionKind.Release, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Phases_and_reclaiming_follow_upstream(string why, V1PersistentVolume volume, V1PersistentVolumeClaim? claim, VolumeActionKind kind, string? eventReason)
    {
        var action = VolumeSync.Decide(volume, claim);
        Assert.True(kind == action.Kind, $"{why}: got {action.Kind}");
        Assert.Equal(eventReason, action.EventReason);
    }

    [Fact]
    public void A_static_delete_volume_fails_with_upstreams_message()
    {
        var action = VolumeSync.Reclaim(Volume("consul-node2", phase: "Released", claimRef: "ns/data", claimUid: "u", policy: "Delete"));
        Assert.Equal("error getting deleter volume plugin for volume \"consul-node2\": no deletable volume plugin matched", action.Message);
    }
}
