using System.Text.Json.Nodes;
using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.Aggregation;

/// <summary>The backend's OpenAPI merged into /openapi/v2 and listed in /openapi/v3, so kubectl explain works.</summary>
public partial class AggregatedApiTests
{
    [Fact]
    public async Task The_backends_OpenAPI_is_merged_so_kubectl_explain_describes_its_kind_from_v3_and_v2()
    {
        var group = $"wardle{Random.Shared.Next(100000)}.example.com";
        var (ns, backend) = await StartBackendAsync(group);
        await using var _ = backend;
        var name = $"{WardleBackend.Version}.{group}";
        var groupVersion = $"{group}/{WardleBackend.Version}";
        try
        {
            (await Server.Kubectl(["apply", "-f", "-"], ApiServiceYaml(group, ns, "wardle", backend.Port, backend.CaBundle))).EnsureSuccess();
            await Kubectl("wait", "--for=condition=Available", $"apiservice/{name}", "--timeout=30s");

            // /openapi/v3 lists the group-version with the backend's own URL, which the proxy serves.
            await Eventually.HoldsAsync(async () =>
            {
                var index = JsonNode.Parse(await Kubectl("get", "--raw", "/openapi/v3"))!;
                return index["paths"]?[$"apis/{groupVersion}"]?["serverRelativeURL"]?.GetValue<string>() == $"/openapi/v3/apis/{groupVersion}?hash=WARDLE0123456789"
                    ? null : "not listed yet";
            }, TimeSpan.FromSeconds(20));
            Assert.Null(JsonNode.Parse(await Kubectl("get", "--raw", "/openapi/v3"))!["paths"]?["version"]);

            // kubectl 1.32 explains from v3 by default, and from v2 (protobuf) on request.
            var explained = await Kubectl("explain", "flunders.spec", "--api-version", groupVersion);
            Assert.Contains(WardleOpenApi.SizeDescription, explained, StringComparison.Ordinal);
            var fromV2 = await Kubectl("explain", "flunders.spec", "--api-version", groupVersion, "--output", "plaintext-openapiv2");
            Assert.Contains(WardleOpenApi.SizeDescription, fromV2, StringComparison.Ordinal);

            // /openapi/v2 JSON: the backend's /apis paths and definitions are in, its other paths are not.
            var v2 = JsonNode.Parse(await Kubectl("get", "--raw", "/openapi/v2"))!;
            Assert.NotNull(v2["paths"]![$"/apis/{groupVersion}/namespaces/{{namespace}}/flunders/{{name}}"]);
            Assert.Null(v2["paths"]!["/version/"]);
            var flunder = v2["definitions"]![$"{WardleOpenApi.DefinitionPrefix(group, WardleBackend.Version)}.Flunder"]!;
            Assert.Equal("Flunder", flunder["x-kubernetes-group-version-kind"]![0]!["kind"]!.GetValue<string>());
            Assert.NotNull(v2["paths"]!["/api/v1/namespaces/{namespace}/pods"]);

            // Deleting the APIService takes its paths out again.
            (await Server.Kubectl(["delete", "apiservice", name])).EnsureSuccess();
            await Eventually.HoldsAsync(async () =>
            {
                var after = JsonNode.Parse(await Kubectl("get", "--raw", "/openapi/v2"))!;
                return after["paths"]![$"/apis/{groupVersion}/namespaces/{{namespace}}/flunders/{{name}}"] is null ? null : "still merged";
            }, TimeSpan.FromSeconds(20));
        }
        finally
        {
            await Server.Kubectl(["delete", "apiservice", name, "--ignore-not-found"]);
        }
    }
}
