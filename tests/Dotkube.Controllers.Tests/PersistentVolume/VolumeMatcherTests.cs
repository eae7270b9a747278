using Dotkube.Controllers.PersistentVolume;
using k8s.Models;
using static Dotkube.Controllers.Tests.PersistentVolume.Objects;

namespace Dotkube.Controllers.Tests.PersistentVolume;

public class VolumeMatcherTests
{
    public static TheoryData<string, V1PersistentVolumeClaim, V1PersistentVolume[], bool, string?> Cases => new()
    {
        { "the smallest volume that fits wins", Claim(size: "2Gi"), [Volume("big", "10Gi"), Volume("fits", "3Gi"), Volume("small", "1Gi")], false, "fits" },
        { "a volume smaller than the request never matches", Claim(size: "5Gi"), [Volume("small", "1Gi")], false, null },
        { "an exact size matches", Claim(size: "1Gi"), [Volume("exact", "1Gi")], false, "exact" },
        { "the volume must offer every access mode the claim asks for", Claim(modes: "RWO,RWX"), [Volume("rwo", modes: "RWO"), Volume("both", modes: "RWO,RWX")], false, "both" },
        { "fewer access modes win over a smaller capacity", Claim(modes: "RWO"), [Volume("many", "1Gi", "RWO,ROX,RWX"), Volume("one", "5Gi", "RWO")], false, "one" },
        { "a claim without a class matches only volumes without one", Claim(), [Volume("gold", className: "gold"), Volume("plain", "5Gi")], false, "plain" },
        { "a claim with a class matches only volumes of that class", Claim(className: "gold"), [Volume("plain"), Volume("gold", "5Gi", className: "gold")], false, "gold" },
        { "the selector filters volumes by label", Claim(selector: "fast"), [Volume("slow", label: "slow"), Volume("fast", "5Gi", label: "fast")], false, "fast" },
        { "a selector matches no unlabelled volume", Claim(selector: "fast"), [Volume("plain")], false, null },
        { "volume modes must agree (Filesystem by default)", Claim(volumeMode: "Block"), [Volume("fs"), Volume("block", "5Gi", volumeMode: "Block")], false, "block" },
        { "a volume pre-bound to the claim wins over a smaller free one", Claim(), [Volume("free"), Volume("mine", "5Gi", phase: "Available", claimRef: "ns/data")], false, "mine" },
        { "a volume pre-bound to another claim is not free", Claim(), [Volume("theirs", claimRef: "ns/other")], false, null },
        { "a volume bound to an older claim of the same name is not free", Claim(), [Volume("old", phase: "Released", claimRef: "ns/data", claimUid: "uid-older")], false, null },
        { "volumes not yet Available are skipped", Claim(), [Volume("new", phase: "Pending")], false, null },
        { "delayed binding leaves free volumes to the scheduler", Claim(className: "local"), [Volume("free", className: "local")], true, null },
        { "delayed binding still takes a volume pre-bound to the claim", Claim(className: "local"), [Volume("mine", className: "local", claimRef: "ns/data")], true, "mine" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Finds_the_volume_upstream_would(string why, V1PersistentVolumeClaim claim, V1PersistentVolume[] volumes, bool delayBinding, string? expected)
    {
        Assert.True(expected == VolumeMatcher.FindBestMatch(claim, volumes, delayBinding)?.Metadata.Name, why);
    }

    [Theory]
    [InlineData("5Gi", "RWO", null, null, null)]
    [InlineData("1Gi", "RWO", null, null, "requested PV is too small")]
    [InlineData("5Gi", "RWO", "gold", null, "storageClassName does not match")]
    [InlineData("5Gi", "RWO", null, "Block", "incompatible volumeMode")]
    [InlineData("5Gi", "ROX", null, null, "incompatible accessMode")]
    public void A_requested_volume_is_checked_with_upstreams_reasons(string size, string modes, string? className, string? volumeMode, string? reason)
    {
        var volume = Volume("v", size, modes, className, volumeMode: volumeMode);
        Assert.Equal(reason, VolumeMatcher.CheckVolumeSatisfiesClaim(volume, Claim(size: "2Gi")));
    }
}
