using Dotkube.E2E.Harness;
using k8s;
using k8s.Models;
using static Dotkube.E2E.Client.ClientTestHelpers;

namespace Dotkube.E2E.Client;

/// <summary>Lists: label selectors, limit/continue paging and the snapshot a paged list reads.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class ListTests(SharedServerFixture fixture)
{
    private readonly Kubernetes _client = fixture.Server.Client();

    /// <summary>Seven config maps: a1..a5 with team=a (a2 and a4 also canary), b1, b2 with team=b; b2 has a tier.</summary>
    private async Task<string> SeedAsync(string prefix)
    {
        var ns = await CreateNamespaceAsync(_client, prefix);
        foreach (var i in Enumerable.Range(1, 5))
        {
            var labels = new Dictionary<string, string> { ["team"] = "a" };
            if (i % 2 == 0)
            {
                labels["canary"] = "true";
            }

            await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap($"a{i}", labels: labels), ns);
        }

        await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b1", labels: new Dictionary<string, string> { ["team"] = "b" }), ns);
        await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b2", labels: new Dictionary<string, string> { ["team"] = "b", ["tier"] = "x" }), ns);
        return ns;
    }

    [Theory]
    [InlineData("team=a", "a1,a2,a3,a4,a5")]
    [InlineData("team==b", "b1,b2")]
    [InlineData("team!=a", "b1,b2")]
    [InlineData("team in (b),tier", "b2")]
    [InlineData("team notin (b),!canary", "a1,a3,a5")]
    [InlineData("canary", "a2,a4")]
    [InlineData("team=c", "")]
    public async Task A_label_selector_picks_the_matching_objects_in_name_order(string selector, string expected)
    {
        var ns = await SeedAsync("list-sel");

        var list = await _client.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: selector);

        // Only what this test seeded: a root CA controller may add kube-root-ca.crt, which "!=" and "!" also match.
        var seeded = list.Items.Select(c => c.Metadata.Name).Where(n => n.Length == 2);
        Assert.Equal(expected, string.Join(',', seeded));
        Assert.True(Rv(list.Metadata.ResourceVersion) > 0);
    }

    [Fact]
    public async Task Paging_with_a_selector_returns_every_match_once_from_one_snapshot()
    {
        var ns = await SeedAsync("list-page");

        var first = await _client.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: "team=a", limit: 2);
        Assert.Equal(["a1", "a2"], first.Items.Select(c => c.Metadata.Name));
        Assert.False(string.IsNullOrEmpty(first.Metadata.ContinueProperty));

        // Written after the first page: a continued list reads the first page's snapshot, so it must not appear.
        await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a9", labels: new Dictionary<string, string> { ["team"] = "a" }), ns);
        await _client.CoreV1.DeleteNamespacedConfigMapAsync("a5", ns);

        var second = await _client.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: "team=a", limit: 2, continueParameter: first.Metadata.ContinueProperty);
        Assert.Equal(["a3", "a4"], second.Items.Select(c => c.Metadata.Name));
        Assert.False(string.IsNullOrEmpty(second.Metadata.ContinueProperty));

        var third = await _client.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: "team=a", limit: 2, continueParameter: second.Metadata.ContinueProperty);
        Assert.Equal(["a5"], third.Items.Select(c => c.Metadata.Name));
        Assert.True(string.IsNullOrEmpty(third.Metadata.ContinueProperty), $"last page still has a continue token: {third.Metadata.ContinueProperty}");

        Assert.Equal(first.Metadata.ResourceVersion, second.Metadata.ResourceVersion);
        Assert.Equal(first.Metadata.ResourceVersion, third.Metadata.ResourceVersion);

        var fresh = await _client.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: "team=a");
        Assert.Equal(["a1", "a2", "a3", "a4", "a9"], fresh.Items.Select(c => c.Metadata.Name));
        Assert.True(Rv(fresh.Metadata.ResourceVersion) > Rv(first.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task Paging_without_a_selector_counts_the_remaining_items()
    {
        var ns = await SeedAsync("list-remaining");

        var first = await _client.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 3);

        // The namespace also holds kube-root-ca.crt only if a controller made it; count what is there.
        var all = await _client.CoreV1.ListNamespacedConfigMapAsync(ns);
        Assert.Equal(3, first.Items.Count);
        Assert.Equal(all.Items.Count - 3, first.Metadata.RemainingItemCount);

        var names = new List<string>(first.Items.Select(c => c.Metadata.Name));
        var token = first.Metadata.ContinueProperty;
        while (!string.IsNullOrEmpty(token))
        {
            var page = await _client.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 3, continueParameter: token);
            names.AddRange(page.Items.Select(c => c.Metadata.Name));
            token = page.Metadata.ContinueProperty;
        }

        Assert.Equal(all.Items.Select(c => c.Metadata.Name), names);
    }

    [Fact]
    public async Task A_malformed_continue_token_is_400()
    {
        var ns = await SeedAsync("list-badtoken");

        await ExpectStatusAsync(
            () => _client.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 2, continueParameter: "not-a-token"),
            System.Net.HttpStatusCode.BadRequest, "BadRequest");
    }

    [Fact]
    public async Task A_field_selector_on_metadata_name_picks_one_object()
    {
        var ns = await SeedAsync("list-field");

        var list = await _client.CoreV1.ListNamespacedConfigMapAsync(ns, fieldSelector: "metadata.name=b1");

        Assert.Equal(["b1"], list.Items.Select(c => c.Metadata.Name));
    }
}
