using System.Text.Json.Nodes;
using Dotkube.ApiServer.Admission;
using Dotkube.ApiServer.Resources.Common;
using static Dotkube.ApiServer.Tests.Admission.AdmissionFixtures;

namespace Dotkube.ApiServer.Tests.Admission;

/// <summary>DefaultStorageClass, StorageObjectInUseProtection and PersistentVolumeClaimResize.</summary>
public class StorageAdmissionTests
{
    private const string DefaultNote = "\"annotations\":{\"storageclass.kubernetes.io/is-default-class\":\"true\"}";

    private static FakeAdmissionObjects Classes() => new FakeAdmissionObjects()
        .Add("storage.k8s.io", "storageclasses", "", $$"""{"metadata":{"name":"old-default","creationTimestamp":"2024-01-01T00:00:00Z",{{DefaultNote}}},"provisioner":"x"}""")
        .Add("storage.k8s.io", "storageclasses", "", $$"""{"metadata":{"name":"new-default","creationTimestamp":"2025-01-01T00:00:00Z",{{DefaultNote}}},"provisioner":"x"}""")
        .Add("storage.k8s.io", "storageclasses", "", """{"metadata":{"name":"fast","creationTimestamp":"2026-01-01T00:00:00Z"},"provisioner":"x","allowVolumeExpansion":true}""")
        .Add("storage.k8s.io", "storageclasses", "", """{"metadata":{"name":"fixed","creationTimestamp":"2026-01-01T00:00:00Z"},"provisioner":"x"}""");

    private static JsonObject Claim(string spec, string annotations = "{}") =>
        Json($$"""{"metadata":{"name":"data","annotations":{{annotations}}},"spec":{{spec}}}""");

    [Theory]
    [InlineData("a claim naming no class gets the newest default", "{}", "{}", "new-default")]
    [InlineData("a claim naming a class keeps it", """{"storageClassName":"fast"}""", "{}", "fast")]
    [InlineData("a claim asking for no class (\"\") keeps that", """{"storageClassName":""}""", "{}", "")]
    [InlineData("a claim with the beta annotation is left alone", "{}", """{"volume.beta.kubernetes.io/storage-class":"fast"}""", null)]
    public async Task Claims_without_a_class_get_the_default_one(string because, string spec, string annotations, string? expected)
    {
        var a = Request("", "persistentvolumeclaims", "CREATE", Claim(spec, annotations));
        await AdmitAsync(new DefaultStorageClass(Classes()), a);
        Assert.True(expected == a.Object!.Obj("spec").Str("storageClassName"), because);
    }

    [Fact]
    public async Task Without_a_default_class_nothing_is_set()
    {
        var objects = new FakeAdmissionObjects().Add("storage.k8s.io", "storageclasses", "", """{"metadata":{"name":"fast"},"provisioner":"x"}""");
        var a = Request("", "persistentvolumeclaims", "CREATE", Claim("{}"));
        await AdmitAsync(new DefaultStorageClass(objects), a);
        Assert.False(a.Object!.Obj("spec")!.ContainsKey("storageClassName"));
    }

    [Theory]
    [InlineData("persistentvolumeclaims", "kubernetes.io/pvc-protection")]
    [InlineData("persistentvolumes", "kubernetes.io/pv-protection")]
    public async Task New_claims_and_volumes_get_their_protection_finalizer_once(string plural, string finalizer)
    {
        var a = Request("", plural, "CREATE", Json("""{"metadata":{"name":"v","finalizers":["example.com/keep"]},"spec":{}}"""));
        var plugin = new StorageObjectInUseProtection();
        await AdmitAsync(plugin, a);
        await AdmitAsync(plugin, a);
        Assert.Equal(["example.com/keep", finalizer], a.Object!.Obj("metadata").Arr("finalizers").Strings());
    }

    private static JsonObject Sized(string size, string phase, string className = "fast") =>
        Json("""{"metadata":{"name":"data"},"spec":{"storageClassName":"CLASS","resources":{"requests":{"storage":"SIZE"}}},"status":{"phase":"PHASE"}}"""
            .Replace("CLASS", className).Replace("SIZE", size).Replace("PHASE", phase));

    [Theory]
    [InlineData("growing a bound claim of an expandable class", "1Gi", "2Gi", "Bound", "fast", null)]
    [InlineData("shrinking is left to validation", "2Gi", "1Gi", "Bound", "fixed", null)]
    [InlineData("growing an unbound claim", "1Gi", "2Gi", "Pending", "fast", "persistentvolumeclaims \"data\" is forbidden: Only bound persistent volume claims can be expanded")]
    [InlineData("growing a claim of a class without expansion", "1Gi", "2Gi", "Bound", "fixed",
        "persistentvolumeclaims \"data\" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize")]
    [InlineData("growing a claim of a missing class", "1Gi", "2Gi", "Bound", "gone",
        "persistentvolumeclaims \"data\" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize")]
    public async Task Claims_grow_only_when_bound_and_their_class_allows_it(string because, string from, string to, string phase, string className, string? refusal)
    {
        var a = Request("", "persistentvolumeclaims", "UPDATE", Sized(to, phase, className), Sized(from, phase, className));
        Assert.True(refusal == await AdmitAsync(new PersistentVolumeClaimResize(Classes()), a), because);
    }
}
