using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.CustomResources;

/// <summary>CustomResourceDefinitions and their custom resources, driven by kubectl 1.32.</summary>
[Collection(SharedServerCollection.Name)]
public class CustomResourceKubectlTests(SharedServerFixture fixture)
{
    /// <summary>A CronTab-like CRD in a group of the test's own, so tests on the shared server never meet.</summary>
    private static (string Yaml, string Group, string Name) CronTabCrd(string prefix)
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var group = $"{prefix}{suffix}.e2e.dotkube.io";
        var yaml = $$"""
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: crontabs.{{group}}
            spec:
              group: {{group}}
              scope: Namespaced
              names:
                plural: crontabs
                singular: crontab
                kind: CronTab
                shortNames: [ct{{suffix}}]
              versions:
              - name: v1
                served: true
                storage: true
                subresources:
                  status: {}
                  scale:
                    specReplicasPath: .spec.replicas
                    statusReplicasPath: .status.replicas
                additionalPrinterColumns:
                - name: Spec
                  type: string
                  jsonPath: .spec.cronSpec
                - name: Replicas
                  type: integer
                  jsonPath: .spec.replicas
                - name: Image
                  type: string
                  priority: 1
                  jsonPath: .spec.image
                - name: Age
                  type: date
                  jsonPath: .metadata.creationTimestamp
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        x-kubernetes-validations:
                        - rule: "self.minReplicas <= self.replicas"
                          message: "replicas should be greater than or equal to minReplicas."
                        properties:
                          cronSpec:
                            type: string
                            pattern: '^(\d+|\*)(/\d+)?(\s+(\d+|\*)(/\d+)?){4}$'
                          image:
                            type: string
                            default: nginx
                          replicas:
                            type: integer
                            minimum: 1
                            maximum: 10
                          minReplicas:
                            type: integer
                            default: 1
                      status:
                        type: object
                        properties:
                          replicas:
                            type: integer
            """;
        return (yaml, group, $"crontabs.{group}");
    }

    private static string CronTab(string group, string name, string spec) => $"""
        apiVersion: {group}/v1
        kind: CronTab
        metadata:
          name: {name}
        spec:
        {spec}
        """;

    /// <summary>Installs a CRD of its own; <c>Ct</c> is its short name, <c>Resource</c> its fully qualified name.</summary>
    private async Task<(KubectlNamespace Ns, string Group, string Ct, string Resource)> InstallAsync(string prefix)
    {
        var (yaml, group, name) = CronTabCrd(prefix);
        (await fixture.Server.Kubectl(["apply", "-f", "-"], yaml)).EnsureSuccess();
        (await fixture.Server.Kubectl("wait", "--for=condition=established", "--timeout=10s", $"crd/{name}")).EnsureSuccess();
        var ns = await KubectlNamespace.CreateAsync(fixture, prefix);
        return (ns, group, "ct" + group[prefix.Length..(prefix.Length + 6)], name);
    }

    [Fact]
    public async Task A_crd_is_listed_established_and_its_objects_are_served_by_plural_singular_and_short_name()
    {
        var (ns, group, ct, resource) = await InstallAsync("life");

        var crds = (await fixture.Server.Kubectl("get", "crds")).EnsureSuccess().Stdout;
        Assert.Contains($"crontabs.{group}", crds);
        Assert.StartsWith("NAME", crds);
        Assert.Contains("CREATED AT", crds.Split('\n')[0]);

        var created = (await ns.RunWithInput(CronTab(group, "my-cron", "  cronSpec: \"* * * * */5\"\n  replicas: 3"), "apply", "-f", "-")).EnsureSuccess();
        Assert.Equal($"crontab.{group}/my-cron created\n", created.Stdout);

        foreach (var name in new[] { resource, $"crontab.{group}", ct })
        {
            var table = KubectlTable.Parse((await ns.Run("get", name)).EnsureSuccess().Stdout);
            Assert.Equal(["NAME", "SPEC", "REPLICAS", "AGE"], table.Headers);
            var row = table.Rows.Single();
            Assert.Equal(["my-cron", "* * * * */5", "3"], [row["NAME"], row["SPEC"], row["REPLICAS"]]);
        }
        var wide = KubectlTable.Parse((await ns.Run("get", ct, "-o", "wide")).EnsureSuccess().Stdout);
        Assert.Equal(["NAME", "SPEC", "REPLICAS", "IMAGE", "AGE"], wide.Headers);
        Assert.Equal("nginx", wide.Rows.Single()["IMAGE"]);
    }

    [Fact]
    public async Task An_invalid_object_is_refused_with_upstream_messages_and_exit_code_1()
    {
        var (ns, group, ct, resource) = await InstallAsync("refuse");

        var result = await ns.RunWithInput(CronTab(group, "bad", "  cronSpec: \"nope\"\n  replicas: \"string\""), "apply", "-f", "-");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\"", result.Stderr);
        Assert.Contains("spec.cronSpec: Invalid value: \"nope\": spec.cronSpec in body should match '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'", result.Stderr);
        Assert.Equal(1, (await ns.Run("get", resource, "bad")).ExitCode);
    }

    [Fact]
    public async Task An_out_of_range_value_is_refused_with_the_bound()
    {
        var (ns, group, ct, resource) = await InstallAsync("range");

        var result = await ns.RunWithInput(CronTab(group, "big", "  cronSpec: \"* * * * *\"\n  replicas: 11"), "apply", "-f", "-");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            $"The CronTab \"big\" is invalid: spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10\n",
            result.Stderr);
    }

    [Fact]
    public async Task Unknown_fields_are_refused_by_default_and_pruned_without_validation()
    {
        var (ns, group, ct, resource) = await InstallAsync("prune");
        var yaml = CronTab(group, "extra", "  cronSpec: \"* * * * *\"\n  replicas: 2\n  foo: bar");

        var strict = await ns.RunWithInput(yaml, "apply", "-f", "-");
        Assert.Equal(1, strict.ExitCode);
        Assert.Contains("CronTab in version \"v1\" cannot be handled as a CronTab: strict decoding error: unknown field \"spec.foo\"", strict.Stderr);

        (await ns.RunWithInput(yaml, "apply", "--validate=false", "-f", "-")).EnsureSuccess();
        Assert.Equal("", await ns.JsonPathAsync($"{resource}/extra", "{.spec.foo}"));
        Assert.Equal("2", await ns.JsonPathAsync($"{resource}/extra", "{.spec.replicas}"));
    }

    [Fact]
    public async Task Schema_defaults_are_applied()
    {
        var (ns, group, ct, resource) = await InstallAsync("default");

        await ns.ApplyAsync(CronTab(group, "d", "  cronSpec: \"* * * * *\"\n  replicas: 2"));

        Assert.Equal("nginx 1", await ns.JsonPathAsync($"{resource}/d", "{.spec.image} {.spec.minReplicas}"));
    }

    [Fact]
    public async Task A_failing_cel_rule_refuses_the_object_with_its_message()
    {
        var (ns, group, ct, resource) = await InstallAsync("cel");

        var result = await ns.RunWithInput(CronTab(group, "c", "  cronSpec: \"* * * * *\"\n  replicas: 2\n  minReplicas: 5"), "apply", "-f", "-");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("The CronTab \"c\" is invalid: spec: Invalid value: \"object\": replicas should be greater than or equal to minReplicas.\n", result.Stderr);
    }

    [Fact]
    public async Task Status_is_written_only_through_the_status_subresource_and_kubectl_scale_works()
    {
        var (ns, group, ct, resource) = await InstallAsync("status");
        await ns.ApplyAsync(CronTab(group, "s", "  cronSpec: \"* * * * *\"\n  replicas: 2"));

        (await ns.Run("patch", resource, "s", "--type=merge", "-p", "{\"status\":{\"replicas\":7}}")).EnsureSuccess();
        Assert.Equal("", await ns.JsonPathAsync($"{resource}/s", "{.status.replicas}"));
        (await ns.Run("patch", resource, "s", "--subresource=status", "--type=merge", "-p", "{\"status\":{\"replicas\":2}}")).EnsureSuccess();
        Assert.Equal("2 1", await ns.JsonPathAsync($"{resource}/s", "{.status.replicas} {.metadata.generation}"));

        var scaled = (await ns.Run("scale", resource, "s", "--replicas=5")).EnsureSuccess();

        Assert.Equal($"crontab.{group}/s scaled\n", scaled.Stdout);
        Assert.Equal("5 2", await ns.JsonPathAsync($"{resource}/s", "{.spec.replicas} {.metadata.generation}"));
    }

    [Fact]
    public async Task Deleting_the_crd_deletes_its_objects_and_stops_serving_them()
    {
        var (ns, group, ct, resource) = await InstallAsync("gone");
        await ns.ApplyAsync(CronTab(group, "a", "  cronSpec: \"* * * * *\"\n  replicas: 2"));

        (await fixture.Server.Kubectl("delete", "crd", $"crontabs.{group}")).EnsureSuccess();

        var crds = (await fixture.Server.Kubectl("get", "crds", "-o", "name")).EnsureSuccess().Stdout;
        Assert.DoesNotContain($"crontabs.{group}", crds);
        var result = await ns.Run("get", $"crontabs.{group}");
        Assert.Equal(1, result.ExitCode);
    }

    [CourseManifestFact("coffee-1.yaml", "coffee-3.yaml", "coffees.yaml")]
    public async Task The_course_coffee_crd_lifecycle_runs_as_written()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "coffee");
        // v1beta1 without a schema: anything goes, and the table has the default columns.
        (await fixture.Server.Kubectl("apply", "-f", CourseManifest.PathOf("coffee-1.yaml"))).EnsureSuccess();
        (await fixture.Server.Kubectl("wait", "--for=condition=established", "--timeout=10s", "crd/coffees.container.training")).EnsureSuccess();
        await ns.ApplyAsync("apiVersion: container.training/v1alpha1\nkind: Coffee\nmetadata:\n  name: anything\nspec:\n  whatever: 1\n");
        Assert.Equal(["NAME", "AGE"], KubectlTable.Parse((await ns.Run("get", "cof")).EnsureSuccess().Stdout).Headers);
        (await fixture.Server.Kubectl("delete", "-f", CourseManifest.PathOf("coffee-1.yaml"))).EnsureSuccess();
        (await fixture.Server.Kubectl("apply", "-f", CourseManifest.PathOf("coffee-3.yaml"))).EnsureSuccess();
        (await fixture.Server.Kubectl("wait", "--for=condition=established", "--timeout=10s", "crd/coffees.container.training")).EnsureSuccess();

        var applied = await ns.Run("apply", "-f", CourseManifest.PathOf("coffees.yaml"));

        // robusta has a field the schema lacks; java has no spec: both refused as upstream refuses them.
        Assert.Equal(1, applied.ExitCode);
        Assert.Contains("Coffee in version \"v1alpha1\" cannot be handled as a Coffee: strict decoding error: unknown field \"spec.bitterness\"", applied.Stderr);
        Assert.Contains("Coffee.container.training \"java\" is invalid: spec: Required value", applied.Stderr);
        var table = KubectlTable.Parse((await ns.Run("get", "cof")).EnsureSuccess().Stdout);
        Assert.Equal(["NAME", "TASTE", "AGE"], table.Headers);
        Assert.Equal(["arabica", "excelsa", "liberica"], table.Column("NAME"));
        Assert.Equal(table.Rows.Count, KubectlTable.Parse((await ns.Run("get", "coffees")).EnsureSuccess().Stdout).Rows.Count);
        (await fixture.Server.Kubectl("delete", "-f", CourseManifest.PathOf("coffee-3.yaml"))).EnsureSuccess();
    }

    [CourseManifestFact("eck-operator.yaml")]
    public async Task The_elastic_operator_crds_install_and_judge_elasticsearch_objects()
    {
        foreach (var crd in CourseManifest.DocumentsOfKind("eck-operator.yaml", "CustomResourceDefinition"))
        {
            (await fixture.Server.Kubectl(["apply", "-f", "-"], crd)).EnsureSuccess();
        }
        (await fixture.Server.Kubectl("wait", "--for=condition=established", "--timeout=10s", "crd/elasticsearches.elasticsearch.k8s.elastic.co")).EnsureSuccess();
        var ns = await KubectlNamespace.CreateAsync(fixture, "eck");
        static string Elasticsearch(string name, string count) => $"""
            apiVersion: elasticsearch.k8s.elastic.co/v1
            kind: Elasticsearch
            metadata:
              name: {name}
            spec:
              version: 7.5.1
              nodeSets:
              - name: default
                count: {count}
                config:
                  node.store.allow_mmap: false
            """;

        (await ns.RunWithInput(Elasticsearch("good", "1"), "apply", "-f", "-")).EnsureSuccess();
        var bad = await ns.RunWithInput(Elasticsearch("bad", "\"one\""), "apply", "-f", "-");

        Assert.Equal(1, bad.ExitCode);
        Assert.Equal("The Elasticsearch \"bad\" is invalid: spec.nodeSets[0].count: Invalid value: \"string\": spec.nodeSets[0].count in body must be of type integer: \"string\"\n", bad.Stderr);
        var table = KubectlTable.Parse((await ns.Run("get", "elasticsearch")).EnsureSuccess().Stdout);
        Assert.Equal(["NAME", "HEALTH", "NODES", "VERSION", "PHASE", "AGE"], table.Headers);
        Assert.Equal("7.5.1", table.Rows.Single()["VERSION"]);
    }
}
