using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.Fidelity;

/// <summary>
/// <c>kubectl apply --server-side</c> on custom resources, with list and map types and value types
/// taken from the CRD's structural schema as upstream.
/// </summary>
[Collection(SharedServerCollection.Name)]
public class CustomResourceApplyTests(SharedServerFixture fixture)
{
    private const string ConflictAdvice = "Please review the fields above--they currently have other managers.";

    private async Task<(KubectlNamespace Ns, string Group)> InstallAsync(string prefix)
    {
        var group = $"{prefix}{Guid.NewGuid().ToString("N")[..6]}.e2e.dotkube.io";
        var crd = $$"""
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: gateways.{{group}}
            spec:
              group: {{group}}
              scope: Namespaced
              names: {plural: gateways, singular: gateway, kind: Gateway}
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
                        properties:
                          replicas: {type: integer}
                          ports:
                            type: array
                            x-kubernetes-list-type: map
                            x-kubernetes-list-map-keys: [name]
                            items:
                              type: object
                              required: [name]
                              properties:
                                name: {type: string}
                                port: {type: integer}
                          hosts:
                            type: array
                            items: {type: string}
            """;
        (await fixture.Server.Kubectl(["apply", "-f", "-"], crd)).EnsureSuccess();
        (await fixture.Server.Kubectl("wait", "--for=condition=established", "--timeout=10s", $"crd/gateways.{group}")).EnsureSuccess();
        return (await KubectlNamespace.CreateAsync(fixture, prefix), group);
    }

    private static string Gateway(string group, string spec) => $"""
        apiVersion: {group}/v1
        kind: Gateway
        metadata:
          name: gw
        spec:
        {spec}
        """;

    [Fact]
    public async Task Two_managers_items_of_a_map_list_merge_by_key_and_a_shared_key_conflicts_with_its_path()
    {
        var (ns, group) = await InstallAsync("ssacr");
        var http = Gateway(group, "  ports:\n  - name: http\n    port: 80");
        (await ns.RunWithInput(http, "apply", "--server-side", "--field-manager=a", "-f", "-")).EnsureSuccess();

        (await ns.RunWithInput(Gateway(group, "  ports:\n  - name: metrics\n    port: 9090"), "apply", "--server-side", "--field-manager=b", "-f", "-")).EnsureSuccess();

        Assert.Equal("http=80 metrics=9090", await ns.JsonPathAsync($"gateways.{group}/gw", "{range .spec.ports[*]}{.name}={.port} {end}") is var s ? s.Trim() : "");

        var conflict = await ns.RunWithInput(Gateway(group, "  ports:\n  - name: http\n    port: 8080"), "apply", "--server-side", "--field-manager=b", "-f", "-");
        Assert.Equal(1, conflict.ExitCode);
        Assert.StartsWith($"error: Apply failed with 1 conflict: conflict with \"a\": .spec.ports[name=\"http\"].port\n{ConflictAdvice}", conflict.Stderr);

        // Dropping its item from a's configuration removes only a's item.
        (await ns.RunWithInput(Gateway(group, "  replicas: 2"), "apply", "--server-side", "--field-manager=a", "-f", "-")).EnsureSuccess();
        Assert.Equal("metrics", await ns.JsonPathAsync($"gateways.{group}/gw", "{.spec.ports[*].name}"));
    }

    [Fact]
    public async Task A_list_without_a_list_type_is_atomic_and_replacing_it_conflicts()
    {
        var (ns, group) = await InstallAsync("ssaatomic");
        (await ns.RunWithInput(Gateway(group, "  hosts: [a.example]"), "apply", "--server-side", "--field-manager=a", "-f", "-")).EnsureSuccess();

        var conflict = await ns.RunWithInput(Gateway(group, "  hosts: [b.example]"), "apply", "--server-side", "--field-manager=b", "-f", "-");

        Assert.Equal(1, conflict.ExitCode);
        Assert.StartsWith($"error: Apply failed with 1 conflict: conflict with \"a\": .spec.hosts\n", conflict.Stderr);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_refused_as_a_typed_patch_error()
    {
        var (ns, group) = await InstallAsync("ssatype");

        var result = await ns.RunWithInput(Gateway(group, "  replicas: three"), "apply", "--server-side", "-f", "-");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            $"Error from server: failed to create typed patch object ({ns.Name}/gw; {group}/v1, Kind=Gateway): .spec.replicas: expected numeric (int or float), got string\n",
            result.Stderr);
    }
}
