using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Dotkube.Client.Informers;
using Dotkube.Client.Tests.Support;
using k8s.Models;

namespace Dotkube.Client.Tests.Informers;

/// <summary>Metadata-only reads: the wire format they ask for, and the factory's views over shared informers.</summary>
public sealed class MetadataInformerTests
{
    private const string Ns = "meta";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static V1ConfigMap ConfigMap(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Ns },
        Data = new Dictionary<string, string> { ["k"] = "v" },
    };

    private sealed class AcceptRecorder : HttpMessageHandler
    {
        public List<string> Accepts { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Accepts.Add(string.Join(",", request.Headers.Accept.Select(a => a.ToString())).Replace(" ", "", StringComparison.Ordinal));
            var body = request.RequestUri!.AbsolutePath.EndsWith("/x", StringComparison.Ordinal)
                ? """{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{"name":"x"}}"""
                : """{"kind":"List","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[]}""";
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }

    [Fact]
    public async Task Metadata_reads_ask_for_PartialObjectMetadata_with_plain_JSON_as_fallback_and_typed_reads_for_JSON()
    {
        var recorder = new AcceptRecorder();
        using var client = new KubeApiClient(recorder, new Uri("https://k8s.example:6443/"));
        await client.ListAsync<PartialObjectMetadata>(ResourceType.ConfigMaps, Ns);
        await client.GetAsync<PartialObjectMetadata>(ResourceType.ConfigMaps, Ns, "x");
        await client.ListAsync<V1ConfigMap>(ResourceType.ConfigMaps, Ns);
        Assert.Equal(
            [
                "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json",
                "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json",
                "application/json",
            ],
            recorder.Accepts);
    }

    [Fact]
    public async Task A_metadata_informer_lists_and_watches_metadata_alone_from_the_server()
    {
        await using var server = await TestApiServer.StartAsync(Ns);
        await server.Client.CreateAsync(ResourceType.ConfigMaps, Ns, ConfigMap("listed"));
        await using var informer = new Informer<PartialObjectMetadata>(server.Client, ResourceType.ConfigMaps, new InformerOptions { Namespace = Ns });
        informer.Start();
        await informer.WaitForSyncAsync().WaitAsync(Wait);
        await server.Client.CreateAsync(ResourceType.ConfigMaps, Ns, ConfigMap("watched"));
        var deadline = DateTime.UtcNow + Wait;
        while (informer.Cache.Get(Ns, "watched") is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the watched object never reached the cache");
            await Task.Delay(10);
        }
        // The server converted both: the objects are meta.k8s.io's PartialObjectMetadata, not ConfigMaps.
        Assert.All(informer.Cache.List(), o => Assert.Equal("PartialObjectMetadata", o.Kind));
        Assert.Equal(["listed", "watched"], informer.Cache.List().Select(o => o.Metadata.Name).Order());
    }

    [Fact]
    public async Task A_metadata_view_rides_on_the_shared_informer_of_the_resource_and_leaves_it_running_when_disposed()
    {
        await using var server = await TestApiServer.StartAsync(Ns);
        await server.Client.CreateAsync(ResourceType.ConfigMaps, Ns, ConfigMap("a"));
        await using var factory = new SharedInformerFactory(server.Client);
        var typed = factory.Get<V1ConfigMap>();
        var view = factory.GetMetadata(ResourceType.ConfigMaps);
        Assert.True(view.IsShared);
        Assert.Same(typed, view.Source);
        var seen = new ConcurrentQueue<string>();
        view.AddHandler(
            onAdd: (o, initial) => seen.Enqueue($"add {o.Kind} {o.Metadata.Name}{(initial ? " initial" : "")}"),
            onDelete: (o, _) => seen.Enqueue($"delete {o.Metadata.Name}"));
        factory.Start();
        await view.WaitForSyncAsync().WaitAsync(Wait);
        await server.Client.CreateAsync(ResourceType.ConfigMaps, Ns, ConfigMap("b"));
        await server.Client.DeleteAsync(ResourceType.ConfigMaps, Ns, "a");
        await WaitForAsync(seen, "delete a");
        Assert.Equal(["add ConfigMap a initial", "add ConfigMap b", "delete a"], seen);
        Assert.Single(factory.Informers);

        await view.DisposeAsync();
        await server.Client.CreateAsync(ResourceType.ConfigMaps, Ns, ConfigMap("c"));
        await WaitForAsync(typed, "c");
        Assert.Equal(3, seen.Count);
    }

    [Fact]
    public async Task Without_a_shared_informer_the_metadata_informer_is_its_own_and_stops_when_disposed()
    {
        await using var server = await TestApiServer.StartAsync(Ns);
        await server.Client.CreateAsync(ResourceType.ConfigMaps, Ns, ConfigMap("a"));
        await using var factory = new SharedInformerFactory(server.Client);
        var own = factory.GetMetadata(ResourceType.ConfigMaps);
        Assert.False(own.IsShared);
        Assert.Empty(factory.Informers);
        var seen = new ConcurrentQueue<string>();
        own.AddHandler(onAdd: (o, _) => seen.Enqueue($"add {o.Kind} {o.Metadata.Name}"));
        own.Start();
        await own.WaitForSyncAsync().WaitAsync(Wait);
        await WaitForAsync(seen, "add PartialObjectMetadata a");
        await own.DisposeAsync();
        Assert.False(((Informer<PartialObjectMetadata>)own.Source).IsWatching);
    }

    private static async Task WaitForAsync(ConcurrentQueue<string> seen, string line)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!seen.Contains(line))
        {
            Assert.True(DateTime.UtcNow < deadline, $"waited for '{line}', saw [{string.Join(", ", seen)}]");
            await Task.Delay(10);
        }
    }

    private static async Task WaitForAsync(Informer<V1ConfigMap> informer, string name)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (informer.Cache.Get(Ns, name) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, $"waited for {name} in the cache");
            await Task.Delay(10);
        }
    }
}
