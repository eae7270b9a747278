using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.CustomResources;

/// <summary>
/// The Kubernetes CEL libraries in a CRD validation rule (quantity, optional syntax), a custom
/// listKind, and creates refused while the CRD terminates — as kubectl 1.32 meets them.
/// </summary>
[Collection(SharedServerCollection.Name)]
public class CelLibraryRuleTests(SharedServerFixture fixture)
{
    private static string Crd(string group) => $$"""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: caches.{{group}}
        spec:
          group: {{group}}
          scope: Namespaced
          names: {plural: caches, singular: cache, kind: Cache, listKind: CacheCollection}
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    x-kubernetes-validations:
                    - rule: "quantity(self.memory).isLessThan(quantity(self.?limit.orValue('2Gi')))"
                      messageExpression: "'memory ' + self.memory + ' must be below ' + self.?limit.orValue('2Gi')"
                    properties:
                      memory:
                        type: string
                        maxLength: 20
                        x-kubernetes-validations:
                        - rule: "isQuantity(self)"
                          message: "must be a quantity"
                      limit:
                        type: string
                        maxLength: 20
        """;

    private static string Cache(string group, string name, string spec) =>
        $"apiVersion: {group}/v1\nkind: Cache\nmetadata:\n  name: {name}\nspec:\n{spec}\n";

    private async Task<(KubectlNamespace Ns, string Group)> InstallAsync(string prefix)
    {
        var group = $"{prefix}{Guid.NewGuid().ToString("N")[..6]}.e2e.dotkube.io";
        (await fixture.Server.Kubectl(["apply", "-f", "-"], Crd(group))).EnsureSuccess();
        (await fixture.Server.Kubectl("wait", "--for=condition=established", "--timeout=10s", $"crd/caches.{group}")).EnsureSuccess();
        return (await KubectlNamespace.CreateAsync(fixture, prefix), group);
    }

    [Fact]
    public async Task A_quantity_rule_accepts_and_refuses_as_upstream_and_lists_carry_the_custom_list_kind()
    {
        var (ns, group) = await InstallAsync("celq");
        try
        {
            (await ns.RunWithInput(Cache(group, "small", "  memory: 512Mi"), "apply", "-f", "-")).EnsureSuccess();
            (await ns.RunWithInput(Cache(group, "raised", "  memory: 3Gi\n  limit: 4Gi"), "apply", "-f", "-")).EnsureSuccess();

            var big = await ns.RunWithInput(Cache(group, "big", "  memory: 3Gi"), "apply", "-f", "-");
            Assert.False(big.Succeeded);
            Assert.Contains($"The Cache \"big\" is invalid: spec: Invalid value: \"object\": memory 3Gi must be below 2Gi", big.Stderr, StringComparison.Ordinal);

            var nonsense = await ns.RunWithInput(Cache(group, "nonsense", "  memory: lots"), "apply", "-f", "-");
            Assert.False(nonsense.Succeeded);
            Assert.Contains("spec.memory: Invalid value: \"string\": must be a quantity", nonsense.Stderr, StringComparison.Ordinal);

            var list = (await ns.Run("get", "--raw", $"/apis/{group}/v1/namespaces/{ns.Name}/caches")).EnsureSuccess().Stdout;
            Assert.Contains("\"kind\":\"CacheCollection\"", list, StringComparison.Ordinal);
            var names = (await ns.JsonPathAsync($"caches.{group}", "{.items[*].metadata.name}")).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(["raised", "small"], names.Order());
        }
        finally
        {
            await fixture.Server.Kubectl(["delete", "crd", $"caches.{group}", "--ignore-not-found", "--wait=false"]);
        }
    }

    [Fact]
    public async Task Creates_are_refused_while_the_crd_is_terminating()
    {
        var (ns, group) = await InstallAsync("celterm");
        // A finalizer keeps one instance, and so the CRD, terminating.
        (await ns.RunWithInput(Cache(group, "held", "  memory: 1Gi").Replace("  name: held\n", "  name: held\n  finalizers: [e2e.dotkube.io/hold]\n", StringComparison.Ordinal), "apply", "-f", "-")).EnsureSuccess();
        try
        {
            (await fixture.Server.Kubectl("delete", "crd", $"caches.{group}", "--wait=false")).EnsureSuccess();
            (await fixture.Server.Kubectl("wait", "--for=condition=terminating", "--timeout=10s", $"crd/caches.{group}")).EnsureSuccess();

            var refused = await ns.RunWithInput(Cache(group, "late", "  memory: 1Gi"), "create", "-f", "-");

            Assert.False(refused.Succeeded);
            Assert.Contains("create not allowed while custom resource definition is terminating", refused.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            await ns.Run("patch", $"caches.{group}", "held", "--type=merge", "-p", "{\"metadata\":{\"finalizers\":null}}");
        }
    }
}
