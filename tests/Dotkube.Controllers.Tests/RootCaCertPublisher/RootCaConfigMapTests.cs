using Dotkube.Controllers.RootCaCertPublisher;
using k8s.Models;

namespace Dotkube.Controllers.Tests.RootCaCertPublisher;

public class RootCaConfigMapTests
{
    private const string Ca = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    private static V1ConfigMap Stored(Dictionary<string, string>? data, bool annotated = true) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = RootCaConfigMap.Name,
            NamespaceProperty = "team",
            ResourceVersion = "42",
            Labels = new Dictionary<string, string> { ["kept"] = "yes" },
            Annotations = annotated ? new Dictionary<string, string> { [RootCaConfigMap.DescriptionAnnotation] = "x" } : null,
        },
        Data = data,
    };

    public static TheoryData<string, V1ConfigMap, bool> Cases => new()
    {
        { "the bundle and the annotation", Stored(new() { ["ca.crt"] = Ca }), true },
        { "another CA", Stored(new() { ["ca.crt"] = "old" }), false },
        { "an extra key beside the bundle", Stored(new() { ["ca.crt"] = Ca, ["extra"] = "1" }), false },
        { "no data", Stored(null), false },
        { "no description annotation", Stored(new() { ["ca.crt"] = Ca }, annotated: false), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_configmap_is_current_only_with_exactly_the_bundle_and_the_description(string what, V1ConfigMap cm, bool expected)
    {
        Assert.True(expected == RootCaConfigMap.IsCurrent(cm, Ca), what);
        var fixedUp = RootCaConfigMap.Fixed(cm, Ca);
        Assert.True(RootCaConfigMap.IsCurrent(fixedUp, Ca), what);
        Assert.Equal("42", fixedUp.Metadata.ResourceVersion);
        Assert.Equal("yes", fixedUp.Metadata.Labels["kept"]);
    }

    [Fact]
    public void Fixing_leaves_the_cached_object_alone()
    {
        var cm = Stored(new() { ["ca.crt"] = "old" });
        RootCaConfigMap.Fixed(cm, Ca);
        Assert.Equal("old", cm.Data["ca.crt"]);
    }

    [Fact]
    public void A_new_configmap_carries_the_bundle_and_upstreams_description()
    {
        var cm = RootCaConfigMap.New(Ca);
        Assert.Equal("kube-root-ca.crt", cm.Metadata.Name);
        Assert.True(RootCaConfigMap.IsCurrent(cm, Ca));
        Assert.StartsWith("Contains a CA bundle that can be used to verify the kube-apiserver", cm.Metadata.Annotations["kubernetes.io/description"]);
    }
}
