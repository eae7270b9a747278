using Dotkube.Controllers.StatefulSet;
using k8s.Models;

namespace Dotkube.Controllers.Tests.StatefulSet;

public class ClaimRetentionTests
{
    private static V1StatefulSet Set(string whenDeleted, string whenScaled, int replicas = 2) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Uid = "set" },
        Spec = new V1StatefulSetSpec
        {
            Replicas = replicas,
            PersistentVolumeClaimRetentionPolicy = new V1StatefulSetPersistentVolumeClaimRetentionPolicy { WhenDeleted = whenDeleted, WhenScaled = whenScaled },
        },
    };

    private static V1Pod Pod(int ordinal) => new() { Metadata = new V1ObjectMeta { Name = $"web-{ordinal}", Uid = $"pod-{ordinal}" } };

    private static V1PersistentVolumeClaim Claim(params (string Kind, string Name, string Uid, bool Controller)[] owners) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "data-web-1",
            OwnerReferences = owners.Length == 0 ? null : [.. owners.Select(o => new V1OwnerReference { Kind = o.Kind, Name = o.Name, Uid = o.Uid, Controller = o.Controller, ApiVersion = "v1" })],
        },
    };

    public static TheoryData<string, string, int, V1PersistentVolumeClaim, bool> Cases => new()
    {
        { "Retain", "Retain", 1, Claim(), true },
        { "Retain", "Retain", 1, Claim(("StatefulSet", "web", "set", true)), false },
        { "Delete", "Retain", 1, Claim(("StatefulSet", "web", "set", true)), true },
        { "Delete", "Retain", 1, Claim(), false },
        { "Delete", "Retain", 1, Claim(("StatefulSet", "web", "set", false)), false },
        { "Retain", "Delete", 1, Claim(), true },
        { "Retain", "Delete", 3, Claim(("Pod", "web-3", "pod-3", true)), true },
        { "Retain", "Delete", 3, Claim(), false },
        { "Delete", "Delete", 3, Claim(("StatefulSet", "web", "set", true)), false },
        { "Delete", "Delete", 3, Claim(("Pod", "web-3", "pod-3", true)), true },
        // Refers to an earlier set of the same name: not ours to touch.
        { "Delete", "Delete", 1, Claim(("StatefulSet", "web", "old-set", true)), true },
        // Controlled by something else entirely: left alone.
        { "Delete", "Retain", 1, Claim(("Thing", "other", "other", true)), true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_claim_is_up_to_date_when_its_owners_follow_the_policy(string whenDeleted, string whenScaled, int ordinal, V1PersistentVolumeClaim claim, bool expected) =>
        Assert.Equal(expected, ClaimRetention.IsUpToDate(claim, Set(whenDeleted, whenScaled), Pod(ordinal)));

    [Theory]
    [InlineData("Retain", "Retain", 1, "")]
    [InlineData("Delete", "Retain", 1, "StatefulSet:set")]
    [InlineData("Delete", "Retain", 3, "StatefulSet:set")]
    [InlineData("Retain", "Delete", 1, "")]
    [InlineData("Retain", "Delete", 3, "Pod:pod-3")]
    [InlineData("Delete", "Delete", 1, "StatefulSet:set")]
    [InlineData("Delete", "Delete", 3, "Pod:pod-3")]
    public void Updating_a_claim_sets_the_controller_the_policy_wants(string whenDeleted, string whenScaled, int ordinal, string expected)
    {
        var claim = Claim(("StatefulSet", "web", "set", false), ("Pod", $"web-{ordinal}", $"pod-{ordinal}", true));
        var set = Set(whenDeleted, whenScaled);
        ClaimRetention.Update(claim, set, Pod(ordinal));
        Assert.Equal(expected, string.Join(",", (claim.Metadata.OwnerReferences ?? []).Select(r => $"{r.Kind}:{r.Uid}")));
        Assert.All(claim.Metadata.OwnerReferences ?? [], r => Assert.True(r.Controller));
        Assert.True(ClaimRetention.IsUpToDate(claim, set, Pod(ordinal)));
    }
}
