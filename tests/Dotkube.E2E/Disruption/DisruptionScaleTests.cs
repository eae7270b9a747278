using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.Disruption;

/// <summary>
/// The disruption controller beyond the built-in workloads: the scale of a custom resource through
/// its /scale subresource, an owner without one, and the reset of a stale DisruptionTarget condition.
/// </summary>
[Collection(SharedServerCollection.Name)]
public class DisruptionScaleTests(SharedServerFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static string Pod(string name, string ownerApiVersion, string ownerKind, string ownerName, string ownerUid) => $$"""
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{name}}
          labels: {app: web}
          ownerReferences: [{apiVersion: {{ownerApiVersion}}, kind: {{ownerKind}}, name: {{ownerName}}, uid: {{ownerUid}}, controller: true}]
        spec:
          containers: [{name: web, image: nginx}]

        """;

    private const string Budget = """
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: web}
        spec:
          maxUnavailable: 1
          selector: {matchLabels: {app: web}}
        """;

    [Fact]
    public async Task A_budget_over_pods_of_a_custom_resource_with_scale_counts_its_replicas()
    {
        var group = $"scale{Guid.NewGuid().ToString("N")[..6]}.e2e.dotkube.io";
        (await fixture.Server.Kubectl(["apply", "-f", "-"], $$$"""
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: pools.{{{group}}}
            spec:
              group: {{{group}}}
              scope: Namespaced
              names: {plural: pools, singular: pool, kind: Pool}
              versions:
              - name: v1
                served: true
                storage: true
                subresources:
                  status: {}
                  scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas}
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        properties:
                          replicas: {type: integer}
                      status:
                        type: object
                        properties:
                          replicas: {type: integer}
            """)).EnsureSuccess();
        (await fixture.Server.Kubectl("wait", "--for=condition=established", "--timeout=10s", $"crd/pools.{group}")).EnsureSuccess();
        var ns = await KubectlNamespace.CreateAsync(fixture, "pdb-scale");
        await ns.ApplyAsync($"apiVersion: {group}/v1\nkind: Pool\nmetadata: {{name: web}}\nspec: {{replicas: 4}}\n");
        var uid = await ns.JsonPathAsync($"pools.{group}/web", "{.metadata.uid}");
        await ns.ApplyAsync(Pod("web-0", $"{group}/v1", "Pool", "web", uid) + Pod("web-1", $"{group}/v1", "Pool", "web", uid) + Budget);
        (await ns.Run("wait", "--for=condition=Ready", "pod/web-0", "pod/web-1", "--timeout=30s")).EnsureSuccess();

        // expectedPods is the Pool's 4 replicas, not the 2 pods.
        await Eventually.HoldsAsync(async () =>
        {
            var state = await ns.JsonPathAsync("pdb/web", "{.status.expectedPods}/{.status.desiredHealthy}/{.status.currentHealthy}/{.status.disruptionsAllowed}");
            return state == "4/3/2/0" ? null : state;
        }, Timeout);

        // A scale change is read on the budget's next sync (here: a pod's change).
        (await ns.Run("scale", $"pools.{group}/web", "--replicas=2")).EnsureSuccess();
        (await ns.Run("label", "pod/web-0", "touched=yes")).EnsureSuccess();
        await Eventually.HoldsAsync(async () =>
        {
            var state = await ns.JsonPathAsync("pdb/web", "{.status.expectedPods}/{.status.disruptionsAllowed}");
            return state == "2/1" ? null : state;
        }, Timeout);
        (await fixture.Server.Kubectl("delete", "crd", $"pools.{group}", "--wait=false")).EnsureSuccess();
    }

    [Fact]
    public async Task A_budget_over_pods_of_an_owner_without_scale_fails_safe_with_upstreams_message()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "pdb-noscale");
        await ns.ApplyAsync("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: owner}\n");
        var uid = await ns.JsonPathAsync("configmap/owner", "{.metadata.uid}");
        await ns.ApplyAsync(Pod("web-0", "v1", "ConfigMap", "owner", uid) + Budget);
        await Eventually.HoldsAsync(async () =>
        {
            var events = (await ns.Run("get", "events", "--field-selector", "reason=CalculateExpectedPodCountFailed", "-o", "jsonpath={.items[*].message}")).EnsureSuccess().Stdout;
            return events == "Failed to calculate the number of expected pods: configmaps does not implement the scale subresource" ? null : "events: " + events;
        }, Timeout);
        Assert.Equal("False/SyncFailed/configmaps does not implement the scale subresource", await ns.JsonPathAsync("pdb/web",
            "{.status.conditions[?(@.type==\"DisruptionAllowed\")].status}/{.status.conditions[?(@.type==\"DisruptionAllowed\")].reason}/{.status.conditions[?(@.type==\"DisruptionAllowed\")].message}"));
    }

    [Fact]
    public async Task A_DisruptionTarget_condition_older_than_two_minutes_on_a_pod_not_deleted_is_reset_to_False()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "pdb-stale");
        await ns.ApplyAsync("apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: web, image: nginx}]\n");
        (await ns.Run("wait", "--for=condition=Ready", "pod/web", "--timeout=30s")).EnsureSuccess();
        var threeMinutesAgo = DateTime.UtcNow.AddMinutes(-3).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        (await ns.Run("patch", "pod", "web", "--subresource=status", "-p",
            $$$"""{"status":{"conditions":[{"type":"DisruptionTarget","status":"True","reason":"EvictionByEvictionAPI","message":"Eviction API: evicting","lastTransitionTime":"{{{threeMinutesAgo}}}"}]}}""")).EnsureSuccess();
        await Eventually.HoldsAsync(async () =>
        {
            var state = await ns.JsonPathAsync("pod/web", "{.status.conditions[?(@.type==\"DisruptionTarget\")].status}");
            return state == "False" ? null : "DisruptionTarget is " + state;
        }, Timeout);
        // Only status and time are the controller's: reason and message stay as they were (server-side apply).
        Assert.Equal("EvictionByEvictionAPI/Eviction API: evicting", await ns.JsonPathAsync("pod/web",
            "{.status.conditions[?(@.type==\"DisruptionTarget\")].reason}/{.status.conditions[?(@.type==\"DisruptionTarget\")].message}"));
        Assert.Contains("DisruptionController", await ns.JsonPathAsync("pod/web", "{.metadata.managedFields[*].manager}"), StringComparison.Ordinal);
    }
}
