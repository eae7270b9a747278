using System.Text.Json;
using System.Text.Json.Nodes;
using Dotkube.Client.Informers;
using Dotkube.Client.Serialization;
using Dotkube.Client.Tests.Support;
using k8s.Models;

namespace Dotkube.Client.Tests.Informers;

public sealed class InformerTransformTests
{
    private const string Ns = "tf";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static V1ConfigMap ConfigMap(string name, string value) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Ns },
        Data = new Dictionary<string, string> { ["k"] = value },
    };

    [Theory]
    [InlineData("none")]
    [InlineData("transform")]
    [InlineData("option")]
    public async Task Managed_fields_are_dropped_from_listed_and_watched_objects_before_they_are_cached_by_a_transform_or_the_option(string mode)
    {
        var dropManagedFields = mode != "none";
        await using var server = await TestApiServer.StartAsync(Ns);
        await server.Client.CreateAsync(ResourceType.ConfigMaps, Ns, ConfigMap("listed", "1"), new WriteOptions { FieldManager = "tester" });
        var options = new InformerOptions
        {
            Namespace = Ns,
            Transform = mode == "transform" ? InformerTransforms.DropManagedFields : null,
            DropManagedFields = mode == "option",
        };
        await using var informer = new Informer<V1ConfigMap>(server.Client, ResourceType.ConfigMaps, options);
        var handled = new List<V1ConfigMap>();
        informer.AddHandler(onAdd: (o, _) => handled.Add(o), onUpdate: (_, o) => handled.Add(o));
        informer.Start();
        await informer.WaitForSyncAsync().WaitAsync(Wait);
        var watched = await server.Client.CreateAsync(ResourceType.ConfigMaps, Ns, ConfigMap("watched", "1"), new WriteOptions { FieldManager = "tester" });
        watched.Data["k"] = "2";
        await server.Client.UpdateAsync(ResourceType.ConfigMaps, watched, new WriteOptions { FieldManager = "tester" });
        var deadline = DateTime.UtcNow + Wait;
        while (informer.Cache.Get(Ns, "watched")?.Data["k"] != "2")
        {
            Assert.True(DateTime.UtcNow < deadline, "the update never reached the cache");
            await Task.Delay(10);
        }
        await informer.WaitForHandlersIdleAsync().WaitAsync(Wait);
        Assert.Equal(3, handled.Count);
        foreach (var obj in informer.Cache.List().Concat(handled))
        {
            Assert.Equal(dropManagedFields, obj.Metadata.ManagedFields is null);
        }
    }

    [Fact]
    public async Task The_option_drops_managed_fields_of_untyped_objects_too()
    {
        await using var server = await TestApiServer.StartAsync(Ns);
        await server.Client.CreateAsync(ResourceType.ConfigMaps, Ns, ConfigMap("a", "1"), new WriteOptions { FieldManager = "tester" });
        await using var informer = new Informer<JsonObject>(server.Client, ResourceType.ConfigMaps, new InformerOptions { Namespace = Ns, DropManagedFields = true });
        informer.Start();
        await informer.WaitForSyncAsync().WaitAsync(Wait);
        var cached = Assert.Single(informer.Cache.List());
        Assert.False(cached["metadata"]!.AsObject().ContainsKey("managedFields"));
        Assert.Equal("1", cached["data"]?["k"]?.GetValue<string>());
    }

    [Fact]
    public void Decoding_without_managed_fields_skips_them_and_reads_everything_else()
    {
        const string Json = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","managedFields":[{"manager":"m","operation":"Update","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:containers":{}}}}],"labels":{"a":"b"}},
             "spec":{"containers":[{"name":"c","image":"i","resources":{"requests":{"cpu":"10m"}}}]}}
            """;
        var full = JsonSerializer.Deserialize<V1Pod>(Json, KubeJson.Options)!;
        var lean = JsonSerializer.Deserialize<V1Pod>(Json, KubeJson.OptionsWithoutManagedFields)!;
        Assert.Equal("m", Assert.Single(full.Metadata.ManagedFields).Manager);
        Assert.Null(lean.Metadata.ManagedFields);
        Assert.Equal("b", lean.Metadata.Labels["a"]);
        Assert.Equal("10m", lean.Spec.Containers[0].Resources.Requests["cpu"].ToString());
        // Writing is unchanged: managedFields set on an object are still written.
        Assert.Contains("\"manager\":\"m\"", JsonSerializer.Serialize(full, KubeJson.OptionsWithoutManagedFields), StringComparison.Ordinal);
    }

    [Fact]
    public void Dropping_managed_fields_works_on_models_and_untyped_objects_alike()
    {
        var model = new V1Pod { Metadata = new V1ObjectMeta { Name = "p", ManagedFields = [new V1ManagedFieldsEntry { Manager = "m" }] } };
        Assert.Same(model, InformerTransforms.DropManagedFields(model));
        Assert.Null(model.Metadata.ManagedFields);
        Assert.Equal("p", model.Metadata.Name);

        var json = JsonNode.Parse("""{"metadata":{"name":"p","managedFields":[{"manager":"m"}]},"spec":{}}""")!.AsObject();
        Assert.Same(json, InformerTransforms.DropManagedFields(json));
        Assert.Equal("""{"metadata":{"name":"p"},"spec":{}}""", json.ToJsonString());
    }
}
