using Dotkube.E2E.Harness;

namespace Dotkube.E2E.ApiVersions;

/// <summary><c>dotkube server --legacy-api-versions=false</c> serves only what Kubernetes 1.32 serves.</summary>
public class LegacyApiVersionsOffTests
{
    [Fact]
    public async Task Without_legacy_versions_v1beta1_kinds_are_unknown_to_kubectl()
    {
        await using var server = await DotkubeServer.StartAsync(new DotkubeServerOptions { ExtraArgs = ["--legacy-api-versions=false"] });

        var versions = (await server.Kubectl("api-versions")).EnsureSuccess().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain(versions, v => v.EndsWith("/v1beta1", StringComparison.Ordinal));
        Assert.Contains("apiextensions.k8s.io/v1", versions);
        var apply = await server.Kubectl(["apply", "-f", "-"], "apiVersion: rbac.authorization.k8s.io/v1beta1\nkind: ClusterRole\nmetadata:\n  name: old\nrules: []\n");
        Assert.False(apply.Succeeded);
        Assert.Contains("no matches for kind \"ClusterRole\" in version \"rbac.authorization.k8s.io/v1beta1\"", apply.Stderr);
    }
}
