using System.IO.Compression;
using Dotkube.ApiServer.OpenApi;
using Dotkube.ApiServer.Registry;
using Microsoft.AspNetCore.Http;

namespace Dotkube.ApiServer.Tests.OpenApi;

public class OpenApiHandlerTests
{
    private static readonly OpenApiDocuments Documents = new(TestResources.Core);
    private static readonly OpenApiHandler Handler = new(Documents);

    private static async Task<(bool Handled, HttpResponse Response, byte[] Body)> Get(string path, string? accept = null, string query = "",
        string? ifNoneMatch = null, string? acceptEncoding = null, string method = "GET")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query);
        if (accept is not null)
        {
            context.Request.Headers.Accept = accept;
        }
        if (ifNoneMatch is not null)
        {
            context.Request.Headers.IfNoneMatch = ifNoneMatch;
        }
        if (acceptEncoding is not null)
        {
            context.Request.Headers.AcceptEncoding = acceptEncoding;
        }
        var body = new MemoryStream();
        context.Response.Body = body;
        var handled = await Handler.TryServeAsync(context);
        return (handled, context.Response, body.ToArray());
    }

    [Theory]
    [InlineData("/api/v1/pods")]
    [InlineData("/openapi")]
    [InlineData("/openapi/v2/extra")]
    [InlineData("/openapi/v4")]
    public async Task OtherPathsAreLeftAlone(string path) => Assert.False((await Get(path)).Handled);

    [Theory]
    [InlineData(null, "application/json")]
    [InlineData("*/*", "application/json")]
    [InlineData("application/json", "application/json")]
    [InlineData("application/com.github.proto-openapi.spec.v2@v1.0+protobuf", "application/com.github.proto-openapi.spec.v2.v1.0+protobuf")]
    [InlineData("application/com.github.proto-openapi.spec.v2.v1.0+protobuf", "application/com.github.proto-openapi.spec.v2.v1.0+protobuf")]
    [InlineData("application/json;q=0.5, application/com.github.proto-openapi.spec.v2@v1.0+protobuf", "application/com.github.proto-openapi.spec.v2.v1.0+protobuf")]
    [InlineData("text/html, application/*;q=0.9", "application/json")]
    public async Task V2IsNegotiatedByAccept(string? accept, string contentType)
    {
        var (handled, response, body) = await Get("/openapi/v2", accept);
        Assert.True(handled);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal(contentType, response.ContentType);
        var expected = contentType == "application/json" ? Documents.V2Json : Documents.V2Protobuf;
        Assert.Equal(expected.Content.ToArray(), body);
        Assert.Equal(Documents.V2Json.ETag, response.Headers.ETag.ToString());
        Assert.Contains("Accept", response.Headers.Vary.ToString());
    }

    [Fact]
    public void TheV2JsonEscapesAsGoDoes()
    {
        // kube-openapi marshals with encoding/json: descriptions such as "<namespace>/<name>" read \u003c...\u003e.
        var json = System.Text.Encoding.UTF8.GetString(Documents.V2Json.Content.Span);
        Assert.DoesNotContain('<', json);
        Assert.DoesNotContain('>', json);
        Assert.Contains("\\u003c", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/openapi/v2", "text/html")]
    [InlineData("/openapi/v3/api/v1", "application/com.github.proto-openapi.spec.v3.v1.0+protobuf")]
    public async Task UnservableAcceptIsNotAcceptable(string path, string accept) =>
        Assert.Equal(406, (await Get(path, accept)).Response.StatusCode);

    [Fact]
    public async Task AMatchingETagIsNotModified()
    {
        var (_, response, body) = await Get("/openapi/v2", ifNoneMatch: Documents.V2Json.ETag);
        Assert.Equal(304, response.StatusCode);
        Assert.Empty(body);
        var (_, stale, _) = await Get("/openapi/v2", ifNoneMatch: "\"0123\"");
        Assert.Equal(200, stale.StatusCode);
    }

    [Fact]
    public async Task TheV3IndexIsJson()
    {
        var (_, response, body) = await Get("/openapi/v3");
        Assert.Equal(("application/json", 200), (response.ContentType, response.StatusCode));
        Assert.Equal(Documents.V3Index.Content.ToArray(), body);
    }

    [Fact]
    public async Task AV3DocumentWithItsHashIsImmutable()
    {
        var document = Documents.V3("apis/apps/v1")!;
        var (_, response, body) = await Get("/openapi/v3/apis/apps/v1", "application/json", "?hash=" + document.Hash);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("public, immutable", response.Headers.CacheControl.ToString());
        Assert.NotEmpty(response.Headers.Expires.ToString());
        Assert.Equal(document.Content.ToArray(), body);
    }

    [Fact]
    public async Task AV3DocumentWithoutAHashIsServedWithoutCaching()
    {
        var (_, response, _) = await Get("/openapi/v3/api/v1");
        Assert.Equal(200, response.StatusCode);
        Assert.Empty(response.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task AStaleHashRedirectsToTheCurrentDocument()
    {
        var (_, response, _) = await Get("/openapi/v3/apis/apps/v1", "application/json", "?hash=ABC");
        Assert.Equal(301, response.StatusCode);
        Assert.Equal("/openapi/v3/apis/apps/v1?hash=" + Documents.V3("apis/apps/v1")!.Hash, response.Headers.Location.ToString());
    }

    [Fact]
    public async Task AnUnknownGroupVersionIsNotFound() =>
        Assert.Equal(404, (await Get("/openapi/v3/apis/nope.example.com/v1")).Response.StatusCode);

    [Fact]
    public async Task ClientsThatAcceptGzipGetItCompressed()
    {
        var (_, response, body) = await Get("/openapi/v2", acceptEncoding: "gzip, deflate");
        Assert.Equal("gzip", response.Headers.ContentEncoding.ToString());
        using var gzip = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        var plain = new MemoryStream();
        gzip.CopyTo(plain);
        Assert.Equal(Documents.V2Json.Content.ToArray(), plain.ToArray());
    }

    [Fact]
    public async Task HeadSendsHeadersOnly()
    {
        var (_, response, body) = await Get("/openapi/v2", method: "HEAD");
        Assert.Equal(200, response.StatusCode);
        Assert.Equal(Documents.V2Json.Content.Length, response.ContentLength);
        Assert.Empty(body);
    }

    [Fact]
    public async Task WritesAreNotAllowed() => Assert.Equal(405, (await Get("/openapi/v2", method: "POST")).Response.StatusCode);

    [Fact]
    public async Task SwappedDocumentsAreServedAtOnce()
    {
        var handler = new OpenApiHandler(Documents);
        var more = new OpenApiDocuments([.. TestResources.Core, TestResources.CronTabs]);
        handler.Documents = more;
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = "/openapi/v3/apis/stable.example.com/v1";
        context.Response.Body = new MemoryStream();
        Assert.True(await handler.TryServeAsync(context));
        Assert.Equal(200, context.Response.StatusCode);
    }

    [Fact]
    public async Task ARegistryBackedHandlerRebuildsAfterTheRegistryChanges()
    {
        var registry = new ResourceRegistry();
        registry.RegisterAll(TestResources.Core);
        var handler = new OpenApiHandler(registry);
        var before = handler.Documents;
        Assert.Same(before, handler.Documents);
        Assert.Null(before.V3("apis/stable.example.com/v1"));

        registry.Register(TestResources.CronTabs);
        var after = handler.Documents;
        Assert.NotSame(before, after);
        Assert.NotNull(after.V3("apis/stable.example.com/v1"));
        // Group versions the change did not touch keep their hash, so clients keep their cached copies.
        Assert.Equal(before.V3("apis/apps/v1")!.Hash, after.V3("apis/apps/v1")!.Hash);

        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = "/openapi/v3/apis/stable.example.com/v1";
        context.Response.Body = new MemoryStream();
        Assert.True(await handler.TryServeAsync(context));
        Assert.Equal(200, context.Response.StatusCode);
    }
}
