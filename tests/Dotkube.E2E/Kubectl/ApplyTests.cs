using System.Text.Json.Nodes;
using Dotkube.E2E.Harness;

namespace Dotkube.E2E.KubectlCli;

/// <summary>
/// Client-side <c>kubectl apply</c>: create, no-op, three-way strategic merge against the
/// last-applied-configuration annotation, and removal of what left the file.
/// </summary>
[Collection(SharedServerCollection.Name)]
public class ApplyTests(SharedServerFixture fixture)
{
    private const string LastApplied = "kubectl.kubernetes.io/last-applied-configuration";

    private static string App(string color, bool withSize, bool withDebugEnv) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web-settings
          labels:
            app: web
        data:
          color: {color}
        {(withSize ? "  size: large\n" : "")}---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels:
            app: web
        spec:
          replicas: 2
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
              - name: nginx
                image: nginx:1.27
                env:
                - name: MODE
                  value: production
        {(withDebugEnv ? "        - name: DEBUG\n          value: \"1\"\n" : "")}      - name: sidecar
                image: busybox:1.36
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          selector:
            app: web
          ports:
          - port: 80
            targetPort: 8080
        """;

    [Fact]
    public async Task Apply_of_a_multi_document_file_creates_each_object_and_says_so()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "apply-create");

        var result = await ns.ApplyAsync(App("blue", withSize: true, withDebugEnv: true));

        Assert.Equal("configmap/web-settings created\ndeployment.apps/web created\nservice/web created\n", result.Stdout);
        Assert.Equal("blue", await ns.JsonPathAsync("configmap/web-settings", "{.data.color}"));
        Assert.Equal("2", await ns.JsonPathAsync("deployment/web", "{.spec.replicas}"));
        Assert.Equal("80", await ns.JsonPathAsync("service/web", "{.spec.ports[0].port}"));
    }

    [Fact]
    public async Task Apply_of_the_same_file_again_reports_every_object_unchanged_and_writes_nothing()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "apply-same");
        await ns.ApplyAsync(App("blue", withSize: true, withDebugEnv: true));
        // The deployment controller keeps writing the deployment's status, so its spec's
        // generation is what shows that apply wrote nothing there.
        const string Versions = "{.metadata.resourceVersion}";
        var before = (await ns.JsonPathAsync("configmap/web-settings", Versions), await ns.JsonPathAsync("service/web", Versions), await ns.JsonPathAsync("deployment/web", "{.metadata.generation}"));

        var result = await ns.ApplyAsync(App("blue", withSize: true, withDebugEnv: true));

        Assert.Equal("configmap/web-settings unchanged\ndeployment.apps/web unchanged\nservice/web unchanged\n", result.Stdout);
        Assert.Equal(before, (await ns.JsonPathAsync("configmap/web-settings", Versions), await ns.JsonPathAsync("service/web", Versions), await ns.JsonPathAsync("deployment/web", "{.metadata.generation}")));
    }

    [Fact]
    public async Task Apply_of_an_edited_file_configures_what_changed_and_leaves_the_rest_unchanged()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "apply-edit");
        await ns.ApplyAsync(App("blue", withSize: true, withDebugEnv: true));

        var result = await ns.ApplyAsync(App("green", withSize: true, withDebugEnv: true));

        Assert.Equal("configmap/web-settings configured\ndeployment.apps/web unchanged\nservice/web unchanged\n", result.Stdout);
        Assert.Equal("green", await ns.JsonPathAsync("configmap/web-settings", "{.data.color}"));
        Assert.Equal("large", await ns.JsonPathAsync("configmap/web-settings", "{.data.size}"));
    }

    [Fact]
    public async Task Apply_removes_a_map_key_that_was_removed_from_the_file()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "apply-rmkey");
        await ns.ApplyAsync(App("blue", withSize: true, withDebugEnv: true));

        var result = await ns.ApplyAsync(App("blue", withSize: false, withDebugEnv: true));

        Assert.Contains("configmap/web-settings configured\n", result.Stdout);
        var data = JsonNode.Parse(await ns.JsonPathAsync("configmap/web-settings", "{.data}"))!.AsObject();
        Assert.Equal(["color"], data.Select(p => p.Key));
    }

    [Fact]
    public async Task Apply_removes_a_list_entry_merged_by_name_and_keeps_the_other_containers()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "apply-rmenv");
        await ns.ApplyAsync(App("blue", withSize: true, withDebugEnv: true));

        var result = await ns.ApplyAsync(App("blue", withSize: true, withDebugEnv: false));

        Assert.Contains("deployment.apps/web configured\n", result.Stdout);
        Assert.Equal("MODE", await ns.JsonPathAsync("deployment/web", "{.spec.template.spec.containers[?(@.name==\"nginx\")].env[*].name}"));
        Assert.Equal("nginx sidecar", await ns.JsonPathAsync("deployment/web", "{.spec.template.spec.containers[*].name}"));
    }

    [Fact]
    public async Task Apply_keeps_fields_set_by_others_that_the_file_never_had()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "apply-others");
        await ns.ApplyAsync(App("blue", withSize: true, withDebugEnv: true));
        (await ns.Run("label", "configmap/web-settings", "team=payments")).EnsureSuccess();

        await ns.ApplyAsync(App("green", withSize: true, withDebugEnv: true));

        Assert.Equal("payments", await ns.JsonPathAsync("configmap/web-settings", "{.metadata.labels.team}"));
        Assert.Equal("web", await ns.JsonPathAsync("configmap/web-settings", "{.metadata.labels.app}"));
    }

    [Fact]
    public async Task Apply_stores_the_last_applied_configuration_annotation_of_the_file()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "apply-annot");
        await ns.ApplyAsync(App("blue", withSize: true, withDebugEnv: true));

        var json = (await ns.Run("get", "configmap/web-settings", "-o", "json")).EnsureSuccess().Stdout;

        var annotation = JsonNode.Parse(json)!["metadata"]!["annotations"]![LastApplied]!.GetValue<string>();
        var applied = JsonNode.Parse(annotation)!;
        Assert.Equal("ConfigMap", applied["kind"]!.GetValue<string>());
        Assert.Equal("web-settings", applied["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(ns.Name, applied["metadata"]!["namespace"]!.GetValue<string>());
        Assert.Equal("blue", applied["data"]!["color"]!.GetValue<string>());

        var view = (await ns.Run("apply", "view-last-applied", "configmap/web-settings")).EnsureSuccess().Stdout;
        Assert.Contains("  color: blue\n", view);
    }

    [Fact]
    public async Task Apply_dry_run_on_the_server_reports_the_change_without_making_it()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "apply-dry");
        await ns.ApplyAsync(App("blue", withSize: true, withDebugEnv: true));

        var result = (await ns.RunWithInput(App("green", withSize: true, withDebugEnv: true), "apply", "--dry-run=server", "-f", "-")).EnsureSuccess();

        Assert.Contains("configmap/web-settings configured (server dry run)\n", result.Stdout);
        Assert.Equal("blue", await ns.JsonPathAsync("configmap/web-settings", "{.data.color}"));
    }
}
