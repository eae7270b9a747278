using Dotkube.E2E.Harness;

namespace Dotkube.E2E.BadInput;

/// <summary>A body whose apiVersion, kind, namespace or name disagrees with the URL it was sent to.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class MismatchTests(SharedServerFixture fixture) : IDisposable
{
    private readonly AdminHttp _http = AdminHttp.For(fixture.Server);

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task An_apiVersion_of_the_same_group_but_another_version_is_400_with_upstream_text()
    {
        var sentinel = await Sentinel.CreateAsync(_http, "gv-mismatch");
        // Decodes fine (both versions convert to the one internal HPA), then fails the version check.
        var v2 = """
            {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"h"},
             "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"maxReplicas":3}}
            """;

        using var response = await _http.SendAsync(HttpMethod.Post, $"/apis/autoscaling/v1/namespaces/{sentinel.Namespace}/horizontalpodautoscalers", v2);

        var status = await response.AssertStatusAsync(400, "BadRequest");
        Assert.Equal("the API version in the data (autoscaling/v2) does not match the expected API version (autoscaling/v1)", (string?)status["message"]);
        await sentinel.AssertIntactAsync();
    }

    [Fact]
    public async Task An_apiVersion_from_another_group_is_400()
    {
        var sentinel = await Sentinel.CreateAsync(_http, "group-mismatch");

        using var response = await _http.SendAsync(HttpMethod.Post, sentinel.ConfigMaps,
            """{"apiVersion":"apps/v1","kind":"ConfigMap","metadata":{"name":"x"},"data":{"k":"v"}}""");

        // Upstream cannot even decode it: apps/v1 has no ConfigMap, so the message is the decoder's,
        // `ConfigMap in version "apps/v1" cannot be handled as a ConfigMap: no kind "ConfigMap" is registered for version "apps/v1" ...`.
        var status = await response.AssertStatusAsync(400, "BadRequest");
        Assert.StartsWith("ConfigMap in version \"apps/v1\" cannot be handled as a ConfigMap", (string?)status["message"]);
        await sentinel.AssertIntactAsync();
    }

    [Fact]
    public async Task A_kind_that_does_not_match_the_resource_is_400()
    {
        var sentinel = await Sentinel.CreateAsync(_http, "kind-mismatch");

        using var response = await _http.SendAsync(HttpMethod.Post, sentinel.ConfigMaps,
            """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"x"},"stringData":{"k":"v"}}""");

        // Upstream decodes a v1 Secret and fails to convert it into a ConfigMap.
        var status = await response.AssertStatusAsync(400, "BadRequest");
        Assert.StartsWith("Secret in version \"v1\" cannot be handled as a ConfigMap", (string?)status["message"]);
        using (var get = await _http.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{sentinel.Namespace}/secrets/x"))
        {
            await get.AssertStatusAsync(404, "NotFound");
        }

        await sentinel.AssertIntactAsync();
    }

    [Fact]
    public async Task A_namespace_in_the_body_that_is_not_the_URL_namespace_is_400()
    {
        var sentinel = await Sentinel.CreateAsync(_http, "ns-mismatch");

        using var response = await _http.SendAsync(HttpMethod.Post, sentinel.ConfigMaps,
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x","namespace":"elsewhere"}}""");

        var status = await response.AssertStatusAsync(400, "BadRequest");
        Assert.Equal("the namespace of the provided object does not match the namespace sent on the request", (string?)status["message"]);
        await sentinel.AssertIntactAsync();
    }

    [Fact]
    public async Task A_name_in_the_body_that_is_not_the_URL_name_is_400_on_update()
    {
        var sentinel = await Sentinel.CreateAsync(_http, "name-mismatch");

        using var response = await _http.SendAsync(HttpMethod.Put, sentinel.ObjectPath,
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"other"},"data":{"a":"changed"}}""");

        var status = await response.AssertStatusAsync(400, "BadRequest");
        Assert.Equal("the name of the object (other) does not match the name on the URL (sentinel)", (string?)status["message"]);
        await sentinel.AssertIntactAsync();
    }
}
