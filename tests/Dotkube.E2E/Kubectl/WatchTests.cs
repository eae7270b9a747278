using Dotkube.E2E.Harness;

namespace Dotkube.E2E.KubectlCli;

/// <summary>
/// <c>kubectl get -w</c>: a table watch that stays open while the test creates, changes and deletes
/// objects, and prints a row for each event as it happens.
/// </summary>
[Collection(SharedServerCollection.Name)]
public class WatchTests(SharedServerFixture fixture)
{
    [Fact]
    public async Task Get_watch_with_events_prints_added_modified_and_deleted_rows()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "watch-events");
        await ns.ApplyAsync(Manifests.ConfigMap("first", ["k=v"]));
        await using var watch = BackgroundKubectl.Start(fixture.Server, "-n", ns.Name, "get", "configmaps", "--watch", "--output-watch-events");

        // The existing object comes first, as a synthetic ADDED under a header with an EVENT column.
        var header = await watch.WaitForLineAsync(l => l.StartsWith("EVENT", StringComparison.Ordinal), "the header");
        Assert.Equal(["EVENT", "NAME", "DATA", "AGE"], Cells(header));
        await watch.WaitForLineAsync(l => Cells(l) is ["ADDED", "first", "1", _], "ADDED first");

        await ns.ApplyAsync(Manifests.ConfigMap("second", ["a=1", "b=2"]));
        await watch.WaitForLineAsync(l => Cells(l) is ["ADDED", "second", "2", _], "ADDED second with 2 data items");

        (await ns.Run("patch", "configmap", "first", "--type=merge", "-p", """{"data":{"k2":"v2"}}""")).EnsureSuccess();
        await watch.WaitForLineAsync(l => Cells(l) is ["MODIFIED", "first", "2", _], "MODIFIED first now with 2 data items");

        (await ns.Run("delete", "configmap", "second")).EnsureSuccess();
        await watch.WaitForLineAsync(l => Cells(l) is ["DELETED", "second", "2", _], "DELETED second");
    }

    [Fact]
    public async Task Get_watch_prints_a_row_per_change_without_event_types()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "watch-plain");
        await ns.ApplyAsync(Manifests.ConfigMap("a", ["k=v"]));
        await using var watch = BackgroundKubectl.Start(fixture.Server, "-n", ns.Name, "get", "configmap", "a", "-w");

        var header = await watch.WaitForLineAsync(l => l.StartsWith("NAME", StringComparison.Ordinal), "the header");
        Assert.Equal(["NAME", "DATA", "AGE"], Cells(header));
        await watch.WaitForLineAsync(l => Cells(l) is ["a", "1", _], "the current row of a");

        (await ns.Run("patch", "configmap", "a", "--type=merge", "-p", """{"data":{"k2":"v2","k3":"v3"}}""")).EnsureSuccess();
        await watch.WaitForLineAsync(l => Cells(l) is ["a", "3", _], "a row of a with 3 data items");
    }

    [Fact]
    public async Task Get_watch_only_prints_nothing_for_existing_objects_and_then_each_change()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "watch-only");
        await ns.ApplyAsync(Manifests.ConfigMap("old", ["k=v"]));
        await using var watch = BackgroundKubectl.Start(fixture.Server, "-n", ns.Name, "get", "configmaps", "--watch-only", "-o", "name");

        // No event marks "the watch is established"; keep creating until one shows up, then check what came.
        var line = "";
        for (var i = 0; i < 20 && line == ""; i++)
        {
            await ns.ApplyAsync(Manifests.ConfigMap($"new{i}", ["k=v"]));
            try
            {
                line = await watch.WaitForLineAsync(l => l.StartsWith("configmap/new", StringComparison.Ordinal), "a new configmap", TimeSpan.FromSeconds(1));
            }
            catch (TimeoutException)
            {
                // The watch was not open yet when that one was created; the next one will show.
            }
        }

        Assert.StartsWith("configmap/new", line);
        Assert.DoesNotContain("configmap/old", watch.Transcript());
    }

    [Fact]
    public async Task Get_watch_across_all_namespaces_shows_the_namespace_column()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "watch-all");
        var label = $"e2e-watch={ns.Name}";
        await ns.ApplyAsync(Labeled("before", label));
        await using var watch = BackgroundKubectl.Start(fixture.Server, "get", "configmaps", "-A", "-l", label, "-w", "--output-watch-events");

        var header = await watch.WaitForLineAsync(l => l.StartsWith("EVENT", StringComparison.Ordinal), "the header");
        Assert.Equal(["EVENT", "NAMESPACE", "NAME", "DATA", "AGE"], Cells(header));
        await watch.WaitForLineAsync(l => Cells(l) is ["ADDED", var n, "before", "1", _] && n == ns.Name, "ADDED before");

        // The watch started at the list's resourceVersion, so a change made now cannot be missed.
        await ns.ApplyAsync(Labeled("after", label));
        await watch.WaitForLineAsync(l => Cells(l) is ["ADDED", var n, "after", "1", _] && n == ns.Name, "ADDED after");
    }

    [Fact]
    public async Task Get_watch_with_a_label_selector_sees_objects_enter_and_leave_the_selection()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "watch-selector");
        await ns.ApplyAsync(Labeled("anchor", "team=a"));
        await using var watch = BackgroundKubectl.Start(fixture.Server, "-n", ns.Name, "get", "configmaps", "-l", "team=a", "-w", "--output-watch-events");
        await watch.WaitForLineAsync(l => Cells(l) is ["ADDED", "anchor", _, _], "ADDED anchor");
        await ns.ApplyAsync(Manifests.ConfigMap("mover", ["k=v"]));

        // Upstream turns a change that brings an object into the selection into ADDED, and one that takes it out into DELETED.
        (await ns.Run("label", "configmap", "mover", "team=a")).EnsureSuccess();
        await watch.WaitForLineAsync(l => Cells(l) is ["ADDED", "mover", _, _], "ADDED mover once it matches");
        (await ns.Run("label", "configmap", "mover", "team=b", "--overwrite")).EnsureSuccess();
        await watch.WaitForLineAsync(l => Cells(l) is ["DELETED", "mover", _, _], "DELETED mover once it no longer matches");
    }

    private static string Labeled(string name, string label) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {name}
          labels:
            {label.Replace("=", ": ", StringComparison.Ordinal)}
        data:
          k: v
        """;

    private static string[] Cells(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
