using System.Text.Json.Nodes;
using Dotkube.E2E.BadInput;
using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.Fidelity;

/// <summary>Server-side apply through <c>/scale</c>, step by step as upstream's TestScaleAllResources.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class ScaleApplyTests(SharedServerFixture fixture) : IDisposable
{
    private readonly AdminHttp _http = AdminHttp.For(fixture.Server);

    public void Dispose() => _http.Dispose();

    private static string Valid(string kind) => """
        {"apiVersion":"apps/v1","kind":"KIND","metadata":{"name":"test"},
         "spec":{"replicas":1,"selector":{"matchLabels":{"app":"nginx"}},
          "template":{"metadata":{"labels":{"app":"nginx"}},"spec":{"containers":[{"name":"nginx","image":"nginx:latest"}]}}}}
        """.Replace("KIND", kind, StringComparison.Ordinal);

    private static string Scale(string ns, int replicas) =>
        $$$"""{"kind":"Scale","apiVersion":"autoscaling/v1","metadata":{"name":"test","namespace":"{{{ns}}}"},"spec":{"replicas":{{{replicas}}}}}""";

    private async Task<(int Replicas, List<string> Owners)> ReplicasAndOwnersAsync(string path)
    {
        using var response = await _http.SendAsync(HttpMethod.Get, path);
        var obj = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var owners = (obj["metadata"]!["managedFields"] as JsonArray ?? [])
            .Where(e => e?["fieldsV1"]?["f:spec"]?["f:replicas"] is not null)
            .Select(e => (string)e!["manager"]!)
            .ToList();
        return ((int)obj["spec"]!["replicas"]!, owners);
    }

    private async Task AssertReplicasAsync(string path, int replicas, params string[] owners)
    {
        var (got, gotOwners) = await ReplicasAndOwnersAsync(path);
        Assert.Equal(replicas, got);
        Assert.Equal(owners, gotOwners.Order(StringComparer.Ordinal));
    }

    private async Task<HttpResponseMessage> ApplyAsync(string path, string manager, string body, bool force = false) =>
        await _http.SendAsync(HttpMethod.Patch, $"{path}?fieldManager={manager}{(force ? "&force=true" : "")}", body, "application/apply-patch+yaml");

    [Theory]
    [InlineData("Deployment", "deployments")]
    [InlineData("StatefulSet", "statefulsets")]
    [InlineData("ReplicaSet", "replicasets")]
    public async Task Applying_a_scale_conflicts_takes_over_with_force_and_co_owns_an_equal_value(string kind, string resource)
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "scale-apply-" + resource[..4]);
        var path = $"/apis/apps/v1/namespaces/{ns.Name}/{resource}/test";

        using (var created = await ApplyAsync(path, "apply_test", Valid(kind)))
        {
            Assert.Equal(201, (int)created.StatusCode);
        }
        await AssertReplicasAsync(path, 1, "apply_test");

        using (var scaled = await _http.SendAsync(HttpMethod.Patch, path + "/scale?fieldManager=scale_test", """{"spec":{"replicas":5}}""", "application/merge-patch+json"))
        {
            Assert.Equal(200, (int)scaled.StatusCode);
        }
        await AssertReplicasAsync(path, 5, "scale_test");

        using (var forced = await ApplyAsync(path, "apply_test", Valid(kind), force: true))
        {
            Assert.Equal(200, (int)forced.StatusCode);
        }
        await AssertReplicasAsync(path, 1, "apply_test");

        using (var conflict = await ApplyAsync(path + "/scale", "apply_scale", Scale(ns.Name, 17)))
        {
            var status = await conflict.AssertStatusAsync(409, "Conflict");
            Assert.Equal("Apply failed with 1 conflict: conflict with \"apply_test\": .spec.replicas", (string?)status["message"]);
        }

        using (var takeover = await ApplyAsync(path + "/scale", "apply_scale", Scale(ns.Name, 17), force: true))
        {
            Assert.Equal(200, (int)takeover.StatusCode);
            var scale = JsonNode.Parse(await takeover.Content.ReadAsStringAsync())!;
            Assert.Equal(("Scale", 17), ((string)scale["kind"]!, (int)scale["spec"]!["replicas"]!));
        }
        await AssertReplicasAsync(path, 17, "apply_scale");

        using (var replaced = await _http.SendAsync(HttpMethod.Put, path + "/scale?fieldManager=replace_test", Scale(ns.Name, 7)))
        {
            Assert.Equal(200, (int)replaced.StatusCode);
        }
        await AssertReplicasAsync(path, 7, "replace_test");

        using (var coOwned = await ApplyAsync(path + "/scale", "co_owning_test", Scale(ns.Name, 7)))
        {
            Assert.Equal(200, (int)coOwned.StatusCode);
        }
        await AssertReplicasAsync(path, 7, "co_owning_test", "replace_test");

        using (var rescaled = await _http.SendAsync(HttpMethod.Patch, path + "/scale?fieldManager=scale_test", """{"spec":{"replicas":5}}""", "application/merge-patch+json"))
        {
            Assert.Equal(200, (int)rescaled.StatusCode);
        }
        await AssertReplicasAsync(path, 5, "scale_test");
    }

    [Fact]
    public async Task Kubectl_apply_server_side_to_the_scale_subresource_refuses_a_deployment_manifest_as_upstream()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "scale-kubectl");
        (await ns.Run("create", "deployment", "test", "--image=nginx")).EnsureSuccess();

        var result = await ns.RunWithInput(Valid("Deployment").Replace("\"replicas\":1", "\"replicas\":3", StringComparison.Ordinal),
            "apply", "--server-side", "--subresource=scale", "-f", "-");

        Assert.False(result.Succeeded);
        Assert.Contains("Incorrect version specified in apply patch. Specified patch version: apps/v1, expected: autoscaling/v1", result.Stderr);
    }
}
