using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.Aggregation;

/// <summary>
/// An extension API server behind an APIService, reached through dotkube with kubectl 1.32:
/// discovery, raw reads, `kubectl get` of its resource, the caller's identity in X-Remote-*
/// headers over the front-proxy certificate, and the Available condition.
/// </summary>
public partial class AggregatedApiTests(AggregationServerFixture fixture) : IClassFixture<AggregationServerFixture>
{
    private DotkubeServer Server => fixture.Server;

    private async Task<string> Kubectl(params string[] args) => (await Server.Kubectl(args)).EnsureSuccess().Stdout;

    private static string ApiServiceYaml(string group, string ns, string service, int port, string caBundle) => $"""
        apiVersion: apiregistration.k8s.io/v1
        kind: APIService
        metadata:
          name: {WardleBackend.Version}.{group}
        spec:
          group: {group}
          version: {WardleBackend.Version}
          groupPriorityMinimum: 1000
          versionPriority: 15
          caBundle: {caBundle}
          service:
            namespace: {ns}
            name: {service}
            port: {port}
        """;

    /// <summary>A namespace with an ExternalName service for the backend, and the backend itself.</summary>
    private async Task<(string Ns, WardleBackend Backend)> StartBackendAsync(string group)
    {
        var ns = SharedServerFixture.UniqueNamespace("agg");
        (await Server.Kubectl(["create", "namespace", ns])).EnsureSuccess();
        var requestHeaderCa = await Kubectl("get", "configmap", "-n", "kube-system", "extension-apiserver-authentication",
            "-o", "jsonpath={.data.requestheader-client-ca-file}");
        var backend = await WardleBackend.StartAsync(group, $"wardle.{ns}.svc", requestHeaderCa);
        (await Server.Kubectl(["apply", "-f", "-"], $"""
            apiVersion: v1
            kind: Service
            metadata:
              name: wardle
              namespace: {ns}
            spec:
              type: ExternalName
              externalName: 127.0.0.1
              ports:
              - port: {backend.Port}
            """)).EnsureSuccess();
        return (ns, backend);
    }

    [Fact]
    public async Task Every_built_in_group_version_has_a_local_available_APIService()
    {
        var table = await Kubectl("get", "apiservices");
        Assert.Matches(@"(?m)^v1\.\s+Local\s+True\s", table);
        Assert.Matches(@"(?m)^v1\.apps\s+Local\s+True\s", table);
        Assert.Matches(@"(?m)^v1\.apiregistration\.k8s\.io\s+Local\s+True\s", table);
        Assert.Equal("Local", await Kubectl("get", "apiservice", "v1.apps", "-o", "jsonpath={.status.conditions[?(@.type==\"Available\")].reason}"));
        Assert.Equal("17800 15", await Kubectl("get", "apiservice", "v1.apps", "-o", "jsonpath={.spec.groupPriorityMinimum} {.spec.versionPriority}"));
    }

    [Fact]
    public async Task Requests_for_an_aggregated_group_reach_the_backend_with_the_callers_identity()
    {
        var group = $"wardle{Random.Shared.Next(100000)}.example.com";
        var (ns, backend) = await StartBackendAsync(group);
        await using var _ = backend;
        var name = $"{WardleBackend.Version}.{group}";
        try
        {
            (await Server.Kubectl(["apply", "-f", "-"], ApiServiceYaml(group, ns, "wardle", backend.Port, backend.CaBundle))).EnsureSuccess();
            await Kubectl("wait", "--for=condition=Available", $"apiservice/{name}", "--timeout=30s");
            Assert.Equal("Passed", await Kubectl("get", "apiservice", name, "-o", "jsonpath={.status.conditions[?(@.type==\"Available\")].reason}"));
            Assert.Matches($@"(?m)^{name.Replace(".", "\\.", StringComparison.Ordinal)}\s+{ns}/wardle\s+True\s", await Kubectl("get", "apiservices"));

            Assert.Contains("\"flunders\"", await Kubectl("get", "--raw", $"/apis/{group}/{WardleBackend.Version}"), StringComparison.Ordinal);
            var raw = await Kubectl("get", "--raw", $"/apis/{group}/{WardleBackend.Version}/namespaces/{ns}/flunders");
            Assert.Contains("\"FlunderList\"", raw, StringComparison.Ordinal);
            var seen = backend.Requests.Last(r => r.Path.EndsWith("/flunders", StringComparison.Ordinal)).Identity;
            Assert.StartsWith("dotkube-admin|system:masters,system:authenticated|", seen, StringComparison.Ordinal);

            // Discovery (/apis and aggregated) lists the group, so kubectl resolves the resource and its short name.
            Assert.Contains(group, await Kubectl("get", "--raw", "/apis"), StringComparison.Ordinal);
            Assert.Matches(@"(?m)^flunders\s+fl\s+" + group.Replace(".", "\\.", StringComparison.Ordinal) + @"/v1alpha1\s+true\s+Flunder", await Kubectl("api-resources", "--api-group", group));
            var list = await Kubectl("get", "flunders", "-n", ns);
            Assert.Matches(@"(?m)^one\s", list);
            Assert.Matches(@"(?m)^two\s", list);
            Assert.Equal("2", await Kubectl("get", "fl", "two", "-n", ns, "-o", "jsonpath={.spec.size}"));
            var missing = await Server.Kubectl(["get", "flunders", "three", "-n", ns]);
            Assert.False(missing.Succeeded);
            Assert.Contains("NotFound", missing.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            await Server.Kubectl(["delete", "apiservice", name, "--ignore-not-found"]);
        }
    }

    [Fact]
    public async Task A_caller_dotkube_does_not_authorize_never_reaches_the_backend()
    {
        var group = $"wardle{Random.Shared.Next(100000)}.example.com";
        var (ns, backend) = await StartBackendAsync(group);
        await using var _ = backend;
        var name = $"{WardleBackend.Version}.{group}";
        try
        {
            (await Server.Kubectl(["apply", "-f", "-"], ApiServiceYaml(group, ns, "wardle", backend.Port, backend.CaBundle))).EnsureSuccess();
            await Kubectl("wait", "--for=condition=Available", $"apiservice/{name}", "--timeout=30s");
            var before = backend.Requests.Count(r => r.Path.Contains("/flunders", StringComparison.Ordinal));
            var denied = await Server.Kubectl(["get", "--raw", $"/apis/{group}/{WardleBackend.Version}/namespaces/{ns}/flunders", "--as", "nobody"]);
            Assert.False(denied.Succeeded);
            Assert.Contains("forbidden", denied.Stderr, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(before, backend.Requests.Count(r => r.Path.Contains("/flunders", StringComparison.Ordinal)));
        }
        finally
        {
            await Server.Kubectl(["delete", "apiservice", name, "--ignore-not-found"]);
        }
    }

    [Fact]
    public async Task An_APIService_whose_service_is_missing_is_unavailable_with_the_upstream_reason()
    {
        var group = $"ghost{Random.Shared.Next(100000)}.example.com";
        var ns = SharedServerFixture.UniqueNamespace("agg-missing");
        (await Server.Kubectl(["create", "namespace", ns])).EnsureSuccess();
        var name = $"{WardleBackend.Version}.{group}";
        try
        {
            (await Server.Kubectl(["apply", "-f", "-"], ApiServiceYaml(group, ns, "nothing-here", 443, "").Replace("  caBundle: \n", "", StringComparison.Ordinal))).EnsureSuccess();
            await Eventually.HoldsAsync(async () =>
            {
                var reason = await Kubectl("get", "apiservice", name, "-o", "jsonpath={.status.conditions[?(@.type==\"Available\")].reason}");
                return reason == "ServiceNotFound" ? null : $"reason is '{reason}'";
            }, TimeSpan.FromSeconds(20));
            Assert.Equal($"service/nothing-here in \"{ns}\" is not present",
                await Kubectl("get", "apiservice", name, "-o", "jsonpath={.status.conditions[?(@.type==\"Available\")].message}"));
            Assert.Contains("False (ServiceNotFound)", await Kubectl("get", "apiservice", name), StringComparison.Ordinal);
            var unavailable = await Server.Kubectl(["get", "--raw", $"/apis/{group}/{WardleBackend.Version}/namespaces/{ns}/things"]);
            Assert.False(unavailable.Succeeded);
            Assert.Contains("ServiceUnavailable", unavailable.Stderr + unavailable.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            await Server.Kubectl(["delete", "apiservice", name, "--ignore-not-found"]);
        }
    }
}
