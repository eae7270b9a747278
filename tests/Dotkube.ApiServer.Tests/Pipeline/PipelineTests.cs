using System.Text;
using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.Tests.Pipeline;

public class PipelineTests
{
    private static string ConfigMap(string name, string ns = "ns1", string value = "v") =>
        $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}","labels":{"app":"web"}},"data":{"k":"{{{value}}}"}}""";

    [Fact]
    public async Task CreateGetAndDuplicateCreateAnswerAsUpstream()
    {
        await using var host = await ApiTestHost.StartAsync("ns1");
        var (code, created) = await host.JsonAsync(HttpMethod.Post, "/api/v1/namespaces/ns1/configmaps", ConfigMap("a"));
        Assert.Equal(201, code);
        Assert.False(string.IsNullOrEmpty(created["metadata"]!["resourceVersion"]!.GetValue<string>()));
        var (getCode, got) = await host.JsonAsync(HttpMethod.Get, "/api/v1/namespaces/ns1/configmaps/a");
        Assert.Equal(200, getCode);
        Assert.Equal("v", got["data"]!["k"]!.GetValue<string>());
        var (dupCode, status) = await host.JsonAsync(HttpMethod.Post, "/api/v1/namespaces/ns1/configmaps", ConfigMap("a"));
        Assert.Equal(409, dupCode);
        Assert.Equal(("Status", "AlreadyExists", "configmaps \"a\" already exists"),
            (status["kind"]!.GetValue<string>(), status["reason"]!.GetValue<string>(), status["message"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("a namespace that does not exist", "/api/v1/namespaces/nope/configmaps", 404, "NotFound", "namespaces \"nope\" not found")]
    [InlineData("an unknown resource", "/api/v1/namespaces/ns1/widgets", 404, "NotFound", "the server could not find the requested resource")]
    public async Task CreatesThatCannotLandAreRefused(string because, string path, int code, string reason, string message)
    {
        await using var host = await ApiTestHost.StartAsync("ns1");
        var (c, status) = await host.JsonAsync(HttpMethod.Post, path, ConfigMap("a", "nope"));
        Assert.True(code == c, because);
        Assert.Equal((reason, message), (status["reason"]!.GetValue<string>(), status["message"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("malformed JSON", "{\"apiVersion\":", "application/json", 400, "BadRequest")]
    [InlineData("malformed YAML", "a: b: c", "application/yaml", 400, "BadRequest")]
    [InlineData("an unknown media type", "x", "text/plain", 415, "UnsupportedMediaType")]
    [InlineData("the wrong apiVersion", """{"apiVersion":"apps/v1","kind":"ConfigMap","metadata":{"name":"a"}}""", "application/json", 400, "BadRequest")]
    [InlineData("an illegal name", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"Bad_Name"}}""", "application/json", 422, "Invalid")]
    public async Task BadBodiesGetAStatusAndStoreNothing(string because, string body, string contentType, int code, string reason)
    {
        await using var host = await ApiTestHost.StartAsync("ns1");
        var before = host.Store.CurrentRevision;
        var (c, status) = await host.JsonAsync(HttpMethod.Post, "/api/v1/namespaces/ns1/configmaps", body, contentType);
        Assert.True(code == c, because);
        Assert.Equal(reason, status["reason"]!.GetValue<string>());
        Assert.Equal(before, host.Store.CurrentRevision);
    }

    [Theory]
    [InlineData("POST", "/api/v1/namespaces/ns1/configmaps")]
    [InlineData("PUT", "/api/v1/namespaces/ns1/configmaps/small")]
    public async Task AnObjectOverTheStoresLimitIs413RequestEntityTooLargeNotA500(string method, string path)
    {
        // etcd takes at most 1.5 MiB per request; upstream passes its refusal on as a 500.
        await using var host = await ApiTestHost.StartAsync(new Dotkube.Storage.Memory.MemoryStore(new Dotkube.Storage.StoreOptions(MaxValueBytes: 64 * 1024)), "ns1");
        Assert.Equal(201, (await host.JsonAsync(HttpMethod.Post, "/api/v1/namespaces/ns1/configmaps", ConfigMap("small"))).Item1);
        var before = host.Store.CurrentRevision;

        var (c, status) = await host.JsonAsync(new HttpMethod(method), path, ConfigMap(method == "PUT" ? "small" : "big", value: new string('x', 100 * 1024)));

        Assert.Equal((413, "RequestEntityTooLarge"), (c, status["reason"]!.GetValue<string>()));
        Assert.StartsWith("Request entity too large: value of /registry/configmaps/ns1/", status["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, host.Store.CurrentRevision);
    }

    [Fact]
    public async Task ABodyOverThreeMebibytesIsTooLarge()
    {
        await using var host = await ApiTestHost.StartAsync("ns1");
        var big = ConfigMap("a", value: new string('x', 3 * 1024 * 1024 + 10));
        var (c, status) = await host.JsonAsync(HttpMethod.Post, "/api/v1/namespaces/ns1/configmaps", big);
        Assert.Equal((413, "RequestEntityTooLarge"), (c, status["reason"]!.GetValue<string>()));
    }

    [Fact]
    public async Task JsonDeeperThanTenThousandLevelsIsABadRequest()
    {
        await using var host = await ApiTestHost.StartAsync("ns1");
        var deep = new StringBuilder("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\"},\"x\":");
        deep.Append(string.Concat(Enumerable.Repeat("[", 10_001))).Append(string.Concat(Enumerable.Repeat("]", 10_001))).Append('}');
        var (c, status) = await host.JsonAsync(HttpMethod.Post, "/api/v1/namespaces/ns1/configmaps", deep.ToString());
        Assert.Equal((400, "BadRequest"), (c, status["reason"]!.GetValue<string>()));
    }

    [Fact]
    public async Task KubectlGetReceivesATable()
    {
        await using var host = await ApiTestHost.StartAsync("ns1");
        await host.JsonAsync(HttpMethod.Post, "/api/v1/namespaces/ns1/configmaps", ConfigMap("a"));
        var (c, table) = await host.JsonAsync(HttpMethod.Get, "/api/v1/namespaces/ns1/configmaps", accept:
            "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json");
        Assert.Equal(200, c);
        Assert.Equal("Table", table["kind"]!.GetValue<string>());
        Assert.Equal(["Name", "Data", "Age"], table["columnDefinitions"]!.AsArray().Select(d => d!["name"]!.GetValue<string>()));
        var cells = table["rows"]![0]!["cells"]!.AsArray();
        Assert.Equal("a", cells[0]!.GetValue<string>());
        Assert.Equal("PartialObjectMetadata", table["rows"]![0]!["object"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task OnlyProtobufIsNotAcceptableForWatches()
    {
        // Gets and lists are served as protobuf (ProtobufResponseTests); watch streams are JSON only.
        await using var host = await ApiTestHost.StartAsync("ns1");
        var (c, status) = await host.JsonAsync(HttpMethod.Get, "/api/v1/namespaces/ns1/configmaps?watch=1", accept: "application/vnd.kubernetes.protobuf;stream=watch");
        Assert.Equal((406, "NotAcceptable"), (c, status["reason"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("/healthz", 200)]
    [InlineData("/version", 200)]
    [InlineData("/api", 401)]
    [InlineData("/api/v1/namespaces", 401)]
    public async Task AnonymousRequestsReachOnlyPublicPaths(string path, int code)
    {
        await using var host = await ApiTestHost.StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Anonymous", "1");
        using var r = await host.Client.SendAsync(request);
        Assert.Equal(code, (int)r.StatusCode);
    }

    [Fact]
    public async Task PagedListsReturnEveryItemOnce()
    {
        await using var host = await ApiTestHost.StartAsync("ns1");
        for (var i = 0; i < 7; i++)
        {
            await host.JsonAsync(HttpMethod.Post, "/api/v1/namespaces/ns1/configmaps", ConfigMap($"c{i}"));
        }
        var names = new List<string>();
        string? cont = null;
        do
        {
            var path = "/api/v1/namespaces/ns1/configmaps?limit=3" + (cont is null ? "" : "&continue=" + Uri.EscapeDataString(cont));
            var (_, list) = await host.JsonAsync(HttpMethod.Get, path);
            names.AddRange(list["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
            cont = list["metadata"]!["continue"]?.GetValue<string>();
        }
        while (cont is not null);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"c{i}"), names);
    }

    [Fact]
    public async Task AWatchFromACompactedRevisionGetsAnExpiredErrorEvent()
    {
        await using var host = await ApiTestHost.StartAsync("ns1");
        for (var i = 0; i < 5; i++)
        {
            await host.JsonAsync(HttpMethod.Post, "/api/v1/namespaces/ns1/configmaps", ConfigMap($"c{i}"));
        }
        await host.Store.CompactAsync(host.Store.CurrentRevision - 1);
        using var r = await host.SendAsync(HttpMethod.Get, "/api/v1/namespaces/ns1/configmaps?watch=true&resourceVersion=2");
        Assert.Equal(200, (int)r.StatusCode);
        using var reader = new StreamReader(await r.Content.ReadAsStreamAsync());
        var line = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var ev = JsonNode.Parse(line!)!;
        Assert.Equal("ERROR", ev["type"]!.GetValue<string>());
        Assert.Equal(410, ev["object"]!["code"]!.GetValue<int>());
        Assert.Equal("Expired", ev["object"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task AWatchFromZeroSendsTheCurrentStateThenChanges()
    {
        await using var host = await ApiTestHost.StartAsync("ns1");
        await host.JsonAsync(HttpMethod.Post, "/api/v1/namespaces/ns1/configmaps", ConfigMap("a"));
        using var r = await host.SendAsync(HttpMethod.Get, "/api/v1/namespaces/ns1/configmaps?watch=true&resourceVersion=0&labelSelector=app%3Dweb");
        using var reader = new StreamReader(await r.Content.ReadAsStreamAsync());
        async Task<(string Type, string Name)> Next()
        {
            var ev = JsonNode.Parse((await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)))!)!;
            return (ev["type"]!.GetValue<string>(), ev["object"]!["metadata"]!["name"]!.GetValue<string>());
        }
        Assert.Equal(("ADDED", "a"), await Next());
        await host.JsonAsync(HttpMethod.Post, "/api/v1/namespaces/ns1/configmaps", ConfigMap("b"));
        Assert.Equal(("ADDED", "b"), await Next());
        // Dropping the label takes b out of the selector: the watcher sees it leave.
        await host.JsonAsync(HttpMethod.Patch, "/api/v1/namespaces/ns1/configmaps/b", """{"metadata":{"labels":null}}""", "application/merge-patch+json");
        Assert.Equal(("DELETED", "b"), await Next());
        await host.JsonAsync(HttpMethod.Delete, "/api/v1/namespaces/ns1/configmaps/a");
        Assert.Equal(("DELETED", "a"), await Next());
    }

    [Fact]
    public async Task StalePutsConflictAndPatchesRetry()
    {
        await using var host = await ApiTestHost.StartAsync("ns1");
        var (_, created) = await host.JsonAsync(HttpMethod.Post, "/api/v1/namespaces/ns1/configmaps", ConfigMap("a"));
        await host.JsonAsync(HttpMethod.Patch, "/api/v1/namespaces/ns1/configmaps/a", """{"data":{"k":"w"}}""", "application/merge-patch+json");
        var (c, status) = await host.JsonAsync(HttpMethod.Put, "/api/v1/namespaces/ns1/configmaps/a", created.ToJsonString());
        Assert.Equal(409, c);
        Assert.Equal("Operation cannot be fulfilled on configmaps \"a\": the object has been modified; please apply your changes to the latest version and try again",
            status["message"]!.GetValue<string>());
        var (pc, patched) = await host.JsonAsync(HttpMethod.Patch, "/api/v1/namespaces/ns1/configmaps/a",
            """[{"op":"replace","path":"/data/k","value":"z"}]""", "application/json-patch+json");
        Assert.Equal(200, pc);
        Assert.Equal("z", patched["data"]!["k"]!.GetValue<string>());
    }

    [Fact]
    public async Task DeploymentsScaleThroughTheScaleSubresource()
    {
        await using var host = await ApiTestHost.StartAsync("ns1");
        var deployment = """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
             "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
                     "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}
            """;
        var (c, _) = await host.JsonAsync(HttpMethod.Post, "/apis/apps/v1/namespaces/ns1/deployments", deployment);
        Assert.Equal(201, c);
        var (sc, scale) = await host.JsonAsync(HttpMethod.Patch, "/apis/apps/v1/namespaces/ns1/deployments/web/scale",
            """{"spec":{"replicas":3}}""", "application/merge-patch+json");
        Assert.Equal(200, sc);
        Assert.Equal(("Scale", 3, "app=web"), (scale["kind"]!.GetValue<string>(), scale["spec"]!["replicas"]!.GetValue<int>(), scale["status"]!["selector"]!.GetValue<string>()));
        var (_, got) = await host.JsonAsync(HttpMethod.Get, "/apis/apps/v1/namespaces/ns1/deployments/web");
        Assert.Equal(3, got["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(2, got["metadata"]!["generation"]!.GetValue<int>());
    }
}
