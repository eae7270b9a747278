using System.Net;
using Dotkube.ApiServer.Hosting;
using Dotkube.Storage.MasterLeases;

namespace Dotkube.ApiServer.Tests.Hosting;

public sealed class KubernetesEndpointsTests
{
    private static MasterEndpoint At(string ip, int port) => new(IPAddress.Parse(ip), port);

    [Fact]
    public void Servers_on_one_port_make_one_subset_and_one_slice_with_addresses_sorted_as_strings()
    {
        var groups = KubernetesEndpoints.ByPort([At("10.0.0.9", 6443), At("10.0.0.10", 6443), At("10.0.0.2", 6443)]);

        var subsets = KubernetesEndpoints.Subsets(groups);
        var slices = KubernetesEndpoints.Slices(groups);

        Assert.Equal("""[{"addresses":[{"ip":"10.0.0.10"},{"ip":"10.0.0.2"},{"ip":"10.0.0.9"}],"ports":[{"name":"https","port":6443,"protocol":"TCP"}]}]""",
            subsets.ToJsonString());
        var slice = Assert.Single(slices);
        Assert.Equal("kubernetes", slice.Key);
        Assert.Equal("IPv4", slice.Value["addressType"]!.GetValue<string>());
        Assert.Equal(3, slice.Value["endpoints"]!.AsArray().Count);
        Assert.True(KubernetesEndpoints.IsOurs(slice.Value));
    }

    [Fact]
    public void Servers_on_one_machine_differ_by_port_and_get_a_subset_and_a_slice_each_the_lowest_port_named_kubernetes()
    {
        var groups = KubernetesEndpoints.ByPort([At("127.0.0.1", 40002), At("127.0.0.1", 40001)]);

        var subsets = KubernetesEndpoints.Subsets(groups);
        var slices = KubernetesEndpoints.Slices(groups);

        Assert.Equal(2, subsets.Count);
        Assert.Equal(40001, subsets[0]!["ports"]![0]!["port"]!.GetValue<int>());
        Assert.Equal(["kubernetes", "kubernetes-40002"], slices.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(40002, slices["kubernetes-40002"]["ports"]![0]!["port"]!.GetValue<int>());
    }

    [Fact]
    public void An_ipv6_server_makes_an_ipv6_slice()
    {
        var slices = KubernetesEndpoints.Slices(KubernetesEndpoints.ByPort([At("fd00::1", 6443)]));

        Assert.Equal("IPv6", slices["kubernetes"]["addressType"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("10.0.0.1:6443", "10.0.0.1", 6443)]
    [InlineData("/registry/masterleases/10.0.0.1:6443", "10.0.0.1", 6443)]
    [InlineData("[fd00::1]:443", "fd00::1", 443)]
    public void A_master_lease_key_names_an_address_and_a_port(string key, string ip, int port)
    {
        Assert.Equal(At(ip, port), MasterEndpoint.Parse(key));
        Assert.Equal(key.StartsWith('/') ? key : MasterEndpoint.KeyPrefix + key, At(ip, port).Key);
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("not-an-address:80")]
    [InlineData("/registry/masterleases/")]
    public void A_key_without_an_address_and_port_is_not_a_master_lease(string key) => Assert.Null(MasterEndpoint.Parse(key));
}
