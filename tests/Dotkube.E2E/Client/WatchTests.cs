using Dotkube.E2E.Harness;
using k8s;
using k8s.Models;
using static Dotkube.E2E.Client.ClientTestHelpers;

namespace Dotkube.E2E.Client;

/// <summary>
/// Watches through the client's own watch reader: event order, resuming from a resourceVersion, the
/// initial state for "0" and unset, selector transitions, and the server's timeout. 410 Gone for a
/// compacted resourceVersion is not reachable here: the server keeps at least 5 minutes and 10,000
/// revisions of history and offers no switch to shorten that.
/// </summary>
[Collection(SharedServerCollection.Name)]
public sealed class WatchTests(SharedServerFixture fixture)
{
    private readonly Kubernetes _client = fixture.Server.Client();

    // Every namespace also holds kube-root-ca.crt, written by the root CA publisher at its own pace
    // (as upstream's); the watches here look only at the tests' own config maps.
    private const string NotRootCa = "metadata.name!=kube-root-ca.crt";

    private WatchRecorder<V1ConfigMap> Watch(string ns, string? resourceVersion, string? labelSelector = null, string? fieldSelector = null, int? timeoutSeconds = null) =>
        WatchRecorder<V1ConfigMap>.Start((onError, ct) => _client.CoreV1.WatchListNamespacedConfigMapAsync(
            ns, resourceVersion: resourceVersion, labelSelector: labelSelector, fieldSelector: fieldSelector is null ? NotRootCa : $"{fieldSelector},{NotRootCa}",
            timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: ct));

    private static async Task ExpectAsync(WatchRecorder<V1ConfigMap> watch, WatchEventType type, string name, string? resourceVersion = null)
    {
        var (actualType, obj) = await watch.NextAsync();
        Assert.True(type == actualType && name == obj.Metadata.Name,
            $"expected {type} {name}, got {actualType} {obj.Metadata.Name} at {obj.Metadata.ResourceVersion}");
        if (resourceVersion is not null)
        {
            Assert.Equal(resourceVersion, obj.Metadata.ResourceVersion);
        }
    }

    [Fact]
    public async Task A_watch_from_a_list_resourceVersion_sees_added_modified_deleted_in_order()
    {
        var ns = await CreateNamespaceAsync(_client, "watch-order");
        var list = await _client.CoreV1.ListNamespacedConfigMapAsync(ns);
        await using var watch = Watch(ns, list.Metadata.ResourceVersion);

        var created = await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("w"), ns);
        created.Data["key"] = "changed";
        var updated = await _client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "w", ns);
        await _client.CoreV1.DeleteNamespacedConfigMapAsync("w", ns);

        var added = await watch.NextAsync();
        var modified = await watch.NextAsync();
        var deleted = await watch.NextAsync();

        Assert.Equal(
            [WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted],
            new[] { added.Type, modified.Type, deleted.Type });
        Assert.Equal(created.Metadata.ResourceVersion, added.Object.Metadata.ResourceVersion);
        Assert.Equal(updated.Metadata.ResourceVersion, modified.Object.Metadata.ResourceVersion);
        Assert.Equal("changed", modified.Object.Data["key"]);
        Assert.True(Rv(deleted.Object) > Rv(updated), "the DELETED event carries the deletion's resourceVersion");
        Assert.Equal("changed", deleted.Object.Data["key"]);
        Assert.Equal(created.Metadata.Uid, deleted.Object.Metadata.Uid);
        Assert.Empty(watch.Errors);
    }

    [Fact]
    public async Task A_watch_resumed_from_a_resourceVersion_gets_exactly_the_later_events()
    {
        var ns = await CreateNamespaceAsync(_client, "watch-resume");
        var a = await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), ns);
        a.Data["key"] = "2";
        var resumeFrom = await _client.CoreV1.ReplaceNamespacedConfigMapAsync(a, "a", ns);
        var b = await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b"), ns);
        await _client.CoreV1.DeleteNamespacedConfigMapAsync("a", ns);

        await using var watch = Watch(ns, resumeFrom.Metadata.ResourceVersion);

        await ExpectAsync(watch, WatchEventType.Added, "b", b.Metadata.ResourceVersion);
        var (type, deletedA) = await watch.NextAsync();
        Assert.Equal(WatchEventType.Deleted, type);
        Assert.Equal("a", deletedA.Metadata.Name);
        Assert.True(Rv(deletedA) > Rv(b));

        // Nothing else is queued between the replayed history and a new write.
        var c = await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c"), ns);
        await ExpectAsync(watch, WatchEventType.Added, "c", c.Metadata.ResourceVersion);
        Assert.Empty(watch.Errors);
    }

    [Theory]
    [InlineData("0")]
    [InlineData(null)]
    public async Task A_watch_without_a_specific_resourceVersion_starts_with_the_current_objects_as_added(string? resourceVersion)
    {
        var ns = await CreateNamespaceAsync(_client, "watch-initial");
        var a = await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), ns);
        a.Data["key"] = "latest";
        await _client.CoreV1.ReplaceNamespacedConfigMapAsync(a, "a", ns);
        await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b"), ns);
        await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("gone"), ns);
        await _client.CoreV1.DeleteNamespacedConfigMapAsync("gone", ns);

        await using var watch = Watch(ns, resourceVersion);

        // The initial state comes in no promised order; the deleted object and the old version of a do not come at all.
        var first = await watch.NextAsync();
        var second = await watch.NextAsync();
        Assert.All(new[] { first, second }, e => Assert.Equal(WatchEventType.Added, e.Type));
        Assert.Equal(["a", "b"], new[] { first.Object.Metadata.Name, second.Object.Metadata.Name }.Order());
        Assert.Equal("latest", new[] { first, second }.Single(e => e.Object.Metadata.Name == "a").Object.Data["key"]);

        await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c"), ns);
        await ExpectAsync(watch, WatchEventType.Added, "c");
    }

    [Fact]
    public async Task A_label_selector_watch_sees_objects_enter_and_leave_the_selection()
    {
        var ns = await CreateNamespaceAsync(_client, "watch-labels");
        var list = await _client.CoreV1.ListNamespacedConfigMapAsync(ns);
        await using var watch = Watch(ns, list.Metadata.ResourceVersion, labelSelector: "team=a");

        var teamA = new Dictionary<string, string> { ["team"] = "a" };
        await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("x", labels: teamA), ns);
        var moved = await _client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"labels":{"team":"b"}}}""", V1Patch.PatchType.MergePatch), "x", ns);
        await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("y", labels: new Dictionary<string, string> { ["team"] = "b" }), ns);
        var back = await _client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"labels":{"team":"a"}}}""", V1Patch.PatchType.MergePatch), "x", ns);
        await _client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"key":"v2"}}""", V1Patch.PatchType.MergePatch), "x", ns);
        await _client.CoreV1.DeleteNamespacedConfigMapAsync("y", ns);
        await _client.CoreV1.DeleteNamespacedConfigMapAsync("x", ns);

        await ExpectAsync(watch, WatchEventType.Added, "x");
        // Leaving the selection is a DELETED event at the revision of the change.
        await ExpectAsync(watch, WatchEventType.Deleted, "x", moved.Metadata.ResourceVersion);
        // Coming back is ADDED; y (team=b) is never seen.
        await ExpectAsync(watch, WatchEventType.Added, "x", back.Metadata.ResourceVersion);
        await ExpectAsync(watch, WatchEventType.Modified, "x");
        await ExpectAsync(watch, WatchEventType.Deleted, "x");
        await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("z", labels: teamA), ns);
        await ExpectAsync(watch, WatchEventType.Added, "z");
    }

    [Fact]
    public async Task A_field_selector_watch_follows_one_object()
    {
        var ns = await CreateNamespaceAsync(_client, "watch-one");
        var list = await _client.CoreV1.ListNamespacedConfigMapAsync(ns);
        await using var watch = Watch(ns, list.Metadata.ResourceVersion, fieldSelector: "metadata.name=mine");

        await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("other"), ns);
        await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("mine"), ns);
        await _client.CoreV1.DeleteNamespacedConfigMapAsync("other", ns);
        await _client.CoreV1.DeleteNamespacedConfigMapAsync("mine", ns);

        await ExpectAsync(watch, WatchEventType.Added, "mine");
        await ExpectAsync(watch, WatchEventType.Deleted, "mine");
    }

    [Fact]
    public async Task A_watch_ends_when_its_timeoutSeconds_run_out()
    {
        var ns = await CreateNamespaceAsync(_client, "watch-timeout");
        var list = await _client.CoreV1.ListNamespacedConfigMapAsync(ns);
        await using var watch = Watch(ns, list.Metadata.ResourceVersion, timeoutSeconds: 2);
        // The client only hands out a watch once its first line arrived (it peeks for an error), and
        // reports a stream that ends with no line at all as a read error; so give it one event.
        await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("tick"), ns);
        await ExpectAsync(watch, WatchEventType.Added, "tick");

        var ended = await Task.WhenAny(watch.Ended, Task.Delay(TimeSpan.FromSeconds(10)));

        Assert.True(ended == watch.Ended, "the watch was still open 10 s after a 2 s timeoutSeconds");
        Assert.Empty(watch.Errors);
    }
}
