using System.Net;
using System.Text.Json.Nodes;
using Dotkube.E2E.Harness;

namespace Dotkube.E2E.BadInput;

/// <summary>A caller without a client certificate: 401 Unauthorized, except the public health and version paths.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class AuthenticationTests(SharedServerFixture fixture) : IDisposable
{
    private readonly AdminHttp _admin = AdminHttp.For(fixture.Server);
    private readonly AdminHttp _anonymous = AdminHttp.For(fixture.Server, withClientCertificate: false);

    public void Dispose()
    {
        _admin.Dispose();
        _anonymous.Dispose();
    }

    [Theory]
    [InlineData("GET", "/api")]
    [InlineData("GET", "/apis")]
    [InlineData("GET", "/api/v1")]
    [InlineData("GET", "/api/v1/namespaces")]
    [InlineData("GET", "/api/v1/namespaces/{ns}/configmaps/sentinel")]
    [InlineData("GET", "/api/v1/namespaces/{ns}/configmaps?watch=true")]
    [InlineData("GET", "/openapi/v2")]
    [InlineData("GET", "/no/such/path")]
    [InlineData("POST", "/api/v1/namespaces/{ns}/configmaps")]
    [InlineData("PUT", "/api/v1/namespaces/{ns}/configmaps/sentinel")]
    [InlineData("PATCH", "/api/v1/namespaces/{ns}/configmaps/sentinel")]
    [InlineData("DELETE", "/api/v1/namespaces/{ns}/configmaps/sentinel")]
    // As upstream with anonymous auth on (the default): no credential is system:anonymous, whom the
    // default RBAC policy lets read only the public info paths.
    public async Task A_request_without_credentials_is_anonymous_and_forbidden(string method, string path)
    {
        var sentinel = await Sentinel.CreateAsync(_admin, "anon");
        var body = method is "POST" or "PUT" ? """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"sentinel"},"data":{"a":"anon"}}"""
            : method == "PATCH" ? """{"data":{"a":"anon"}}""" : null;
        var contentType = method == "PATCH" ? "application/merge-patch+json" : "application/json";

        using var response = await _anonymous.SendAsync(new HttpMethod(method), path.Replace("{ns}", sentinel.Namespace, StringComparison.Ordinal), body, contentType);

        var status = await response.AssertStatusAsync(403, "Forbidden", $"{method} {path}");
        Assert.Contains("User \"system:anonymous\" cannot", (string?)status["message"], StringComparison.Ordinal);
        await sentinel.AssertIntactAsync();
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/livez")]
    [InlineData("/readyz")]
    public async Task Health_paths_answer_ok_anonymously(string path)
    {
        using var response = await _anonymous.SendAsync(HttpMethod.Get, path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_version_answers_anonymously()
    {
        using var response = await _anonymous.SendAsync(HttpMethod.Get, "/version");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var version = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.StartsWith("v1.", (string?)version["gitVersion"]);
        Assert.Equal("1", (string?)version["major"]);
    }
}
