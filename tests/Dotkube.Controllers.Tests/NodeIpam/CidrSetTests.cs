using Dotkube.Controllers.NodeIpam;

namespace Dotkube.Controllers.Tests.NodeIpam;

public class CidrSetTests
{
    [Theory]
    [InlineData("the default cluster CIDR gives /24s from its start", "10.244.0.0/16", 24, new[] { "10.244.0.0/24", "10.244.1.0/24", "10.244.2.0/24" })]
    [InlineData("a cluster CIDR written with host bits is taken as its network", "10.244.7.9/16", 24, new[] { "10.244.0.0/24", "10.244.1.0/24" })]
    [InlineData("a /26 mask cuts a /24 into quarters", "192.168.1.0/24", 26, new[] { "192.168.1.0/26", "192.168.1.64/26", "192.168.1.128/26", "192.168.1.192/26" })]
    public void Node_cidrs_are_handed_out_in_order(string because, string cluster, int mask, string[] expected)
    {
        var set = new CidrSet(cluster, mask);
        Assert.True(expected.SequenceEqual(expected.Select(_ => set.Allocate())), because);
    }

    [Fact]
    public void An_exhausted_set_gives_null_until_a_cidr_is_released()
    {
        var set = new CidrSet("10.0.0.0/23", 24);
        Assert.Equal(2, set.Capacity);
        set.Allocate();
        var second = set.Allocate()!;
        Assert.Null(set.Allocate());
        Assert.True(set.Release(second));
        Assert.Equal(second, set.Allocate());
    }

    [Fact]
    public void Occupied_cidrs_are_skipped()
    {
        var set = new CidrSet("10.244.0.0/16", 24);
        Assert.True(set.Occupy("10.244.0.0/24"));
        Assert.True(set.Occupy("10.244.1.0/24"));
        Assert.Equal("10.244.2.0/24", set.Allocate());
        Assert.Equal(3, set.Allocated);
    }

    [Theory]
    [InlineData("a CIDR outside the cluster CIDR", "10.245.0.0/24")]
    [InlineData("a CIDR of another size", "10.244.0.0/25")]
    [InlineData("not a CIDR", "10.244.0.0")]
    public void Cidrs_that_are_not_blocks_of_the_set_cannot_be_occupied(string because, string cidr)
    {
        Assert.False(new CidrSet("10.244.0.0/16", 24).Occupy(cidr), because);
    }

    [Theory]
    [InlineData("not a CIDR", "banana", 24)]
    [InlineData("IPv6 is not supported", "fd00::/64", 80)]
    [InlineData("a node mask shorter than the cluster's", "10.244.0.0/16", 8)]
    [InlineData("more than 2^20 node CIDRs", "10.0.0.0/8", 30)]
    public void Invalid_settings_are_refused(string because, string cluster, int mask)
    {
        Assert.Throws<ArgumentException>(() => new CidrSet(cluster, mask));
        Assert.NotNull(because);
    }
}
