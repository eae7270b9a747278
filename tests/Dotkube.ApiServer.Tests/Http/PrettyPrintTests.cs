using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authorization;
using Dotkube.ApiServer.Tests.Security;

namespace Dotkube.ApiServer.Tests.Http;

/// <summary>Upstream indents JSON for people (curl, Wget, browsers, ?pretty=true) and not for programs.</summary>
public class PrettyPrintTests
{
    [Theory]
    [InlineData("curl/7.88.1", "", true)]
    [InlineData("Wget/1.21.3", "", true)]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64)", "", true)]
    [InlineData("kubectl/v1.32.0 (linux/amd64) kubernetes/70d3cc9", "", false)]
    [InlineData("kubectl/v1.32.0 (linux/amd64) kubernetes/70d3cc9", "?pretty=true", true)]
    [InlineData("kubectl/v1.32.0 (linux/amd64) kubernetes/70d3cc9", "?pretty=1", true)]
    [InlineData("curl/7.88.1", "?pretty=false", false)]
    [InlineData("curl/7.88.1", "?pretty=nonsense", false)]
    public async Task Json_is_indented_for_people_and_compact_for_programs(string userAgent, string query, bool indented)
    {
        await using var host = await SecurityTestHost.StartAsync([new FixedAuthorizer(AuthorizationDecision.Allow)]);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces" + query);
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        using var response = await host.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(indented, text.StartsWith("{\n  \"kind\": \"NamespaceList\"", StringComparison.Ordinal));
        Assert.Equal("NamespaceList", JsonNode.Parse(text)!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_forbidden_path_for_curl_reads_as_upstream_with_empty_details()
    {
        await using var host = await SecurityTestHost.StartAsync([new FixedAuthorizer(AuthorizationDecision.NoOpinion)]);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("User-Agent", "curl/7.88.1");
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(403, (int)response.StatusCode);
        Assert.Equal("""
            {
              "kind": "Status",
              "apiVersion": "v1",
              "metadata": {},
              "status": "Failure",
              "message": "forbidden: User \"system:anonymous\" cannot get path \"/\"",
              "reason": "Forbidden",
              "details": {},
              "code": 403
            }
            """, (await response.Content.ReadAsStringAsync()).ReplaceLineEndings("\n"));
    }
}
