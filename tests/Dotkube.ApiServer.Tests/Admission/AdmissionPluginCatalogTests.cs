using Dotkube.ApiServer.Admission;

namespace Dotkube.ApiServer.Tests.Admission;

public class AdmissionPluginCatalogTests
{
    private static List<string> Selected(string[] enable, string[] disable) =>
        [.. AdmissionPluginCatalog.Select(new AdmissionOptions { Enable = enable, Disable = disable }).Select(e => e.Name)];

    [Fact]
    public void The_default_set_runs_in_upstreams_order()
    {
        Assert.Equal(
            ["NamespaceLifecycle", "LimitRanger", "ServiceAccount", "NodeRestriction", "TaintNodesByCondition", "Priority", "DefaultTolerationSeconds",
             "DefaultStorageClass", "StorageObjectInUseProtection", "PersistentVolumeClaimResize", "RuntimeClass", "CertificateApproval", "CertificateSigning",
             "CertificateSubjectRestriction", "DefaultIngressClass", "MutatingAdmissionWebhook", "ValidatingAdmissionPolicy",
             "ValidatingAdmissionWebhook", "ResourceQuota"],
            Selected([], []));
    }

    [Fact]
    public void Enabled_plugins_take_their_place_in_the_fixed_order_whatever_order_the_flag_names_them_in()
    {
        var names = Selected(["StorageObjectInUseProtection", "NamespaceAutoProvision", "TaintNodesByCondition"], ["LimitRanger"]);
        Assert.Equal("NamespaceAutoProvision", names[0]);
        Assert.Equal("NamespaceLifecycle", names[1]);
        Assert.DoesNotContain("LimitRanger", names);
        Assert.True(names.IndexOf("TaintNodesByCondition") == names.IndexOf("NodeRestriction") + 1);
        Assert.True(names.IndexOf("StorageObjectInUseProtection") == names.IndexOf("DefaultStorageClass") + 1);
    }

    [Theory]
    [InlineData("an unknown plugin to enable", new[] { "Bogus" }, new string[0], "enable-admission-plugins plugin \"Bogus\" is unknown")]
    [InlineData("an unknown plugin to disable", new string[0], new[] { "Bogus" }, "disable-admission-plugins plugin \"Bogus\" is unknown")]
    [InlineData("a plugin both enabled and disabled", new[] { "LimitRanger" }, new[] { "LimitRanger" }, "[LimitRanger] in enable-admission-plugins and disable-admission-plugins overlapped")]
    [InlineData("a plugin dotkube does not implement", new[] { "AlwaysPullImages" }, new string[0], "enable-admission-plugins plugin \"AlwaysPullImages\" is not implemented by dotkube yet")]
    [InlineData("a name that is not an admission plugin upstream", new[] { "RBACEscalationCheck" }, new string[0], "enable-admission-plugins plugin \"RBACEscalationCheck\" is unknown")]
    public void Bad_flags_refuse_to_start(string because, string[] enable, string[] disable, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => Selected(enable, disable));
        Assert.True(message == e.Message, $"{because}: {e.Message}");
    }

    [Fact]
    public void Disabling_a_plugin_dotkube_does_not_implement_is_allowed()
    {
        Assert.Equal(Selected([], []), Selected([], ["PodSecurity", "AlwaysDeny"]));
    }

    [Fact]
    public void Names_are_upstreams_and_unique()
    {
        var names = AdmissionPluginCatalog.All.Select(e => e.Name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal(35, names.Count);
        Assert.Equal("AlwaysAdmit", names[0]);
        Assert.Equal("AlwaysDeny", names[^1]);
        Assert.Equal(["MutatingAdmissionPolicy", "MutatingAdmissionWebhook", "ValidatingAdmissionPolicy", "ValidatingAdmissionWebhook", "ResourceQuota"],
            names.Skip(names.IndexOf("DenyServiceExternalIPs") + 1).Take(5));
    }
}
