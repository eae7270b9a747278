using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.Fidelity;

/// <summary>
/// kubectl's default validation (Strict) with a manifest that sets a key twice: kubectl sees that
/// the server supports field validation, skips its own checks, and sends JSON it converted from
/// the YAML (the last value kept), so the object is created, as against Kubernetes.
/// </summary>
[Collection(SharedServerCollection.Name)]
public sealed class KubectlDuplicateKeyTests(SharedServerFixture fixture)
{
    [Fact]
    public async Task Kubectl_create_of_a_manifest_with_a_repeated_key_creates_it_with_the_last_value()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "dup-kubectl");

        var result = (await ns.RunWithInput("""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
            data:
              color: blue
              color: green
            """, "create", "-f", "-", "-v=8")).EnsureSuccess();

        Assert.StartsWith("configmap/settings created", result.Stdout);
        Assert.Contains("fieldValidation=Strict", result.Stderr);
        Assert.Contains("""{"apiVersion":"v1","data":{"color":"green"},"kind":"ConfigMap",""", result.Stderr);
        Assert.Equal("green", await ns.JsonPathAsync("configmap/settings", "{.data.color}"));
    }
}
