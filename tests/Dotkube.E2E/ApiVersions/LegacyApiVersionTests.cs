using System.Text.Json.Nodes;
using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.ApiVersions;

/// <summary>
/// The API versions of 2020 through real kubectl: objects written in a legacy version are stored in
/// the current one, read back in either, and every request in a legacy version gets upstream's
/// deprecation warning, which kubectl prints.
/// </summary>
[Collection(SharedServerCollection.Name)]
public class LegacyApiVersionTests(SharedServerFixture fixture)
{
    public static TheoryData<string, string, string, string> LegacyKinds => new()
    {
        {
            "rbac.authorization.k8s.io/v1beta1", "Role",
            "rules:\n- apiGroups: [\"\"]\n  resources: [pods]\n  verbs: [get]\n",
            "rbac.authorization.k8s.io/v1beta1 Role is deprecated in v1.17+, unavailable in v1.22+; use rbac.authorization.k8s.io/v1 Role"
        },
        {
            "rbac.authorization.k8s.io/v1beta1", "RoleBinding",
            "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}\nsubjects:\n- {kind: User, name: jean}\n",
            "rbac.authorization.k8s.io/v1beta1 RoleBinding is deprecated in v1.17+, unavailable in v1.22+; use rbac.authorization.k8s.io/v1 RoleBinding"
        },
        {
            "extensions/v1beta1", "Deployment",
            "spec:\n  template:\n    metadata: {labels: {app: x}}\n    spec:\n      containers: [{name: c, image: nginx}]\n",
            "extensions/v1beta1 Deployment is deprecated in v1.8+, unavailable in v1.16+; use apps/v1 Deployment"
        },
        {
            "extensions/v1beta1", "DaemonSet",
            "spec:\n  template:\n    metadata: {labels: {app: x}}\n    spec:\n      containers: [{name: c, image: nginx}]\n",
            "extensions/v1beta1 DaemonSet is deprecated in v1.8+, unavailable in v1.16+; use apps/v1 DaemonSet"
        },
        {
            "extensions/v1beta1", "ReplicaSet",
            "spec:\n  template:\n    metadata: {labels: {app: x}}\n    spec:\n      containers: [{name: c, image: nginx}]\n",
            "extensions/v1beta1 ReplicaSet is deprecated in v1.8+, unavailable in v1.16+; use apps/v1 ReplicaSet"
        },
        {
            "extensions/v1beta1", "NetworkPolicy",
            "spec:\n  podSelector: {}\n",
            "extensions/v1beta1 NetworkPolicy is deprecated in v1.9+, unavailable in v1.16+; use networking.k8s.io/v1 NetworkPolicy"
        },
        {
            "extensions/v1beta1", "Ingress",
            "spec:\n  backend: {serviceName: web, servicePort: 80}\n",
            "extensions/v1beta1 Ingress is deprecated in v1.14+, unavailable in v1.22+; use networking.k8s.io/v1 Ingress"
        },
        {
            "networking.k8s.io/v1beta1", "Ingress",
            "spec:\n  backend: {serviceName: web, servicePort: 80}\n",
            "networking.k8s.io/v1beta1 Ingress is deprecated in v1.19+, unavailable in v1.22+; use networking.k8s.io/v1 Ingress"
        },
    };

    [Theory]
    [MemberData(nameof(LegacyKinds))]
    public async Task A_namespaced_legacy_kind_is_created_with_the_deprecation_warning_and_read_in_the_current_version(
        string apiVersion, string kind, string body, string warning)
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "legacy");
        var yaml = $"apiVersion: {apiVersion}\nkind: {kind}\nmetadata:\n  name: old\n{body}";

        var created = await ns.ApplyAsync(yaml);

        Assert.Contains($"Warning: {warning}", created.Stderr);
        var current = JsonNode.Parse((await ns.Run("get", kind.ToLowerInvariant(), "old", "-o", "json")).EnsureSuccess().Stdout)!;
        Assert.NotEqual(apiVersion, current["apiVersion"]!.GetValue<string>());
        var resource = $"{Plural(kind)}.{apiVersion.Split('/')[1]}.{apiVersion.Split('/')[0]}";
        var legacy = await ns.Run("get", resource, "old", "-o", "jsonpath={.apiVersion}");
        Assert.Equal(apiVersion, legacy.EnsureSuccess().Stdout);
        Assert.Contains($"Warning: {warning}", legacy.Stderr);
    }

    [Theory]
    [InlineData("rbac.authorization.k8s.io", "v1")]
    [InlineData("storage.k8s.io", "v1")]
    [InlineData("networking.k8s.io", "v1")]
    [InlineData("policy", "v1")]
    [InlineData("admissionregistration.k8s.io", "v1")]
    [InlineData("apiextensions.k8s.io", "v1")]
    [InlineData("apiregistration.k8s.io", "v1")]
    public async Task Discovery_lists_v1beta1_after_the_current_version_which_stays_preferred(string group, string preferred)
    {
        var document = JsonNode.Parse((await fixture.Server.Kubectl("get", "--raw", $"/apis/{group}")).EnsureSuccess().Stdout)!;

        var versions = document["versions"]!.AsArray().Select(v => v!["version"]!.GetValue<string>()).ToList();
        Assert.Equal([preferred, "v1beta1"], versions);
        Assert.Equal(preferred, document["preferredVersion"]!["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task Kubectl_get_deployments_answers_apps_v1_without_ambiguity_warnings()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "legacy-pref");
        await ns.ApplyAsync("apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: old\nspec:\n  template:\n    metadata: {labels: {app: x}}\n    spec:\n      containers: [{name: c, image: nginx}]\n");

        var result = (await ns.Run("get", "deploy", "old", "-o", "jsonpath={.apiVersion}")).EnsureSuccess();

        Assert.Equal("apps/v1", result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public async Task An_extensions_deployment_keeps_the_v1beta1_defaults_and_takes_its_selector_from_the_template()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "legacy-deploy");
        await ns.ApplyAsync("apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: old\nspec:\n  template:\n    metadata: {labels: {app: old}}\n    spec:\n      containers: [{name: c, image: nginx}]\n");

        var spec = JsonNode.Parse((await ns.Run("get", "deployments.apps", "old", "-o", "json")).EnsureSuccess().Stdout)!;

        Assert.Equal("""{"matchLabels":{"app":"old"}}""", spec["spec"]!["selector"]!.ToJsonString());
        Assert.Equal("old", spec["metadata"]!["labels"]!["app"]!.GetValue<string>());
        Assert.Equal("""{"maxSurge":1,"maxUnavailable":1}""", spec["spec"]!["strategy"]!["rollingUpdate"]!.ToJsonString());
        Assert.Equal(int.MaxValue, spec["spec"]!["revisionHistoryLimit"]!.GetValue<int>());
        Assert.Equal(int.MaxValue, spec["spec"]!["progressDeadlineSeconds"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_extensions_daemonset_updates_on_delete_as_v1beta1_defaulted()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "legacy-ds");
        await ns.ApplyAsync("apiVersion: extensions/v1beta1\nkind: DaemonSet\nmetadata:\n  name: old\nspec:\n  template:\n    metadata: {labels: {app: old}}\n    spec:\n      containers: [{name: c, image: nginx}]\n");

        Assert.Equal("OnDelete", await ns.JsonPathAsync("daemonsets.apps/old", "{.spec.updateStrategy.type}"));
    }

    [Fact]
    public async Task A_v1beta1_ingress_converts_its_backends_both_ways_and_reapplies_with_a_strategic_merge_patch()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "legacy-ing");
        string Ingress(string port) => $"apiVersion: networking.k8s.io/v1beta1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  backend: {{serviceName: web, servicePort: 80}}\n  rules:\n  - host: a.example.com\n    http:\n      paths:\n      - path: /\n        backend: {{serviceName: web, servicePort: {port}}}\n";
        await ns.ApplyAsync(Ingress("http"));

        var v1 = JsonNode.Parse((await ns.Run("get", "ingresses.v1.networking.k8s.io", "web", "-o", "json")).EnsureSuccess().Stdout)!["spec"]!;
        Assert.Equal("""{"service":{"name":"web","port":{"number":80}}}""", v1["defaultBackend"]!.ToJsonString());
        var path = v1["rules"]![0]!["http"]!["paths"]![0]!;
        Assert.Equal("""{"service":{"name":"web","port":{"name":"http"}}}""", path["backend"]!.ToJsonString());
        Assert.Equal("ImplementationSpecific", path["pathType"]!.GetValue<string>());

        var reapplied = await ns.ApplyAsync(Ingress("8080"));
        Assert.Contains("ingress.networking.k8s.io/web configured", reapplied.Stdout);
        Assert.Equal("8080", await ns.JsonPathAsync("ingresses.v1beta1.networking.k8s.io/web", "{.spec.rules[0].http.paths[0].backend.servicePort}"));
        Assert.Equal("8080", await ns.JsonPathAsync("ingresses.v1.networking.k8s.io/web", "{.spec.rules[0].http.paths[0].backend.service.port.number}"));
    }

    [Fact]
    public async Task A_v1beta1_crd_is_stored_as_v1_with_its_schema_and_columns_per_version_and_folds_back()
    {
        var name = SharedServerFixture.UniqueNamespace("teas");
        var group = $"{name}.example.com";
        var yaml = $"""
            apiVersion: apiextensions.k8s.io/v1beta1
            kind: CustomResourceDefinition
            metadata:
              name: teas.{group}
            spec:
              group: {group}
              version: v1alpha1
              names:
                plural: teas
                kind: Tea
              validation:
                openAPIV3Schema:
                  type: object
                  properties:
                    spec:
                      type: object
                      properties:
                        leaf:
                          type: string
              additionalPrinterColumns:
              - name: Leaf
                type: string
                JSONPath: .spec.leaf
            """;

        var created = (await fixture.Server.Kubectl(["apply", "-f", "-"], yaml)).EnsureSuccess();

        Assert.Contains("Warning: apiextensions.k8s.io/v1beta1 CustomResourceDefinition is deprecated in v1.16+, unavailable in v1.22+; use apiextensions.k8s.io/v1 CustomResourceDefinition", created.Stderr);
        var v1 = JsonNode.Parse((await fixture.Server.Kubectl("get", "customresourcedefinitions.v1.apiextensions.k8s.io", $"teas.{group}", "-o", "json")).EnsureSuccess().Stdout)!;
        var version = v1["spec"]!["versions"]![0]!;
        Assert.Equal("v1alpha1", version["name"]!.GetValue<string>());
        Assert.Equal("string", version["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!["leaf"]!["type"]!.GetValue<string>());
        Assert.Equal(".spec.leaf", version["additionalPrinterColumns"]![0]!["jsonPath"]!.GetValue<string>());
        Assert.Equal("Namespaced", v1["spec"]!["scope"]!.GetValue<string>());
        Assert.True(v1["spec"]!["preserveUnknownFields"]!.GetValue<bool>());
        Assert.Equal("""["v1alpha1"]""", v1["status"]!["storedVersions"]!.ToJsonString());

        var v1beta1 = JsonNode.Parse((await fixture.Server.Kubectl("get", "--raw", $"/apis/apiextensions.k8s.io/v1beta1/customresourcedefinitions/teas.{group}")).EnsureSuccess().Stdout)!["spec"]!;
        Assert.Equal("v1alpha1", v1beta1["version"]!.GetValue<string>());
        Assert.Equal(".spec.leaf", v1beta1["additionalPrinterColumns"]![0]!["JSONPath"]!.GetValue<string>());
        Assert.NotNull(v1beta1["validation"]!["openAPIV3Schema"]);
        Assert.Null(v1beta1["versions"]![0]!["schema"]);
    }

    [Fact]
    public async Task A_v1_crd_without_a_schema_is_refused_as_upstream_refuses_it()
    {
        var group = $"{SharedServerFixture.UniqueNamespace("noschema")}.example.com";
        var yaml = $"apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: things.{group}\nspec:\n  group: {group}\n  scope: Namespaced\n  names: {{plural: things, kind: Thing}}\n  versions:\n  - {{name: v1, served: true, storage: true}}\n";

        var result = await fixture.Server.Kubectl(["apply", "-f", "-"], yaml);

        Assert.False(result.Succeeded);
        Assert.Contains("spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required", result.Stderr);
    }

    [Fact]
    public async Task A_v1beta1_webhook_configuration_gets_the_v1beta1_defaults()
    {
        var name = SharedServerFixture.UniqueNamespace("hook");
        var yaml = $"apiVersion: admissionregistration.k8s.io/v1beta1\nkind: ValidatingWebhookConfiguration\nmetadata:\n  name: {name}\nwebhooks:\n- name: check.example.com\n  clientConfig:\n    service: {{namespace: default, name: hook}}\n  objectSelector: {{matchLabels: {{e2e-matches: nothing}}}}\n  rules:\n  - {{operations: [CREATE], apiGroups: [\"\"], apiVersions: [v1], resources: [pods]}}\n";

        var created = (await fixture.Server.Kubectl(["apply", "-f", "-"], yaml)).EnsureSuccess();

        Assert.Contains("Warning: admissionregistration.k8s.io/v1beta1 ValidatingWebhookConfiguration is deprecated in v1.16+, unavailable in v1.22+; use admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration", created.Stderr);
        var hook = JsonNode.Parse((await fixture.Server.Kubectl("get", "validatingwebhookconfiguration", name, "-o", "json")).EnsureSuccess().Stdout)!["webhooks"]![0]!;
        Assert.Equal("Ignore", hook["failurePolicy"]!.GetValue<string>());
        Assert.Equal("Exact", hook["matchPolicy"]!.GetValue<string>());
        Assert.Equal("Unknown", hook["sideEffects"]!.GetValue<string>());
        Assert.Equal(30, hook["timeoutSeconds"]!.GetValue<int>());
        Assert.Equal("""["v1beta1"]""", hook["admissionReviewVersions"]!.ToJsonString());
        Assert.Equal(443, hook["clientConfig"]!["service"]!["port"]!.GetValue<int>());
        Assert.Equal("*", hook["rules"]![0]!["scope"]!.GetValue<string>());
        (await fixture.Server.Kubectl("delete", "validatingwebhookconfiguration", name)).EnsureSuccess();
    }

    [Fact]
    public async Task A_v1_webhook_configuration_must_name_its_side_effects_and_review_versions()
    {
        var name = SharedServerFixture.UniqueNamespace("hook-v1");
        var yaml = $"apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nmetadata:\n  name: {name}\nwebhooks:\n- name: check.example.com\n  clientConfig:\n    url: https://example.com/check\n";

        var result = await fixture.Server.Kubectl(["apply", "-f", "-"], yaml);

        Assert.False(result.Succeeded);
        Assert.Contains("webhooks[0].sideEffects: Required value", result.Stderr);
        Assert.Contains("webhooks[0].admissionReviewVersions: Required value: must specify one of v1, v1beta1", result.Stderr);
    }

    [Fact]
    public async Task A_v1beta1_apiservice_is_stored_and_listed_with_its_service()
    {
        // No such service: the aggregator reports it unavailable, as upstream; the test removes it
        // again so the shared server's discovery is whole for other tests.
        var yaml = "apiVersion: apiregistration.k8s.io/v1beta1\nkind: APIService\nmetadata:\n  name: v1beta1.metrics.example.com\nspec:\n  service: {name: metrics, namespace: kube-system}\n  group: metrics.example.com\n  version: v1beta1\n  insecureSkipTLSVerify: true\n  groupPriorityMinimum: 100\n  versionPriority: 100\n";

        var created = (await fixture.Server.Kubectl(["apply", "-f", "-"], yaml)).EnsureSuccess();

        Assert.Contains("Warning: apiregistration.k8s.io/v1beta1 APIService is deprecated in v1.19+, unavailable in v1.22+; use apiregistration.k8s.io/v1 APIService", created.Stderr);
        var table = (await fixture.Server.Kubectl("get", "apiservice", "v1beta1.metrics.example.com")).EnsureSuccess().Stdout;
        Assert.Matches(@"^NAME\s+SERVICE\s+AVAILABLE\s+AGE\nv1beta1\.metrics\.example\.com\s+kube-system/metrics\s+(Unknown|False \(ServiceNotFound\))\s+\d+s\n$", table);
        Assert.Equal("443", (await fixture.Server.Kubectl("get", "apiservice", "v1beta1.metrics.example.com", "-o", "jsonpath={.spec.service.port}")).EnsureSuccess().Stdout);
        (await fixture.Server.Kubectl("delete", "apiservice", "v1beta1.metrics.example.com")).EnsureSuccess();
    }

    [Fact]
    public async Task A_pod_security_policy_is_stored_with_its_warning_and_printed_with_the_old_columns()
    {
        var name = SharedServerFixture.UniqueNamespace("psp");
        var yaml = $"apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata:\n  name: {name}\nspec:\n  privileged: true\n  seLinux: {{rule: RunAsAny}}\n  runAsUser: {{rule: RunAsAny}}\n  fsGroup: {{rule: RunAsAny}}\n  supplementalGroups: {{rule: RunAsAny}}\n  volumes: ['*']\n";

        var created = (await fixture.Server.Kubectl(["apply", "-f", "-"], yaml)).EnsureSuccess();

        Assert.Contains("Warning: policy/v1beta1 PodSecurityPolicy is deprecated in v1.21+, unavailable in v1.25+\n", created.Stderr);
        var table = (await fixture.Server.Kubectl("get", "psp", name)).EnsureSuccess().Stdout;
        Assert.Matches($@"^NAME\s+PRIV\s+CAPS\s+SELINUX\s+RUNASUSER\s+FSGROUP\s+SUPGROUP\s+READONLYROOTFS\s+VOLUMES\n{name}\s+true\s+RunAsAny\s+RunAsAny\s+RunAsAny\s+RunAsAny\s+false\s+\*\n$", table);
        Assert.Equal("true", (await fixture.Server.Kubectl("get", "psp", name, "-o", "jsonpath={.spec.allowPrivilegeEscalation}")).EnsureSuccess().Stdout);
    }

    private static string Plural(string kind) => kind switch
    {
        "NetworkPolicy" => "networkpolicies",
        "Ingress" => "ingresses",
        _ => kind.ToLowerInvariant() + "s",
    };
}
