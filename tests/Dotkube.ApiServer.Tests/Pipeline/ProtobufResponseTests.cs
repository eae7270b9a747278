using System.Text.Json.Nodes;
using Dotkube.Machinery.Protobuf;

namespace Dotkube.ApiServer.Tests.Pipeline;

/// <summary>
/// Gets and lists answer in Kubernetes protobuf when the client prefers it (client-go programs
/// configured with application/vnd.kubernetes.protobuf), and the protobuf carries what JSON does.
/// </summary>
public class ProtobufResponseTests
{
    private const string ConfigMap = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","labels":{"app":"web"}},"data":{"color":"blue"}}""";

    [Theory]
    [InlineData("application/vnd.kubernetes.protobuf")]
    [InlineData("application/vnd.kubernetes.protobuf, application/json")]
    [InlineData("application/vnd.kubernetes.protobuf;q=1, */*")]
    public async Task A_get_preferring_protobuf_answers_the_same_object_in_protobuf(string accept)
    {
        await using var host = await ApiTestHost.StartAsync("ns1");
        await host.JsonAsync(HttpMethod.Post, "/api/v1/namespaces/ns1/configmaps", ConfigMap);
        var (_, json) = await host.JsonAsync(HttpMethod.Get, "/api/v1/namespaces/ns1/configmaps/settings");

        using var response = await host.SendAsync(HttpMethod.Get, "/api/v1/namespaces/ns1/configmaps/settings", accept: accept);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/vnd.kubernetes.protobuf", response.Content.Headers.ContentType?.MediaType);
        var decoded = KubeProtobuf.DecodeObject(await response.Content.ReadAsByteArrayAsync());
        Assert.True(JsonNode.DeepEquals(Sorted(json), Sorted(decoded)), $"{json.ToJsonString()}\n{decoded.ToJsonString()}");
    }

    [Fact]
    public async Task A_list_preferring_protobuf_answers_a_typed_list_with_its_resource_version()
    {
        await using var host = await ApiTestHost.StartAsync("ns1");
        await host.JsonAsync(HttpMethod.Post, "/api/v1/namespaces/ns1/configmaps", ConfigMap);

        using var response = await host.SendAsync(HttpMethod.Get, "/api/v1/namespaces/ns1/configmaps", accept: "application/vnd.kubernetes.protobuf, application/json");

        var list = KubeProtobuf.DecodeObject(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("ConfigMapList", list["kind"]!.GetValue<string>());
        Assert.Equal("v1", list["apiVersion"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(list["metadata"]!["resourceVersion"]!.GetValue<string>()));
        var item = Assert.Single(list["items"]!.AsArray())!;
        Assert.Equal("blue", item["data"]!["color"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_client_listing_json_first_still_gets_json()
    {
        await using var host = await ApiTestHost.StartAsync("ns1");

        using var response = await host.SendAsync(HttpMethod.Get, "/api/v1/namespaces/ns1/configmaps", accept: "application/json, application/vnd.kubernetes.protobuf");

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Errors_stay_json_status_objects_which_client_go_decodes_by_content_type()
    {
        await using var host = await ApiTestHost.StartAsync("ns1");

        using var response = await host.SendAsync(HttpMethod.Get, "/api/v1/namespaces/ns1/configmaps/missing", accept: "application/vnd.kubernetes.protobuf, application/json");

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sorted)]),
        _ => node?.DeepClone(),
    };
}
