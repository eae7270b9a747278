using System.Text;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Controllers;
using Dotkube.ApiServer.Registry;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dotkube.ApiServer.Tests.Security;

/// <summary>The service account, token and root CA controllers, one reconcile round at a time.</summary>
public class ServiceAccountControllersTests
{
    private const string Ca = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    private static async Task<JsonObject?> GetAsync(SecurityTestHost host, string plural, string ns, string name) =>
        await host.Handler.StoreFor(host.Handler.Registry.Find("", "v1", plural)!).TryGetAsync(ns, name, default);

    [Fact]
    public async Task Every_active_namespace_gets_a_default_service_account_and_the_root_ca()
    {
        await using var host = await SecurityTestHost.StartAsync(namespaces: ["ns1", "ns2"]);
        await new ServiceAccountController(host.Stores, NullLogger.Instance).ReconcileAllAsync(default);
        await new RootCaPublisher(host.Stores, Ca, NullLogger.Instance).ReconcileAllAsync(default);

        foreach (var ns in new[] { "ns1", "ns2" })
        {
            Assert.NotNull(await GetAsync(host, "serviceaccounts", ns, "default"));
            Assert.Equal(Ca, (await GetAsync(host, "configmaps", ns, "kube-root-ca.crt"))!["data"]!["ca.crt"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_token_secret_gets_its_token_and_dies_with_its_service_account()
    {
        await using var host = await SecurityTestHost.StartAsync(namespaces: "ns1");
        await host.AdminAsync(HttpMethod.Post, "/api/v1/namespaces/ns1/serviceaccounts", """{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"build"}}""");
        await host.AdminAsync(HttpMethod.Post, "/api/v1/namespaces/ns1/secrets",
            """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"build-token","annotations":{"kubernetes.io/service-account.name":"build"}},"type":"kubernetes.io/service-account-token"}""");
        var controller = new TokenController(host.Stores, host.Issuer, Ca, createSecretPerServiceAccount: false, NullLogger.Instance);

        await controller.ReconcileAllAsync(default);

        var secret = (await GetAsync(host, "secrets", "ns1", "build-token"))!;
        var token = Encoding.UTF8.GetString(Convert.FromBase64String(secret["data"]!["token"]!.GetValue<string>()));
        Assert.Equal("ns1", Encoding.UTF8.GetString(Convert.FromBase64String(secret["data"]!["namespace"]!.GetValue<string>())));
        var (code, review) = await host.WhoAmIAsync(("Authorization", "Bearer " + token));
        Assert.Equal(201, code);
        Assert.Equal("system:serviceaccount:ns1:build", review["status"]!["userInfo"]!["username"]!.GetValue<string>());

        await host.AdminAsync(HttpMethod.Delete, "/api/v1/namespaces/ns1/serviceaccounts/build");
        await controller.ReconcileAllAsync(default);
        Assert.Null(await GetAsync(host, "secrets", "ns1", "build-token"));
    }

    [Fact]
    public async Task With_legacy_secrets_every_service_account_lists_a_working_token_secret()
    {
        await using var host = await SecurityTestHost.StartAsync(namespaces: "ns1");
        await new ServiceAccountController(host.Stores, NullLogger.Instance).ReconcileAllAsync(default);
        var controller = new TokenController(host.Stores, host.Issuer, Ca, createSecretPerServiceAccount: true, NullLogger.Instance);
        await controller.ReconcileAllAsync(default);
        await controller.ReconcileAllAsync(default);

        var sa = (await GetAsync(host, "serviceaccounts", "ns1", "default"))!;
        var secretName = Assert.Single(sa["secrets"]!.AsArray())!["name"]!.GetValue<string>();
        Assert.StartsWith("default-token-", secretName);
        var secret = (await GetAsync(host, "secrets", "ns1", secretName))!;
        var token = Encoding.UTF8.GetString(Convert.FromBase64String(secret["data"]!["token"]!.GetValue<string>()));
        Assert.Equal(201, (await host.WhoAmIAsync(("Authorization", "Bearer " + token))).Code);
        var tokenSecrets = await host.Handler.StoreFor(host.Handler.Registry.Find("", "v1", "secrets")!)
            .ListAsync("ns1", new ListQuery(s => (string?)s["type"] == "kubernetes.io/service-account-token"), default);
        Assert.Single(tokenSecrets.Items);
    }
}
