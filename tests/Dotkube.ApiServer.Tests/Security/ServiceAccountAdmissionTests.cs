using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.Tests.Security;

public class ServiceAccountAdmissionTests
{
    private const string Pod = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx"}],"initContainers":[{"name":"i","image":"busybox"}]}}""";

    private static async Task<SecurityTestHost> HostWithDefaultAsync(string saBody = """{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"default"}}""")
    {
        var host = await SecurityTestHost.StartAsync(namespaces: "ns1");
        await host.AdminAsync(HttpMethod.Post, "/api/v1/namespaces/ns1/serviceaccounts", saBody);
        return host;
    }

    [Fact]
    public async Task A_new_pod_gets_the_default_account_and_the_projected_token_volume()
    {
        await using var host = await HostWithDefaultAsync();
        var (code, pod) = await host.AdminAsync(HttpMethod.Post, "/api/v1/namespaces/ns1/pods", Pod);
        Assert.Equal(201, code);
        Assert.Equal("default", pod["spec"]!["serviceAccountName"]!.GetValue<string>());
        var volume = Assert.Single(pod["spec"]!["volumes"]!.AsArray())!.AsObject();
        var name = volume["name"]!.GetValue<string>();
        Assert.Matches("^kube-api-access-[a-z0-9]{5}$", name);
        var sources = volume["projected"]!["sources"]!.AsArray();
        Assert.Equal(3607, sources[0]!["serviceAccountToken"]!["expirationSeconds"]!.GetValue<long>());
        Assert.Equal("kube-root-ca.crt", sources[1]!["configMap"]!["name"]!.GetValue<string>());
        Assert.Equal("metadata.namespace", sources[2]!["downwardAPI"]!["items"]![0]!["fieldRef"]!["fieldPath"]!.GetValue<string>());
        foreach (var list in new[] { "containers", "initContainers" })
        {
            var mount = Assert.Single(pod["spec"]![list]![0]!["volumeMounts"]!.AsArray())!;
            Assert.Equal((name, "/var/run/secrets/kubernetes.io/serviceaccount", true),
                (mount["name"]!.GetValue<string>(), mount["mountPath"]!.GetValue<string>(), mount["readOnly"]!.GetValue<bool>()));
        }
    }

    [Theory]
    [InlineData("the pod", """{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"default"}}""", true)]
    [InlineData("the service account", """{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"default"},"automountServiceAccountToken":false}""", false)]
    public async Task Automounting_can_be_turned_off(string where, string sa, bool onPod)
    {
        await using var host = await HostWithDefaultAsync(sa);
        var body = JsonNode.Parse(Pod)!;
        if (onPod)
        {
            body["spec"]!["automountServiceAccountToken"] = false;
        }
        var (code, pod) = await host.AdminAsync(HttpMethod.Post, "/api/v1/namespaces/ns1/pods", body.ToJsonString());
        Assert.Equal(201, code);
        Assert.True(pod["spec"]!["volumes"] is null, where);
    }

    [Fact]
    public async Task A_pod_naming_a_missing_service_account_is_forbidden()
    {
        await using var host = await HostWithDefaultAsync();
        var body = JsonNode.Parse(Pod)!;
        body["spec"]!["serviceAccountName"] = "ghost";
        var (code, status) = await host.AdminAsync(HttpMethod.Post, "/api/v1/namespaces/ns1/pods", body.ToJsonString());
        Assert.Equal(403, code);
        Assert.Equal("pods \"p\" is forbidden: error looking up service account ns1/ghost: serviceaccount \"ghost\" not found", status["message"]!.GetValue<string>());
    }
}
