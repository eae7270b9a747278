using System.Text.Json.Nodes;
using Dotkube.E2E.Harness;

namespace Dotkube.E2E.BadInput;

/// <summary>Bodies that do not decode: 400 BadRequest as a Status, and the server goes on as before.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class MalformedBodyTests(SharedServerFixture fixture) : IDisposable
{
    private readonly AdminHttp _http = AdminHttp.For(fixture.Server);

    public void Dispose() => _http.Dispose();

    [Theory]
    [InlineData("an object cut off", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}""")]
    [InlineData("a lone brace", "{")]
    [InlineData("plain text", "this is not json")]
    [InlineData("an array", """[{"apiVersion":"v1","kind":"ConfigMap"}]""")]
    [InlineData("a string", "\"ConfigMap\"")]
    [InlineData("garbage after the object", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}} trailing""")]
    [InlineData("a single-quoted key", """{'apiVersion':'v1'}""")]
    [InlineData("a data value that is a number", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":{"k":1}}""")]
    [InlineData("data that is an array", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":["k"]}""")]
    [InlineData("metadata that is a string", """{"apiVersion":"v1","kind":"ConfigMap","metadata":"x"}""")]
    [InlineData("labels with a number value", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x","labels":{"a":2}}}""")]
    [InlineData("kind that is a number", """{"apiVersion":"v1","kind":7,"metadata":{"name":"x"}}""")]
    public async Task Malformed_JSON_is_400_BadRequest(string because, string body)
    {
        var sentinel = await Sentinel.CreateAsync(_http, "bad-json");

        using var response = await _http.SendAsync(HttpMethod.Post, sentinel.ConfigMaps, body);

        await response.AssertStatusAsync(400, "BadRequest", because);
        await sentinel.AssertIntactAsync();
    }

    [Theory]
    [InlineData("an unclosed flow mapping", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n")]
    [InlineData("a tab for indentation", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: x\n")]
    [InlineData("a list item inside a mapping", "apiVersion: v1\nkind: ConfigMap\n- name: x\n")]
    [InlineData("an unclosed quote", "apiVersion: \"v1\nkind: ConfigMap\n")]
    [InlineData("a bad indentation", "apiVersion: v1\n  kind: ConfigMap\n metadata: x\n")]
    [InlineData("a data value that is a mapping", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  k:\n    nested: 1\n")]
    public async Task Malformed_YAML_is_400_BadRequest(string because, string body)
    {
        var sentinel = await Sentinel.CreateAsync(_http, "bad-yaml");

        using var response = await _http.SendAsync(HttpMethod.Post, sentinel.ConfigMaps, body, "application/yaml");

        await response.AssertStatusAsync(400, "BadRequest", because);
        await sentinel.AssertIntactAsync();
    }

    [Fact]
    public async Task Well_formed_YAML_is_accepted()
    {
        var sentinel = await Sentinel.CreateAsync(_http, "good-yaml");

        using var response = await _http.SendAsync(HttpMethod.Post, sentinel.ConfigMaps,
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  port: \"8080\"\n  text: |\n    two\n    lines\n", "application/yaml");

        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var stored = await _http.GetJsonAsync($"{sentinel.ConfigMaps}/from-yaml");
        Assert.Equal("8080", (string?)stored["data"]?["port"]);
        Assert.Equal("two\nlines\n", (string?)stored["data"]?["text"]);
    }

    [Fact]
    public async Task A_body_without_apiVersion_and_kind_takes_them_from_the_URL()
    {
        var sentinel = await Sentinel.CreateAsync(_http, "no-kind");

        using var response = await _http.SendAsync(HttpMethod.Post, sentinel.ConfigMaps, """{"metadata":{"name":"bare"},"data":{"k":"v"}}""");

        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var created = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("v1", (string?)created["apiVersion"]);
        Assert.Equal("ConfigMap", (string?)created["kind"]);
        await sentinel.AssertIntactAsync();
    }

    [Fact]
    public async Task An_empty_body_is_400_and_a_malformed_update_changes_nothing()
    {
        var sentinel = await Sentinel.CreateAsync(_http, "empty-body");

        using (var empty = await _http.SendAsync(HttpMethod.Post, sentinel.ConfigMaps, ""))
        {
            await empty.AssertStatusAsync(400, "BadRequest");
        }

        using (var put = await _http.SendAsync(HttpMethod.Put, sentinel.ObjectPath, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"sentinel"},"data":{"a":"""))
        {
            await put.AssertStatusAsync(400, "BadRequest");
        }

        using (var patch = await _http.SendAsync(HttpMethod.Patch, sentinel.ObjectPath, """{"data":{"a":""", "application/merge-patch+json"))
        {
            await patch.AssertStatusAsync(400, "BadRequest");
        }

        await sentinel.AssertIntactAsync();
    }
}
