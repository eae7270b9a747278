using System.Text.Json.Nodes;

namespace Dotkube.E2E.Security;

/// <summary>Webhook token authentication through real kubectl: the webhook's user, 401 for what it refuses, answers cached.</summary>
public sealed class TokenWebhookTests(TokenWebhookServerFixture fixture) : IClassFixture<TokenWebhookServerFixture>
{
    [Fact]
    public async Task A_token_the_webhook_admits_is_its_user_with_its_groups_and_the_answer_is_cached()
    {
        var token = "webhook-" + Guid.NewGuid().ToString("N");
        fixture.Webhook.Users[token] = ("webhook-user@example.com", ["webhook-devs", "webhook-ops"]);

        var whoami = (await fixture.KubectlWithToken(token, "auth", "whoami", "-o", "json")).EnsureSuccess();
        var user = JsonNode.Parse(whoami.Stdout)!["status"]!["userInfo"]!;
        Assert.Equal("webhook-user@example.com", user["username"]!.GetValue<string>());
        Assert.Equal("webhook-uid-1", user["uid"]!.GetValue<string>());
        Assert.Equal(["webhook-devs", "webhook-ops", "system:authenticated"], user["groups"]!.AsArray().Select(g => g!.GetValue<string>()));
        Assert.Equal("test-webhook", user["extra"]!["example.com/source"]![0]!.GetValue<string>());
        Assert.Equal("authentication.k8s.io/v1", fixture.Webhook.LastApiVersion);

        (await fixture.KubectlWithToken(token, "auth", "whoami")).EnsureSuccess();
        Assert.Equal(1, fixture.Webhook.Reviews[token]);
    }

    [Fact]
    public async Task A_token_the_webhook_does_not_know_is_401_and_that_answer_is_cached_too()
    {
        var token = "unknown-" + Guid.NewGuid().ToString("N");
        for (var i = 0; i < 2; i++)
        {
            var result = await fixture.KubectlWithToken(token, "get", "namespaces");
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("error: You must be logged in to the server (Unauthorized)", result.Stderr);
        }
        Assert.Equal(1, fixture.Webhook.Reviews[token]);
    }

    [Fact]
    public async Task A_webhook_user_is_authorized_by_RBAC_like_any_other()
    {
        var token = "rbac-" + Guid.NewGuid().ToString("N");
        var name = "webhook-rbac-" + Guid.NewGuid().ToString("N")[..8];
        fixture.Webhook.Users[token] = (name, ["webhook-readers"]);
        Assert.Contains("no", (await fixture.KubectlWithToken(token, "auth", "can-i", "list", "namespaces")).Stdout);
        // An explicit role: this server runs no controllers, so the aggregated roles (view) are empty.
        (await fixture.Server.Kubectl("create", "clusterrole", name, "--verb=list", "--resource=namespaces")).EnsureSuccess();
        (await fixture.Server.Kubectl("create", "clusterrolebinding", name, $"--clusterrole={name}", $"--user={name}")).EnsureSuccess();
        try
        {
            var answer = "";
            for (var i = 0; i < 50 && answer != "yes"; i++)
            {
                answer = (await fixture.KubectlWithToken(token, "auth", "can-i", "list", "namespaces")).Stdout.Trim();
                await Task.Delay(answer == "yes" ? 0 : 100);
            }
            Assert.Equal("yes", answer);
        }
        finally
        {
            await fixture.Server.Kubectl("delete", "clusterrolebinding", name);
            await fixture.Server.Kubectl("delete", "clusterrole", name);
        }
    }
}
