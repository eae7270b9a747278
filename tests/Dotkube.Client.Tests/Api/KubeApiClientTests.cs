using System.Text.Json.Nodes;
using Dotkube.Client.Tests.Support;
using k8s.Models;

namespace Dotkube.Client.Tests.Api;

public sealed class KubeApiClientTests
{
    private const string Ns = "apps";

    private static V1ConfigMap ConfigMap(string name, string value = "1") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Ns, Labels = new Dictionary<string, string> { ["app"] = name.StartsWith('a') ? "a" : "b" } },
        Data = new Dictionary<string, string> { ["k"] = value },
    };

    [Fact]
    public async Task A_typed_object_is_created_read_updated_and_deleted()
    {
        await using var server = await TestApiServer.StartAsync(Ns);
        var cms = server.Client.Resource<V1ConfigMap>();
        var created = await cms.CreateAsync(ConfigMap("a1"));
        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        var read = await cms.GetAsync(Ns, "a1");
        Assert.Equal(created.Metadata.ResourceVersion, read.Metadata.ResourceVersion);
        read.Data["k"] = "2";
        var updated = await cms.UpdateAsync(read);
        Assert.Equal("2", updated.Data["k"]);
        Assert.NotEqual(created.Metadata.ResourceVersion, updated.Metadata.ResourceVersion);
        await cms.DeleteAsync(Ns, "a1");
        Assert.Null(await cms.TryGetAsync(Ns, "a1"));
    }

    [Fact]
    public async Task Refusals_carry_the_status_so_not_found_conflict_and_already_exists_differ()
    {
        await using var server = await TestApiServer.StartAsync(Ns);
        var cms = server.Client.Resource<V1ConfigMap>();
        var missing = await Assert.ThrowsAsync<KubeApiException>(() => cms.GetAsync(Ns, "nope"));
        Assert.True(missing.IsNotFound);
        Assert.Equal("NotFound", missing.Reason);
        Assert.Contains("\"nope\" not found", missing.Message);

        var first = await cms.CreateAsync(ConfigMap("a1"));
        var exists = await Assert.ThrowsAsync<KubeApiException>(() => cms.CreateAsync(ConfigMap("a1")));
        Assert.True(exists.IsAlreadyExists);
        Assert.False(exists.IsConflict);

        first.Data["k"] = "x";
        await cms.UpdateAsync(first);
        first.Data["k"] = "y";
        var stale = await Assert.ThrowsAsync<KubeApiException>(() => cms.UpdateAsync(first));
        Assert.True(stale.IsConflict);
        Assert.Equal(409, stale.Code);
    }

    [Fact]
    public async Task A_list_is_paged_with_limit_and_continue_and_filtered_by_label()
    {
        await using var server = await TestApiServer.StartAsync(Ns);
        for (var i = 0; i < 7; i++)
        {
            await server.Client.CreateAsync(ResourceType.ConfigMaps, Ns, ConfigMap((i % 2 == 0 ? "a" : "b") + i));
        }
        var page = await server.Client.ListAsync<V1ConfigMap>(ResourceType.ConfigMaps, Ns, new ListOptions { Limit = 3 });
        Assert.Equal(3, page.Items.Count);
        Assert.NotNull(page.Continue);
        var all = await server.Client.ListAllAsync<JsonObject>(ResourceType.ConfigMaps, Ns, pageSize: 2);
        Assert.Equal(7, all.Items.Count);
        Assert.Null(all.Continue);
        Assert.Equal(7, all.Items.Select(o => (string?)o["metadata"]!["name"]).Distinct().Count());
        var a = await server.Client.ListAllAsync<V1ConfigMap>(ResourceType.ConfigMaps, Ns, new ListOptions { LabelSelector = "app=a" });
        Assert.Equal(["a0", "a2", "a4", "a6"], a.Items.Select(c => c.Metadata.Name).Order());
    }

    [Theory]
    [InlineData(PatchType.Merge, """{"data":{"k":"merged"}}""", "merged")]
    [InlineData(PatchType.StrategicMerge, """{"data":{"k":"strategic"}}""", "strategic")]
    [InlineData(PatchType.Json, """[{"op":"replace","path":"/data/k","value":"json"}]""", "json")]
    public async Task Each_patch_type_the_server_supports_changes_the_object(PatchType type, string patch, string expected)
    {
        await using var server = await TestApiServer.StartAsync(Ns);
        await server.Client.CreateAsync(ResourceType.ConfigMaps, Ns, ConfigMap("a1"));
        var patched = await server.Client.PatchAsync<V1ConfigMap>(ResourceType.ConfigMaps, Ns, "a1", type, patch, new PatchOptions { FieldManager = "test" });
        Assert.Equal(expected, patched.Data["k"]);
    }

    [Fact]
    public async Task A_delete_with_a_stale_uid_precondition_is_a_conflict()
    {
        await using var server = await TestApiServer.StartAsync(Ns);
        await server.Client.CreateAsync(ResourceType.ConfigMaps, Ns, ConfigMap("a1"));
        var e = await Assert.ThrowsAsync<KubeApiException>(() =>
            server.Client.DeleteAsync(ResourceType.ConfigMaps, Ns, "a1", new DeleteOptions { PreconditionUid = "not-the-uid", PropagationPolicy = "Background" }));
        Assert.True(e.IsConflict);
        Assert.NotNull(await server.Client.TryGetAsync<V1ConfigMap>(ResourceType.ConfigMaps, Ns, "a1"));
    }

    [Fact]
    public async Task Untyped_objects_round_trip_and_status_is_written_through_its_subresource()
    {
        await using var server = await TestApiServer.StartAsync(Ns);
        var pod = JsonNode.Parse("""{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx"}]}}""")!.AsObject();
        var created = await server.Client.CreateAsync(ResourceType.Pods, Ns, pod);
        Assert.Equal("Pod", (string?)created["kind"]);
        created["status"] = new JsonObject { ["phase"] = "Running" };
        var updated = await server.Client.UpdateStatusAsync(ResourceType.Pods, created);
        Assert.Equal("Running", (string?)updated["status"]!["phase"]);
    }

    [Fact]
    public async Task A_pod_is_bound_to_a_node_through_the_binding_subresource()
    {
        await using var server = await TestApiServer.StartAsync(Ns);
        await server.Client.CreateAsync(ResourceType.Pods, Ns, new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "nginx" }] },
        });
        await server.Client.PostSubresourceAsync(ResourceType.Pods, Ns, "p", "binding", new V1Binding
        {
            ApiVersion = "v1",
            Kind = "Binding",
            Metadata = new V1ObjectMeta { Name = "p" },
            Target = new V1ObjectReference { Kind = "Node", Name = "node-1" },
        });
        var pod = await server.Client.GetAsync<V1Pod>(ResourceType.Pods, Ns, "p");
        Assert.Equal("node-1", pod.Spec.NodeName);
    }

    [Fact]
    public async Task A_watch_streams_events_from_a_resource_version_and_a_compacted_one_is_gone()
    {
        await using var server = await TestApiServer.StartAsync(Ns);
        var start = (await server.Client.ListAsync<V1ConfigMap>(ResourceType.ConfigMaps, Ns)).ResourceVersion;
        await server.Client.CreateAsync(ResourceType.ConfigMaps, Ns, ConfigMap("a1"));
        await server.Client.DeleteAsync(ResourceType.ConfigMaps, Ns, "a1");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var seen = new List<string>();
        await foreach (var e in server.Client.WatchAsync<V1ConfigMap>(ResourceType.ConfigMaps, Ns, new WatchOptions { ResourceVersion = start }, cts.Token))
        {
            if (e.Type != WatchEventType.Bookmark)
            {
                seen.Add($"{e.Type} {e.Object!.Metadata.Name}");
            }
            if (seen.Count == 2)
            {
                break;
            }
        }
        Assert.Equal(["Added a1", "Deleted a1"], seen);

        await server.Store.CompactAsync(server.Store.CurrentRevision);
        var gone = await FirstErrorOrThrow(server, start);
        Assert.Equal(410, gone);
    }

    private static async Task<int> FirstErrorOrThrow(TestApiServer server, string rv)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await foreach (var e in server.Client.WatchAsync<V1ConfigMap>(ResourceType.ConfigMaps, Ns, new WatchOptions { ResourceVersion = rv }, cts.Token))
            {
                if (e.Type == WatchEventType.Error)
                {
                    return e.Status!.Code ?? 0;
                }
            }
        }
        catch (KubeApiException e)
        {
            return e.Code;
        }
        return 0;
    }
}
