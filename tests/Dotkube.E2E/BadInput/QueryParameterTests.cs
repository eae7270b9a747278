using System.Net;
using System.Text.Json.Nodes;
using Dotkube.E2E.Harness;

namespace Dotkube.E2E.BadInput;

/// <summary>Query parameters the API does not know are ignored, as upstream's parameter decoding ignores them.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class QueryParameterTests(SharedServerFixture fixture) : IDisposable
{
    private readonly AdminHttp _http = AdminHttp.For(fixture.Server);

    public void Dispose() => _http.Dispose();

    [Theory]
    [InlineData("?foo=bar")]
    [InlineData("?foo=bar&foo=baz&x")]
    [InlineData("?%00=%ff")]
    [InlineData("?pretty=true&unknownOption=1")]
    [InlineData("?=&&&")]
    public async Task Unknown_query_parameters_are_ignored_on_get_list_create_and_patch(string query)
    {
        var sentinel = await Sentinel.CreateAsync(_http, "query");

        using (var get = await _http.SendAsync(HttpMethod.Get, sentinel.ObjectPath + query))
        {
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            Assert.Equal("sentinel", (string?)JsonNode.Parse(await get.Content.ReadAsStringAsync())!["metadata"]!["name"]);
        }

        using (var list = await _http.SendAsync(HttpMethod.Get, sentinel.ConfigMaps + query))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            Assert.Equal("ConfigMapList", (string?)JsonNode.Parse(await list.Content.ReadAsStringAsync())!["kind"]);
        }

        using (var create = await _http.SendAsync(HttpMethod.Post, sentinel.ConfigMaps + query, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"q"}}"""))
        {
            Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        }

        using (var patch = await _http.SendAsync(HttpMethod.Patch, $"{sentinel.ConfigMaps}/q{query}", """{"data":{"k":"v"}}""", "application/merge-patch+json"))
        {
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        }

        await sentinel.AssertIntactAsync();
    }

    [Theory]
    [InlineData("POST", "", "CreateOptions")]
    [InlineData("PUT", "/sentinel", "UpdateOptions")]
    [InlineData("PATCH", "/sentinel", "PatchOptions")]
    [InlineData("DELETE", "/sentinel", "DeleteOptions")]
    public async Task An_unknown_dryRun_value_is_refused_as_invalid_options_and_nothing_is_written(string method, string suffix, string optionsKind)
    {
        var sentinel = await Sentinel.CreateAsync(_http, "dryrun-" + method.ToLowerInvariant());
        var body = method switch
        {
            "POST" => """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"other"}}""",
            "PUT" => """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"sentinel"},"data":{"changed":"yes"}}""",
            "PATCH" => """{"data":{"changed":"yes"}}""",
            _ => null,
        };

        using var response = await _http.SendAsync(new HttpMethod(method), $"{sentinel.ConfigMaps}{suffix}?dryRun=All&dryRun=Once", body, method == "PATCH" ? "application/merge-patch+json" : "application/json");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Invalid", (string?)status["reason"]);
        Assert.Equal($"{optionsKind}.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: []string{{\"All\", \"Once\"}}: supported values: \"All\"", (string?)status["message"]);
        Assert.Equal(optionsKind, (string?)status["details"]!["kind"]);
        await sentinel.AssertIntactAsync();
    }
}
