using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.Tests.Security;

public class ServiceAccountTokenPipelineTests
{
    private const string Sa = """{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"viewer"}}""";

    private static string TokenRequest(long seconds = 3600, string audiences = "", string bound = "")
    {
        var spec = new JsonObject { ["expirationSeconds"] = seconds };
        if (audiences.Length > 0)
        {
            spec["audiences"] = new JsonArray(audiences);
        }
        if (bound.Length > 0)
        {
            spec["boundObjectRef"] = JsonNode.Parse(bound);
        }
        return new JsonObject { ["apiVersion"] = "authentication.k8s.io/v1", ["kind"] = "TokenRequest", ["spec"] = spec }.ToJsonString();
    }

    private static async Task<string> IssueAsync(SecurityTestHost host, string body)
    {
        var (code, response) = await host.AdminAsync(HttpMethod.Post, "/api/v1/namespaces/ns1/serviceaccounts/viewer/token", body);
        Assert.True(code == 201, response.ToJsonString());
        Assert.Equal("TokenRequest", response["kind"]!.GetValue<string>());
        return response["status"]!["token"]!.GetValue<string>();
    }

    [Fact]
    public async Task A_requested_token_authenticates_as_the_service_account()
    {
        await using var host = await SecurityTestHost.StartAsync(namespaces: "ns1");
        await host.AdminAsync(HttpMethod.Post, "/api/v1/namespaces/ns1/serviceaccounts", Sa);
        var token = await IssueAsync(host, TokenRequest());

        var (code, review) = await host.WhoAmIAsync(("Authorization", "Bearer " + token));

        Assert.Equal(201, code);
        Assert.Equal("system:serviceaccount:ns1:viewer", review["status"]!["userInfo"]!["username"]!.GetValue<string>());
        Assert.StartsWith("JTI=", review["status"]!["userInfo"]!["extra"]!["authentication.kubernetes.io/credential-id"]![0]!.GetValue<string>());
    }

    [Theory]
    [InlineData(599, "spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes")]
    [InlineData(4294967297, "spec.expirationSeconds: Invalid value: 4294967297: may not specify a duration larger than 2^32 seconds")]
    public async Task Expirations_out_of_range_are_invalid(long seconds, string cause)
    {
        await using var host = await SecurityTestHost.StartAsync(namespaces: "ns1");
        await host.AdminAsync(HttpMethod.Post, "/api/v1/namespaces/ns1/serviceaccounts", Sa);
        var (code, status) = await host.AdminAsync(HttpMethod.Post, "/api/v1/namespaces/ns1/serviceaccounts/viewer/token", TokenRequest(seconds));
        Assert.Equal(422, code);
        Assert.Contains(cause, status["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task TokenReview_reports_the_user_or_why_not()
    {
        await using var host = await SecurityTestHost.StartAsync(namespaces: "ns1");
        await host.AdminAsync(HttpMethod.Post, "/api/v1/namespaces/ns1/serviceaccounts", Sa);
        var token = await IssueAsync(host, TokenRequest(audiences: "vault"));

        var (code, ok) = await host.AdminAsync(HttpMethod.Post, "/apis/authentication.k8s.io/v1/tokenreviews",
            $$$"""{"apiVersion":"authentication.k8s.io/v1","kind":"TokenReview","spec":{"token":"{{{token}}}","audiences":["vault"]}}""");
        Assert.Equal(201, code);
        Assert.True(ok["status"]!["authenticated"]!.GetValue<bool>());
        Assert.Equal("vault", ok["status"]!["audiences"]![0]!.GetValue<string>());

        var (_, wrong) = await host.AdminAsync(HttpMethod.Post, "/apis/authentication.k8s.io/v1/tokenreviews",
            $$$"""{"apiVersion":"authentication.k8s.io/v1","kind":"TokenReview","spec":{"token":"{{{token}}}"}}""");
        Assert.Null(wrong["status"]!["authenticated"]);
        Assert.Contains("audiences", wrong["status"]!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_token_bound_to_a_secret_dies_with_it()
    {
        await using var host = await SecurityTestHost.StartAsync(namespaces: "ns1");
        await host.AdminAsync(HttpMethod.Post, "/api/v1/namespaces/ns1/serviceaccounts", Sa);
        var (_, secret) = await host.AdminAsync(HttpMethod.Post, "/api/v1/namespaces/ns1/secrets", """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"}}""");
        var uid = secret["metadata"]!["uid"]!.GetValue<string>();
        var token = await IssueAsync(host, TokenRequest(bound: $$$"""{"kind":"Secret","apiVersion":"v1","name":"s","uid":"{{{uid}}}"}"""));
        Assert.Equal(201, (await host.WhoAmIAsync(("Authorization", "Bearer " + token))).Code);

        await host.AdminAsync(HttpMethod.Delete, "/api/v1/namespaces/ns1/secrets/s");

        Assert.Equal(401, (await host.WhoAmIAsync(("Authorization", "Bearer " + token))).Code);
        Assert.Contains(host.Log.Lines, l => l.Contains("secret ns1/s the token is bound to has been deleted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_token_for_a_deleted_service_account_is_refused()
    {
        await using var host = await SecurityTestHost.StartAsync(namespaces: "ns1");
        await host.AdminAsync(HttpMethod.Post, "/api/v1/namespaces/ns1/serviceaccounts", Sa);
        var token = await IssueAsync(host, TokenRequest());
        await host.AdminAsync(HttpMethod.Delete, "/api/v1/namespaces/ns1/serviceaccounts/viewer");
        await host.AdminAsync(HttpMethod.Post, "/api/v1/namespaces/ns1/serviceaccounts", Sa);

        Assert.Equal(401, (await host.WhoAmIAsync(("Authorization", "Bearer " + token))).Code);
        Assert.Contains(host.Log.Lines, l => l.Contains("does not match the token's claim", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Binding_to_a_pod_of_another_service_account_is_a_bad_request()
    {
        await using var host = await SecurityTestHost.StartAsync(namespaces: "ns1");
        await host.AdminAsync(HttpMethod.Post, "/api/v1/namespaces/ns1/serviceaccounts", Sa);
        await host.AdminAsync(HttpMethod.Post, "/api/v1/namespaces/ns1/serviceaccounts", """{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"default"}}""");
        var (podCode, _) = await host.AdminAsync(HttpMethod.Post, "/api/v1/namespaces/ns1/pods",
            """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx"}]}}""");
        Assert.Equal(201, podCode);
        var (code, status) = await host.AdminAsync(HttpMethod.Post, "/api/v1/namespaces/ns1/serviceaccounts/viewer/token",
            TokenRequest(bound: """{"kind":"Pod","apiVersion":"v1","name":"p"}"""));
        Assert.Equal(400, code);
        Assert.Equal("cannot bind token for serviceaccount \"viewer\" to pod running with different serviceaccount name.", status["message"]!.GetValue<string>());
    }
}
