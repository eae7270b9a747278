using System.Net;
using Dotkube.E2E.Harness;

namespace Dotkube.E2E.BadInput;

/// <summary>Content-Type and Accept the server cannot serve: 415 and 406 as Status objects.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class ContentNegotiationTests(SharedServerFixture fixture) : IDisposable
{
    private const string ValidConfigMap = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":{"k":"v"}}""";

    private readonly AdminHttp _http = AdminHttp.For(fixture.Server);

    public void Dispose() => _http.Dispose();

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("image/png")]
    public async Task A_body_in_an_unknown_content_type_is_415(string contentType)
    {
        var sentinel = await Sentinel.CreateAsync(_http, "bad-ctype");

        using var response = await _http.SendAsync(HttpMethod.Post, sentinel.ConfigMaps, ValidConfigMap, contentType);

        var status = await response.AssertStatusAsync(415, "UnsupportedMediaType", contentType);
        Assert.StartsWith("the body of the request was in an unknown format - accepted media types include: ", (string?)status["message"]);
        await sentinel.AssertIntactAsync();
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/json")]
    public async Task A_patch_in_a_content_type_that_is_not_a_patch_type_is_415(string contentType)
    {
        var sentinel = await Sentinel.CreateAsync(_http, "bad-patch-ctype");

        using var response = await _http.SendAsync(HttpMethod.Patch, sentinel.ObjectPath, """{"data":{"a":"changed"}}""", contentType);

        await response.AssertStatusAsync(415, "UnsupportedMediaType", contentType);
        await sentinel.AssertIntactAsync();
    }

    [Fact]
    public async Task Accepting_only_xml_is_406_NotAcceptable()
    {
        var sentinel = await Sentinel.CreateAsync(_http, "accept-xml");

        using var response = await _http.SendAsync(HttpMethod.Get, sentinel.ObjectPath, accept: "application/xml");

        var status = await response.AssertStatusAsync(406, "NotAcceptable");
        Assert.StartsWith("only the following media types are accepted: ", (string?)status["message"]);
        await sentinel.AssertIntactAsync();
    }

    [Fact]
    public async Task Accepting_protobuf_first_returns_the_object_in_kubernetes_protobuf()
    {
        // As upstream serves built-in types to client-go programs configured for protobuf.
        var sentinel = await Sentinel.CreateAsync(_http, "accept-pb");

        foreach (var accept in new[] { "application/vnd.kubernetes.protobuf", "application/vnd.kubernetes.protobuf, application/json" })
        {
            using var response = await _http.SendAsync(HttpMethod.Get, sentinel.ObjectPath, accept: accept);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/vnd.kubernetes.protobuf", response.Content.Headers.ContentType?.MediaType);
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal("k8s\0"u8.ToArray(), body[..4]);
        }

        using var jsonFirst = await _http.SendAsync(HttpMethod.Get, sentinel.ObjectPath, accept: "application/json, application/vnd.kubernetes.protobuf");
        Assert.Equal("application/json", jsonFirst.Content.Headers.ContentType?.MediaType);
        await sentinel.AssertIntactAsync();
    }

    [Fact]
    public async Task Accepting_YAML_returns_the_object_as_YAML()
    {
        var sentinel = await Sentinel.CreateAsync(_http, "accept-yaml");

        using var response = await _http.SendAsync(HttpMethod.Get, sentinel.ObjectPath, accept: "application/yaml");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/yaml", response.Content.Headers.ContentType?.MediaType);
        var yaml = await response.Content.ReadAsStringAsync();
        Assert.Contains("kind: ConfigMap", yaml);
        Assert.Contains("name: sentinel", yaml);
    }
}
