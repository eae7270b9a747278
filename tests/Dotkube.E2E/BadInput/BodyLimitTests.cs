using System.Net;
using System.Text;
using Dotkube.E2E.Harness;

namespace Dotkube.E2E.BadInput;

/// <summary>Bodies too large or too deep: refused as upstream refuses them, and the server keeps serving.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class BodyLimitTests(SharedServerFixture fixture) : IDisposable
{
    /// <summary>kube-apiserver's --max-request-body-bytes default.</summary>
    private const int MaxRequestBodyBytes = 3 * 1024 * 1024;

    private readonly AdminHttp _http = AdminHttp.For(fixture.Server);

    public void Dispose() => _http.Dispose();

    private static byte[] ConfigMapWithValueOf(int valueBytes, string name = "big") =>
        Encoding.UTF8.GetBytes($$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"},"data":{"blob":"{{{new string('x', valueBytes)}}}"}}""");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_over_3_MiB_is_413_RequestEntityTooLarge(bool chunked)
    {
        var sentinel = await Sentinel.CreateAsync(_http, "too-large");
        var body = ConfigMapWithValueOf(MaxRequestBodyBytes);

        // Expect: 100-continue lets the server answer before the body is sent, as clients of a limit do.
        using var response = await _http.SendAsync(HttpMethod.Post, sentinel.ConfigMaps, body, chunked: chunked, expectContinue: true);

        var status = await response.AssertStatusAsync(413, "RequestEntityTooLarge");
        Assert.Equal($"Request entity too large: limit is {MaxRequestBodyBytes}", (string?)status["message"]);
        using (var get = await _http.SendAsync(HttpMethod.Get, $"{sentinel.ConfigMaps}/big"))
        {
            await get.AssertStatusAsync(404, "NotFound");
        }

        await sentinel.AssertIntactAsync();
    }

    [Fact]
    public async Task A_config_map_over_1_MiB_of_data_within_the_body_limit_is_422_on_the_whole_object()
    {
        var sentinel = await Sentinel.CreateAsync(_http, "cm-too-big");

        using var response = await _http.SendAsync(HttpMethod.Post, sentinel.ConfigMaps, ConfigMapWithValueOf(2 * 1024 * 1024));

        // Upstream reports a ConfigMap's total size on the empty path (the whole object), a Secret's on data.
        var status = await response.AssertStatusAsync(422, "Invalid");
        HttpResponseExtensions.AssertCause(status, "", "FieldValueTooLong");
        await sentinel.AssertIntactAsync();
    }

    [Fact]
    public async Task A_secret_over_1_MiB_of_data_is_422_on_data()
    {
        var sentinel = await Sentinel.CreateAsync(_http, "secret-too-big");
        var body = $$$"""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"big"},"stringData":{"blob":"{{{new string('x', 1_100_000)}}}"}}""";

        using var response = await _http.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{sentinel.Namespace}/secrets", body);

        var status = await response.AssertStatusAsync(422, "Invalid");
        HttpResponseExtensions.AssertCause(status, "data", "FieldValueTooLong");
        await sentinel.AssertIntactAsync();
    }

    private static string Nested(int depth, string name)
    {
        var text = new StringBuilder();
        text.Append($$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{name}}"},"data":{"k":"v"},"extra":""");
        text.Insert(text.Length, "{\"a\":", depth).Append('1').Append('}', depth).Append('}');
        return text.ToString();
    }

    [Fact]
    public async Task JSON_nested_past_10000_levels_is_400_BadRequest()
    {
        var sentinel = await Sentinel.CreateAsync(_http, "too-deep");

        using var response = await _http.SendAsync(HttpMethod.Post, sentinel.ConfigMaps, Nested(10_001, "deep"));

        await response.AssertStatusAsync(400, "BadRequest");
        await sentinel.AssertIntactAsync();
    }

    [Fact]
    public async Task An_unknown_field_nested_1000_levels_is_dropped_with_a_warning_as_upstream_drops_unknown_fields()
    {
        var sentinel = await Sentinel.CreateAsync(_http, "deep-ok");

        // Go's decoder allows 10,000 levels; the unknown top-level field is then dropped (fieldValidation=Warn by default).
        using var response = await _http.SendAsync(HttpMethod.Post, sentinel.ConfigMaps, Nested(1_000, "deep"));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {HttpResponseExtensions.Shorten(body)}");
        var warnings = response.Headers.TryGetValues("Warning", out var w) ? string.Join(" | ", w) : "";
        Assert.Contains("unknown field \\\"extra\\\"", warnings);
        var stored = await _http.GetJsonAsync($"{sentinel.ConfigMaps}/deep");
        Assert.Null(stored["extra"]);
        Assert.Equal("v", (string?)stored["data"]?["k"]);
        await sentinel.AssertIntactAsync();
    }

    [Fact]
    public async Task Deep_nesting_in_a_patch_is_refused_without_harm()
    {
        var sentinel = await Sentinel.CreateAsync(_http, "deep-patch");
        var patch = new StringBuilder("{\"data\":").Insert(8, "{\"a\":", 10_001).Append('1').Append('}', 10_001).Append('}').ToString();

        using var response = await _http.SendAsync(HttpMethod.Patch, sentinel.ObjectPath, patch, "application/merge-patch+json");

        await response.AssertStatusAsync(400, "BadRequest");
        await sentinel.AssertIntactAsync();
    }
}
