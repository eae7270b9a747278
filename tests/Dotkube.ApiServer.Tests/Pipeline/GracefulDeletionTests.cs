using System.Globalization;
using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.Tests.Pipeline;

/// <summary>Pods are deleted gracefully: kept with a deletionTimestamp until their node lets go.</summary>
public class GracefulDeletionTests
{
    private const string PodsPath = "/api/v1/namespaces/ns1/pods";

    private static string Pod(string name, string? nodeName, long? grace = null, string? phase = null) =>
        new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject
            {
                ["nodeName"] = nodeName,
                ["terminationGracePeriodSeconds"] = grace,
                ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "nginx" }),
            },
            ["status"] = phase is null ? null : new JsonObject { ["phase"] = phase },
        }.ToJsonString();

    private static async Task<ApiTestHost> HostWithPodAsync(string name, string? nodeName, long? grace = null, string? phase = null)
    {
        var host = await ApiTestHost.StartAsync("ns1");
        var (code, _) = await host.JsonAsync(HttpMethod.Post, PodsPath, Pod(name, nodeName, grace));
        Assert.Equal(201, code);
        if (phase is not null)
        {
            var (sc, _) = await host.JsonAsync(HttpMethod.Patch, $"{PodsPath}/{name}/status",
                $$$"""{"status":{"phase":"{{{phase}}}"}}""", "application/merge-patch+json");
            Assert.Equal(200, sc);
        }
        return host;
    }

    private static DateTimeOffset DeletionTimestamp(JsonObject pod) =>
        DateTimeOffset.Parse(pod["metadata"]!["deletionTimestamp"]!.GetValue<string>(), CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("the spec's grace period applies when the client names none", 45L, "", 45L)]
    [InlineData("thirty seconds is the default grace period", null, "", 30L)]
    [InlineData("the client's grace period wins over the spec's", 45L, "?gracePeriodSeconds=5", 5L)]
    [InlineData("a negative grace period counts as one second", 45L, "?gracePeriodSeconds=-3", 1L)]
    public async Task AScheduledPodIsKeptWithADeletionTimestamp(string because, long? specGrace, string query, long expected)
    {
        await using var host = await HostWithPodAsync("p", "node-1", specGrace);
        var before = DateTimeOffset.UtcNow;
        var (code, pod) = await host.JsonAsync(HttpMethod.Delete, $"{PodsPath}/p{query}");
        Assert.True(code == 200, because);
        Assert.Equal(expected, pod["metadata"]!["deletionGracePeriodSeconds"]!.GetValue<long>());
        Assert.InRange(DeletionTimestamp(pod), before.AddSeconds(expected - 2), before.AddSeconds(expected + 2));
        var (getCode, _) = await host.JsonAsync(HttpMethod.Get, $"{PodsPath}/p");
        Assert.Equal(200, getCode);
    }

    [Theory]
    [InlineData("a pod no node runs", null, null)]
    [InlineData("a pod that succeeded", "node-1", "Succeeded")]
    [InlineData("a pod that failed", "node-1", "Failed")]
    public async Task PodsWithNothingToStopGoAtOnce(string because, string? nodeName, string? phase)
    {
        await using var host = await HostWithPodAsync("p", nodeName, phase: phase);
        var (code, _) = await host.JsonAsync(HttpMethod.Delete, $"{PodsPath}/p");
        Assert.Equal(200, code);
        var (getCode, _) = await host.JsonAsync(HttpMethod.Get, $"{PodsPath}/p");
        Assert.True(getCode == 404, because);
    }

    [Fact]
    public async Task ALaterDeleteMayOnlyShortenTheGracePeriod()
    {
        await using var host = await HostWithPodAsync("p", "node-1", 60);
        var (_, first) = await host.JsonAsync(HttpMethod.Delete, $"{PodsPath}/p");
        var (_, longer) = await host.JsonAsync(HttpMethod.Delete, $"{PodsPath}/p?gracePeriodSeconds=120");
        Assert.Equal(60, longer["metadata"]!["deletionGracePeriodSeconds"]!.GetValue<long>());
        Assert.Equal(DeletionTimestamp(first), DeletionTimestamp(longer));
        var (_, shorter) = await host.JsonAsync(HttpMethod.Delete, $"{PodsPath}/p?gracePeriodSeconds=20");
        Assert.Equal(20, shorter["metadata"]!["deletionGracePeriodSeconds"]!.GetValue<long>());
        Assert.Equal(DeletionTimestamp(first).AddSeconds(-40), DeletionTimestamp(shorter));
    }

    [Fact]
    public async Task TheNodesFinalDeleteWithZeroGraceRemovesThePod()
    {
        await using var host = await HostWithPodAsync("p", "node-1");
        await host.JsonAsync(HttpMethod.Delete, $"{PodsPath}/p");
        var (code, _) = await host.JsonAsync(HttpMethod.Delete, $"{PodsPath}/p", """{"kind":"DeleteOptions","apiVersion":"v1","gracePeriodSeconds":0}""");
        Assert.Equal(200, code);
        var (getCode, _) = await host.JsonAsync(HttpMethod.Get, $"{PodsPath}/p");
        Assert.Equal(404, getCode);
    }

    [Fact]
    public async Task StatusUpdatesWhileTerminatingKeepThePod()
    {
        await using var host = await HostWithPodAsync("p", "node-1");
        await host.JsonAsync(HttpMethod.Delete, $"{PodsPath}/p");
        var (code, _) = await host.JsonAsync(HttpMethod.Patch, $"{PodsPath}/p/status",
            """{"status":{"phase":"Running"}}""", "application/merge-patch+json");
        Assert.Equal(200, code);
        var (getCode, pod) = await host.JsonAsync(HttpMethod.Get, $"{PodsPath}/p");
        Assert.Equal(200, getCode);
        Assert.Equal("Running", pod["status"]!["phase"]!.GetValue<string>());
    }

    [Fact]
    public async Task AFinalizerOutlivesTheGracePeriodAndTheLastFinalizerEndsIt()
    {
        await using var host = await HostWithPodAsync("p", "node-1");
        await host.JsonAsync(HttpMethod.Patch, $"{PodsPath}/p", """{"metadata":{"finalizers":["example.com/hold"]}}""", "application/merge-patch+json");
        await host.JsonAsync(HttpMethod.Delete, $"{PodsPath}/p");
        var (zeroCode, held) = await host.JsonAsync(HttpMethod.Delete, $"{PodsPath}/p?gracePeriodSeconds=0");
        Assert.Equal(200, zeroCode);
        Assert.Equal(0, held["metadata"]!["deletionGracePeriodSeconds"]!.GetValue<long>());
        await host.JsonAsync(HttpMethod.Patch, $"{PodsPath}/p", """{"metadata":{"finalizers":null}}""", "application/merge-patch+json");
        var (getCode, _) = await host.JsonAsync(HttpMethod.Get, $"{PodsPath}/p");
        Assert.Equal(404, getCode);
    }

    [Theory]
    [InlineData("a deferred deletion answers 200 by default", "", 200)]
    [InlineData("orphanDependents=false on a deferred deletion answers 202, as upstream", "?orphanDependents=false", 202)]
    public async Task DeferredDeletionAnswersAsUpstream(string because, string query, int expected)
    {
        await using var host = await ApiTestHost.StartAsync("ns1");
        await host.JsonAsync(HttpMethod.Post, "/api/v1/namespaces/ns1/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"held","finalizers":["example.com/hold"]}}""");
        var (code, _) = await host.JsonAsync(HttpMethod.Delete, $"/api/v1/namespaces/ns1/configmaps/held{query}");
        Assert.True(code == expected, because);
    }
}
