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
        { "a Released Recycle volume other than hostPath fails: there is no recycler for it", Volume("v", phase: "Released", claimRef: "ns/data", claimUid: "u", policy: "Recycle"), null, VolumeActionKind.Fail, "VolumeFailedRecycle" },
        { "a Released Recycle hostPath volume goes to the hostPath recycler", Volume("v", phase: "Released", claimRef: "ns/data", claimUid: "u", policy: "Recycle", hostPath: "/data/v"), null, VolumeActionKind.Recycle, null },
        { "a Released static Delete hostPath volume goes to the hostPath deleter", Volume("v", phase: "Released", claimRef: "ns/data", claimUid: "u", policy: "Delete", hostPath: "/tmp/v"), null, VolumeActionKind.DeleteHostPath, null },
        { "a Released provisioned Delete hostPath volume is still its provisioner's", Volume("v", phase: "Released", claimRef: "ns/data", claimUid: "u", policy: "Delete", provisioned: true, hostPath: "/tmp/v"), null, VolumeActionKind.None, null },
        { "a Failed Retain volume stays as it is", Volume("v", phase: "Failed", claimRef: "ns/data", claimUid: "u"), null, VolumeActionKind.None, null },
        { "a Failed Delete volume nobody provisioned is tried again on each sync, and fails again", Volume("v", phase: "Failed", claimRef: "ns/data", claimUid: "u", policy: "Delete"), null, VolumeActionKind.Fail, "VolumeFailedDelete" },
        { "a Failed Recycle hostPath volume is recycled again on each sync", Volume("v", phase: "Failed", claimRef: "ns/data", claimUid: "u", policy: "Recycle", hostPath: "/data/v"), null, VolumeActionKind.Recycle, null },
        { "a Failed static Delete hostPath volume goes to the hostPath deleter again", Volume("v", phase: "Failed", claimRef: "ns/data", claimUid: "u", policy: "Delete", hostPath: "/tmp/v"), null, VolumeActionKind.DeleteHostPath, null },
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

    [Theory]
    [InlineData("/tmp/pv1", null)]
    [InlineData("/var/tmp/pv1", null)]
    [InlineData("/tmp/", "host_path deleter only supports /tmp/.+ but received provided /tmp/")]
    [InlineData("/data/pv1", "host_path deleter only supports /tmp/.+ but received provided /data/pv1")]
    public void The_hostPath_deleter_takes_only_paths_matching_upstreams_unanchored_tmp_pattern(string path, string? refusal) =>
        Assert.Equal(refusal, HostPathDeleter.Refusal(path));

    [Theory]
    [InlineData("500Mi", 60)]
    [InlineData("1Gi", 60)]
    [InlineData("2500Mi", 60)]
    [InlineData("3Gi", 90)]
    [InlineData("10Gi", 300)]
    public void The_recycler_pods_deadline_is_30_s_per_whole_Gi_and_at_least_60_s(string size, long seconds) =>
        Assert.Equal(seconds, HostPathRecycler.TimeoutSeconds(Volume("v", size: size, hostPath: "/data/v")));

    [Fact]
    public void The_recycler_pod_mounts_the_volumes_directory_at_scrub_and_never_restarts()
    {
        var pod = HostPathRecycler.RecyclerPod(Volume("pv7", hostPath: "/data/pv7"));
        Assert.Equal(("default", "recycler-for-pv7", "Never", 60L), (pod.Metadata.NamespaceProperty, pod.Metadata.Name, pod.Spec.RestartPolicy, pod.Spec.ActiveDeadlineSeconds!.Value));
        Assert.Equal("/data/pv7", Assert.Single(pod.Spec.Volumes).HostPath.Path);
        var container = Assert.Single(pod.Spec.Containers);
        Assert.Equal(("pv-recycler", "/scrub"), (container.Name, Assert.Single(container.VolumeMounts).MountPath));
        Assert.Contains("find /scrub -mindepth 1 -delete", container.Args[1], StringComparison.Ordinal);
    }
}
