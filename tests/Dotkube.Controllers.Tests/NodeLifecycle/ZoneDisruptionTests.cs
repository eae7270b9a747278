using Dotkube.Controllers.NodeLifecycle;
using k8s.Models;

namespace Dotkube.Controllers.Tests.NodeLifecycle;

/// <summary>Zone states and tainting rates as upstream's handleDisruption, on a fake clock.</summary>
public class ZoneDisruptionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly NodeLifecycleOptions Options = new();

    private static V1Node Node(string name, string zone, bool ready, bool excluded = false)
    {
        var labels = new Dictionary<string, string>();
        if (zone.Length > 0)
        {
            labels["topology.kubernetes.io/zone"] = zone;
        }
        if (excluded)
        {
            labels[ZoneDisruption.ExcludeDisruptionLabel] = "";
        }
        return new V1Node
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = labels },
            Status = new V1NodeStatus { Conditions = [new V1NodeCondition { Type = "Ready", Status = ready ? "True" : "Unknown" }] },
        };
    }

    /// <summary>A zone of <paramref name="ready"/> Ready and <paramref name="down"/> unreachable nodes.</summary>
    private static IEnumerable<V1Node> Zone(string zone, int ready, int down) =>
        Enumerable.Range(0, ready).Select(i => Node($"{zone}-up{i}", zone, true))
            .Concat(Enumerable.Range(0, down).Select(i => Node($"{zone}-down{i}", zone, false)));

    private static string ZoneOf(string zone) => ZoneDisruption.ZoneKey(Node("x", zone, true));

    [Theory]
    [InlineData(3, 0, ZoneState.Normal)]
    [InlineData(2, 1, ZoneState.Normal)]
    [InlineData(2, 2, ZoneState.Normal)] // two unready nodes are never a disruption
    [InlineData(3, 3, ZoneState.Normal)] // half is under 0.55
    [InlineData(2, 3, ZoneState.PartialDisruption)] // 0.6
    [InlineData(1, 3, ZoneState.PartialDisruption)]
    [InlineData(0, 1, ZoneState.FullDisruption)]
    [InlineData(0, 5, ZoneState.FullDisruption)]
    public void A_zone_is_classified_by_its_unready_share(int ready, int notReady, ZoneState expected) =>
        Assert.Equal(expected, ZoneDisruption.Classify(ready, notReady, 0.55));

    [Theory]
    [InlineData(ZoneState.Normal, 3, 0.1)]
    [InlineData(ZoneState.PartialDisruption, 50, 0)]
    [InlineData(ZoneState.PartialDisruption, 51, 0.01)]
    [InlineData(ZoneState.FullDisruption, 3, 0.1)]
    public void Each_state_taints_at_its_rate(ZoneState state, int size, double rate) =>
        Assert.Equal(rate, new ZoneDisruption(Options).RateFor(state, size));

    [Fact]
    public void A_normal_zone_taints_one_node_at_once_and_the_next_ten_seconds_later()
    {
        var zones = new ZoneDisruption(Options);
        Assert.Equal(ZoneDisruption.Change.ZoneStates, zones.Update(Zone("a", 8, 2), T0));
        Assert.Equal(ZoneState.Normal, zones.StateOf(ZoneOf("a")));
        Assert.True(zones.TryTaint(ZoneOf("a"), T0, out _));
        Assert.False(zones.TryTaint(ZoneOf("a"), T0.AddSeconds(1), out var retry));
        Assert.Equal(9.0, retry!.Value.TotalSeconds, 3);
        Assert.True(zones.TryTaint(ZoneOf("a"), T0.AddSeconds(10), out _));
    }

    [Fact]
    public void A_partially_disrupted_small_zone_stops_tainting_until_it_recovers()
    {
        var zones = new ZoneDisruption(Options);
        zones.Update(Zone("a", 1, 3), T0);
        Assert.Equal(ZoneState.PartialDisruption, zones.StateOf(ZoneOf("a")));
        Assert.False(zones.TryTaint(ZoneOf("a"), T0.AddMinutes(10), out var retry));
        Assert.Null(retry);

        Assert.Equal(ZoneDisruption.Change.ZoneStates, zones.Update(Zone("a", 3, 1), T0.AddMinutes(11)));
        Assert.Equal(ZoneState.Normal, zones.StateOf(ZoneOf("a")));
        // The stopped limiter had no token, so the new one starts drained: the first taint waits one interval.
        Assert.False(zones.TryTaint(ZoneOf("a"), T0.AddMinutes(11), out _));
        Assert.True(zones.TryTaint(ZoneOf("a"), T0.AddMinutes(11).AddSeconds(10), out _));
    }

    [Fact]
    public void A_partially_disrupted_large_zone_taints_at_the_secondary_rate()
    {
        var zones = new ZoneDisruption(Options);
        zones.Update(Zone("a", 20, 40), T0);
        Assert.Equal(ZoneState.PartialDisruption, zones.StateOf(ZoneOf("a")));
        Assert.True(zones.TryTaint(ZoneOf("a"), T0, out _));
        Assert.False(zones.TryTaint(ZoneOf("a"), T0.AddSeconds(99), out var retry));
        Assert.Equal(1.0, retry!.Value.TotalSeconds, 3);
        Assert.True(zones.TryTaint(ZoneOf("a"), T0.AddSeconds(100), out _));
    }

    [Fact]
    public void One_fully_disrupted_zone_among_healthy_ones_taints_at_the_normal_rate()
    {
        var zones = new ZoneDisruption(Options);
        zones.Update(Zone("a", 0, 3).Concat(Zone("b", 3, 0)), T0);
        Assert.Equal((ZoneState.FullDisruption, ZoneState.Normal), (zones.StateOf(ZoneOf("a")), zones.StateOf(ZoneOf("b"))));
        Assert.False(zones.AllFullyDisrupted);
        Assert.True(zones.TryTaint(ZoneOf("a"), T0, out _));
        Assert.True(zones.TryTaint(ZoneOf("a"), T0.AddSeconds(10), out _));
    }

    [Fact]
    public void When_every_zone_is_down_tainting_stops_and_resumes_when_a_node_is_back()
    {
        var zones = new ZoneDisruption(Options);
        zones.Update(Zone("a", 2, 0).Concat(Zone("b", 2, 0)), T0);
        Assert.Equal(ZoneDisruption.Change.EnteredFullDisruption, zones.Update(Zone("a", 0, 2).Concat(Zone("b", 0, 2)), T0.AddSeconds(5)));
        Assert.True(zones.AllFullyDisrupted);
        Assert.False(zones.TryTaint(ZoneOf("a"), T0.AddMinutes(5), out var retry));
        Assert.Null(retry);
        Assert.Equal(ZoneDisruption.Change.None, zones.Update(Zone("a", 0, 2).Concat(Zone("b", 0, 2)), T0.AddMinutes(6)));

        Assert.Equal(ZoneDisruption.Change.ExitedFullDisruption, zones.Update(Zone("a", 1, 1).Concat(Zone("b", 0, 2)), T0.AddMinutes(7)));
        Assert.False(zones.AllFullyDisrupted);
        Assert.Equal((ZoneState.Normal, ZoneState.FullDisruption), (zones.StateOf(ZoneOf("a")), zones.StateOf(ZoneOf("b"))));
        Assert.True(zones.TryTaint(ZoneOf("b"), T0.AddMinutes(7).AddSeconds(10), out _));
    }

    [Fact]
    public void A_single_zone_cluster_whose_nodes_are_all_down_is_in_full_disruption()
    {
        var zones = new ZoneDisruption(Options);
        Assert.Equal(ZoneDisruption.Change.EnteredFullDisruption, zones.Update(Zone("", 0, 3), T0));
        Assert.True(zones.AllFullyDisrupted);
    }

    [Fact]
    public void Nodes_excluded_from_disruption_checks_are_not_counted()
    {
        var zones = new ZoneDisruption(Options);
        zones.Update([Node("n1", "a", false), Node("n2", "a", false, excluded: true), Node("n3", "a", true)], T0);
        Assert.Equal(ZoneState.Normal, zones.StateOf(ZoneOf("a")));
        zones.Update([Node("n1", "a", false), Node("n2", "a", true, excluded: true)], T0.AddSeconds(5));
        Assert.True(zones.AllFullyDisrupted);
    }

    [Theory]
    [InlineData(null, null, null, null, "")]
    [InlineData("z1", "r1", null, null, "r1:\0:z1")]
    [InlineData(null, null, "bz", "br", "br:\0:bz")]
    [InlineData("z1", null, "bz", "br", "br:\0:z1")]
    public void The_zone_key_joins_region_and_zone_preferring_the_GA_labels(string? zone, string? region, string? betaZone, string? betaRegion, string key)
    {
        var labels = new Dictionary<string, string>();
        void Put(string k, string? v)
        {
            if (v is not null)
            {
                labels[k] = v;
            }
        }
        Put("topology.kubernetes.io/zone", zone);
        Put("topology.kubernetes.io/region", region);
        Put("failure-domain.beta.kubernetes.io/zone", betaZone);
        Put("failure-domain.beta.kubernetes.io/region", betaRegion);
        Assert.Equal(key, ZoneDisruption.ZoneKey(new V1Node { Metadata = new V1ObjectMeta { Name = "n", Labels = labels } }));
    }
}
