using System.Diagnostics;
using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.Admission;

/// <summary>
/// Validating and mutating admission webhooks on the shared server, driven by kubectl 1.32. Every
/// configuration selects only its test's namespace (by its kubernetes.io/metadata.name label),
/// so the other tests running beside these never reach the webhooks.
/// </summary>
[Collection(SharedServerCollection.Name)]
public class WebhooksTests(SharedServerFixture fixture)
{
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(10);

    /// <summary>A configuration of one webhook on configmaps in the namespace; <paramref name="extra"/> adds fields to the webhook.</summary>
    private static string Configuration(string kind, string name, string ns, string clientConfig, string extra = "", string apiVersion = "v1") => $$"""
        apiVersion: admissionregistration.k8s.io/{{apiVersion}}
        kind: {{kind}}
        metadata:
          name: {{name}}
        webhooks:
        - name: {{name}}.webhooks.dotkube.io
          clientConfig:
        {{clientConfig}}
          rules:
          - operations: ["CREATE", "UPDATE"]
            apiGroups: [""]
            apiVersions: ["v1"]
            resources: ["configmaps"]
          namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: {{ns}}
        {{extra}}
        """;

    private static string UrlConfig(WebhookTestServer server, string path) =>
        $"    url: {server.Url(path)}\n    caBundle: {server.CaBundle}";

    private static async Task<KubectlResult> CreateConfigMapAsync(KubectlNamespace ns, string name, params string[] extra) =>
        await ns.Run(["create", "configmap", name, "--from-literal=k=v", .. extra]);

    /// <summary>Retries until the configuration is in the server's cache and the webhook answers as expected.</summary>
    private static async Task<KubectlResult> EventuallyAsync(Func<Task<KubectlResult>> attempt, Func<KubectlResult, bool> expected)
    {
        KubectlResult? last = null;
        await Eventually.HoldsAsync(async () =>
        {
            last = await attempt();
            return expected(last) ? null : last.ToString();
        }, Propagation);
        return last!;
    }

    [Fact]
    public async Task A_validating_webhook_refuses_with_upstreams_message_and_its_warnings_reach_kubectl()
    {
        await using var server = await WebhookTestServer.StartAsync();
        var ns = await KubectlNamespace.CreateAsync(fixture, "vwh");
        var name = ns.Name + "-deny";
        await ns.ApplyAsync(Configuration("ValidatingWebhookConfiguration", name, ns.Name, UrlConfig(server, "/deny"),
            "  sideEffects: None\n  admissionReviewVersions: [\"v1\"]"));
        try
        {
            var refused = await EventuallyAsync(() => CreateConfigMapAsync(ns, "bad-one"), r => !r.Succeeded);
            Assert.Equal(
                $"error: failed to create configmap: admission webhook \"{name}.webhooks.dotkube.io\" denied the request: objects named bad-* are not welcome, bad-one",
                refused.Stderr.Trim());
            var allowed = (await CreateConfigMapAsync(ns, "good-one")).EnsureSuccess();
            Assert.Contains("Warning: checked good-one and let it pass", allowed.Stderr, StringComparison.Ordinal);
            var (_, review) = server.Reviews.Last(r => r.Path == "/deny");
            Assert.Equal("admission.k8s.io/v1", review["apiVersion"]!.GetValue<string>());
            Assert.Equal("CREATE", review["request"]!["operation"]!.GetValue<string>());
            Assert.Equal(ns.Name, review["request"]!["namespace"]!.GetValue<string>());
            Assert.Equal("configmaps", review["request"]!["resource"]!["resource"]!.GetValue<string>());
        }
        finally
        {
            await ns.Run("delete", "validatingwebhookconfiguration", name);
        }
    }

    [Fact]
    public async Task A_mutating_webhook_adds_a_label_by_json_patch_and_is_not_called_outside_its_selectors()
    {
        await using var server = await WebhookTestServer.StartAsync();
        var ns = await KubectlNamespace.CreateAsync(fixture, "mwh");
        var other = await KubectlNamespace.CreateAsync(fixture, "mwh-other");
        var name = ns.Name + "-label";
        await ns.ApplyAsync(Configuration("MutatingWebhookConfiguration", name, ns.Name, UrlConfig(server, "/label"),
            "  sideEffects: None\n  admissionReviewVersions: [\"v1beta1\", \"v1\"]\n  objectSelector:\n    matchExpressions:\n    - {key: skip, operator: DoesNotExist}"));
        try
        {
            await EventuallyAsync(async () =>
            {
                await ns.Run("delete", "configmap", "probe", "--ignore-not-found");
                (await CreateConfigMapAsync(ns, "probe")).EnsureSuccess();
                return await ns.Run("get", "configmap", "probe", "-o", "jsonpath={.metadata.labels.webhooks\\.dotkube\\.io/mutated}");
            }, r => r.Stdout == "yes");
            Assert.Equal("admission.k8s.io/v1beta1", server.Reviews.Last(r => r.Path == "/label").Review["apiVersion"]!.GetValue<string>());

            await ns.ApplyAsync("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: keeps-labels\n  labels: {app: web}\n");
            Assert.Equal("web/yes", await ns.JsonPathAsync("configmap/keeps-labels", "{.metadata.labels.app}/{.metadata.labels.webhooks\\.dotkube\\.io/mutated}"));

            await ns.ApplyAsync("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: skipped\n  labels: {skip: \"true\"}\n");
            Assert.Equal("", await ns.JsonPathAsync("configmap/skipped", "{.metadata.labels.webhooks\\.dotkube\\.io/mutated}"));

            (await CreateConfigMapAsync(other, "elsewhere")).EnsureSuccess();
            Assert.Equal("", await other.JsonPathAsync("configmap/elsewhere", "{.metadata.labels.webhooks\\.dotkube\\.io/mutated}"));
            Assert.DoesNotContain(server.Reviews, r => r.Review["request"]!["namespace"]?.GetValue<string>() == other.Name);
        }
        finally
        {
            await ns.Run("delete", "mutatingwebhookconfiguration", name);
        }
    }

    [Theory]
    [InlineData("Ignore", true)]
    [InlineData("Fail", false)]
    public async Task A_webhook_that_cannot_be_reached_is_skipped_or_refuses_as_its_failure_policy_says(string failurePolicy, bool created)
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "deadwh-" + failurePolicy.ToLowerInvariant());
        var port = FreePort.Next();
        var name = ns.Name + "-dead";
        var config = $"    url: https://127.0.0.1:{port}/nobody";
        await ns.ApplyAsync(Configuration("ValidatingWebhookConfiguration", name, ns.Name, config,
            $"  sideEffects: None\n  admissionReviewVersions: [\"v1\"]\n  failurePolicy: {failurePolicy}"));
        try
        {
            if (created)
            {
                (await CreateConfigMapAsync(ns, "anyway")).EnsureSuccess();
                return;
            }
            var refused = await EventuallyAsync(() => CreateConfigMapAsync(ns, "refused"), r => !r.Succeeded);
            Assert.Equal(
                $"error: failed to create configmap: Internal error occurred: failed calling webhook \"{name}.webhooks.dotkube.io\": failed to call webhook: Post \"https://127.0.0.1:{port}/nobody?timeout=10s\": dial tcp 127.0.0.1:{port}: connect: connection refused",
                refused.Stderr.Trim());
        }
        finally
        {
            await ns.Run("delete", "validatingwebhookconfiguration", name);
        }
    }

    [Fact]
    public async Task A_webhook_slower_than_its_timeout_fails_the_request_within_the_timeout()
    {
        await using var server = await WebhookTestServer.StartAsync();
        var ns = await KubectlNamespace.CreateAsync(fixture, "slowwh");
        var name = ns.Name + "-slow";
        await ns.ApplyAsync(Configuration("ValidatingWebhookConfiguration", name, ns.Name, UrlConfig(server, "/slow"),
            "  sideEffects: None\n  admissionReviewVersions: [\"v1\"]\n  timeoutSeconds: 1"));
        try
        {
            var refused = await EventuallyAsync(() => CreateConfigMapAsync(ns, "late"), r => !r.Succeeded);
            Assert.EndsWith($"Post \"{server.Url("/slow")}?timeout=1s\": context deadline exceeded", refused.Stderr.Trim(), StringComparison.Ordinal);
            var watch = Stopwatch.StartNew();
            Assert.False((await CreateConfigMapAsync(ns, "later")).Succeeded);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2.8), $"took {watch.Elapsed}");
        }
        finally
        {
            await ns.Run("delete", "validatingwebhookconfiguration", name);
        }
    }

    [Fact]
    public async Task A_dry_run_request_is_refused_by_a_webhook_with_unknown_side_effects_and_sent_to_one_without()
    {
        await using var server = await WebhookTestServer.StartAsync();
        var ns = await KubectlNamespace.CreateAsync(fixture, "drywh");
        var unknown = ns.Name + "-unknown";
        var none = ns.Name + "-none";
        // v1beta1 defaults sideEffects to Unknown, which v1 no longer accepts.
        await ns.ApplyAsync(Configuration("ValidatingWebhookConfiguration", unknown, ns.Name, UrlConfig(server, "/deny"),
            "  objectSelector:\n    matchLabels: {effects: unknown}", apiVersion: "v1beta1"));
        await ns.ApplyAsync(Configuration("ValidatingWebhookConfiguration", none, ns.Name, UrlConfig(server, "/deny"),
            "  sideEffects: None\n  admissionReviewVersions: [\"v1\"]\n  objectSelector:\n    matchLabels: {effects: none}"));
        try
        {
            Assert.Equal("Unknown/Ignore/30/v1beta1", (await ns.Run("get", "validatingwebhookconfiguration", unknown, "-o",
                "jsonpath={.webhooks[0].sideEffects}/{.webhooks[0].failurePolicy}/{.webhooks[0].timeoutSeconds}/{.webhooks[0].admissionReviewVersions[*]}")).EnsureSuccess().Stdout);
            var refused = await EventuallyAsync(
                () => ns.RunWithInput("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dry\n  labels: {effects: unknown}\n", "create", "--dry-run=server", "-f", "-"),
                r => !r.Succeeded);
            Assert.Equal($"Error from server (BadRequest): error when creating \"STDIN\": admission webhook \"{unknown}.webhooks.dotkube.io\" does not support dry run", refused.Stderr.Trim());

            await EventuallyAsync(
                () => ns.RunWithInput("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dry-ok\n  labels: {effects: none}\n", "create", "--dry-run=server", "-f", "-"),
                r => r.Succeeded && server.Reviews.Any(x => x.Review["request"]!["name"]?.GetValue<string>() == "dry-ok"));
            var review = server.Reviews.Last(x => x.Review["request"]!["name"]?.GetValue<string>() == "dry-ok").Review;
            Assert.True(review["request"]!["dryRun"]!.GetValue<bool>());
        }
        finally
        {
            await ns.Run("delete", "validatingwebhookconfiguration", unknown, none);
        }
    }

    [Fact]
    public async Task A_webhook_behind_an_external_name_service_is_reached_at_its_host_with_the_service_name_verified()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "svcwh");
        await using var server = await WebhookTestServer.StartAsync($"hook.{ns.Name}.svc");
        await ns.ApplyAsync("apiVersion: v1\nkind: Service\nmetadata:\n  name: hook\nspec:\n  type: ExternalName\n  externalName: localhost\n");
        var name = ns.Name + "-svc";
        var config = $"    service:\n      namespace: {ns.Name}\n      name: hook\n      path: /deny\n      port: {server.Port}\n    caBundle: {server.CaBundle}";
        await ns.ApplyAsync(Configuration("ValidatingWebhookConfiguration", name, ns.Name, config,
            "  sideEffects: None\n  admissionReviewVersions: [\"v1\"]"));
        try
        {
            var refused = await EventuallyAsync(() => CreateConfigMapAsync(ns, "bad-svc"), r => !r.Succeeded);
            Assert.Contains($"admission webhook \"{name}.webhooks.dotkube.io\" denied the request: objects named bad-* are not welcome, bad-svc", refused.Stderr, StringComparison.Ordinal);
            (await CreateConfigMapAsync(ns, "good-svc")).EnsureSuccess();
        }
        finally
        {
            await ns.Run("delete", "validatingwebhookconfiguration", name);
        }
    }
}
