using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dotkube.E2E.Harness;

namespace Dotkube.E2E.KubectlCli;

/// <summary><c>kubectl get</c>: the server's tables and every client-side output format on top of them.</summary>
[Collection(SharedServerCollection.Name)]
public partial class GetTests(SharedServerFixture fixture)
{
    private static string ConfigMap(string name, string app, string value = "v") => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {name}
          labels:
            app: "{app}"
        data:
          k: "{value}"
        ---

        """;

    // A pod no scheduler can place: it stays Pending whatever runs in the cluster.
    private static string PendingPod(string name) => $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {name}
          labels:
            app: pending
        spec:
          nodeSelector:
            e2e.dotkube.io/never: "true"
          containers:
          - name: main
            image: busybox:1.36
        """;

    [Fact]
    public async Task Get_prints_a_table_with_the_upstream_configmap_columns()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "get-table");
        await ns.ApplyAsync(ConfigMap("a", "x"));

        var result = (await ns.Run("get", "configmaps", "a")).EnsureSuccess();

        var table = KubectlTable.Parse(result.Stdout);
        Assert.Equal(["NAME", "DATA", "AGE"], table.Headers);
        var row = Assert.Single(table.Rows);
        Assert.Equal("a", row["NAME"]);
        Assert.Equal("1", row["DATA"]);
        Assert.Matches(AgeRegex(), row["AGE"]);
    }

    [Fact]
    public async Task Get_of_an_empty_namespace_says_no_resources_found_on_stderr()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "get-empty");

        var result = (await ns.Run("get", "deployments")).EnsureSuccess();

        Assert.Equal("", result.Stdout);
        Assert.Equal($"No resources found in {ns.Name} namespace.\n", result.Stderr);
    }

    [Fact]
    public async Task Get_of_a_missing_object_is_not_found_with_exit_code_1()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "get-missing");

        var result = await ns.Run("get", "configmap", "nope");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Error from server (NotFound): configmaps \"nope\" not found\n", result.Stderr);
    }

    [Fact]
    public async Task Get_o_yaml_prints_the_object_as_yaml()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "get-yaml");
        await ns.ApplyAsync(ConfigMap("a", "x"));

        var yaml = (await ns.Run("get", "configmap", "a", "-o", "yaml")).EnsureSuccess().Stdout;

        Assert.StartsWith("apiVersion: v1\ndata:\n  k: v\nkind: ConfigMap\nmetadata:\n", yaml);
        Assert.Contains("\n  name: a\n", yaml);
        Assert.Contains($"\n  namespace: {ns.Name}\n", yaml);
        Assert.Matches(@"\n  resourceVersion: ""\d+""\n", yaml);
        Assert.Matches(@"\n  uid: [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\n", yaml);
        Assert.Matches(@"\n  creationTimestamp: ""\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ""\n", yaml);
    }

    [Fact]
    public async Task Get_o_json_prints_the_object_and_a_list_for_several()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "get-json");
        await ns.ApplyAsync(ConfigMap("a", "x") + ConfigMap("b", "x"));

        var one = JsonNode.Parse((await ns.Run("get", "configmap", "a", "-o", "json")).EnsureSuccess().Stdout)!;
        var list = JsonNode.Parse((await ns.Run("get", "configmaps", "-l", "app=x", "-o", "json")).EnsureSuccess().Stdout)!;

        Assert.Equal("v1", one["apiVersion"]!.GetValue<string>());
        Assert.Equal("ConfigMap", one["kind"]!.GetValue<string>());
        Assert.Equal("a", one["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(ns.Name, one["metadata"]!["namespace"]!.GetValue<string>());
        Assert.Equal("v", one["data"]!["k"]!.GetValue<string>());
        Assert.Equal("List", list["kind"]!.GetValue<string>());
        Assert.Equal(["a", "b"], list["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
        Assert.All(list["items"]!.AsArray(), i => Assert.Equal("ConfigMap", i!["kind"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Get_o_jsonpath_prints_the_selected_field_without_a_newline()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "get-jsonpath");
        await ns.ApplyAsync(ConfigMap("a", "x"));

        var result = (await ns.Run("get", "configmap", "a", "-o", "jsonpath={.metadata.name}")).EnsureSuccess();

        Assert.Equal("a", result.Stdout);
    }

    [Fact]
    public async Task Get_o_custom_columns_prints_the_chosen_fields()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "get-custom");
        await ns.ApplyAsync(ConfigMap("a", "x", "one") + ConfigMap("b", "x", "two"));

        var result = (await ns.Run("get", "configmaps", "-l", "app=x", "-o", "custom-columns=NAME:.metadata.name,DATA:.data.k")).EnsureSuccess();

        var table = KubectlTable.Parse(result.Stdout);
        Assert.Equal(["NAME", "DATA"], table.Headers);
        Assert.Equal(["a", "b"], table.Column("NAME"));
        Assert.Equal(["one", "two"], table.Column("DATA"));
    }

    [Fact]
    public async Task Get_o_name_prints_resource_slash_name()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "get-name");
        await ns.ApplyAsync(ConfigMap("a", "x") + ConfigMap("b", "x"));

        var result = (await ns.Run("get", "configmaps", "-l", "app=x", "-o", "name")).EnsureSuccess();

        Assert.Equal("configmap/a\nconfigmap/b\n", result.Stdout);
    }

    [Fact]
    public async Task Get_o_wide_on_pods_adds_the_upstream_priority_columns()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "get-wide-pod");
        await ns.ApplyAsync(PendingPod("p"));

        var table = KubectlTable.Parse((await ns.Run("get", "pods", "-o", "wide")).EnsureSuccess().Stdout);

        Assert.Equal(["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED NODE", "READINESS GATES"], table.Headers);
        var row = table.Row("p");
        Assert.Equal("0/1", row["READY"]);
        Assert.Equal("Pending", row["STATUS"]);
        Assert.Equal("0", row["RESTARTS"]);
        Assert.Equal("<none>", row["IP"]);
        Assert.Equal("<none>", row["NODE"]);
        Assert.Equal("<none>", row["NOMINATED NODE"]);
        Assert.Equal("<none>", row["READINESS GATES"]);
    }

    [Fact]
    public async Task Get_o_wide_on_deployments_adds_containers_images_and_selector()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "get-wide-deploy");
        await ns.ApplyAsync(Manifests.Deployment("web", "nginx:1.27", replicas: 2));

        var table = KubectlTable.Parse((await ns.Run("get", "deployments", "-o", "wide")).EnsureSuccess().Stdout);

        Assert.Equal(["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"], table.Headers);
        var row = table.Row("web");
        Assert.EndsWith("/2", row["READY"]);
        Assert.Equal("nginx", row["CONTAINERS"]);
        Assert.Equal("nginx:1.27", row["IMAGES"]);
        Assert.Equal("app=web", row["SELECTOR"]);
    }

    [Theory]
    [InlineData("app=x", new[] { "a", "b" })]
    [InlineData("app in (x,y)", new[] { "a", "b", "c" })]
    [InlineData("app notin (x)", new[] { "c", "d", "e" })]
    [InlineData("app!=x", new[] { "c", "d", "e" })]
    [InlineData("app", new[] { "a", "b", "c", "d" })]
    [InlineData("!app", new[] { "e" })]
    public async Task Get_with_a_label_selector_lists_only_matching_objects(string selector, string[] expected)
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "get-labels");
        await ns.ApplyAsync(ConfigMap("a", "x") + ConfigMap("b", "x") + ConfigMap("c", "y") + ConfigMap("d", "z") + """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: e
            """);

        var result = (await ns.Run("get", "configmaps", "-l", selector, "-o", "name")).EnsureSuccess();

        // kube-root-ca.crt may be published into every namespace; it carries no labels.
        var names = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(n => n != "configmap/kube-root-ca.crt");
        Assert.Equal(expected.Select(n => $"configmap/{n}"), names);
    }

    [Fact]
    public async Task Get_with_a_field_selector_on_the_name_lists_only_that_object()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "get-fieldsel");
        await ns.ApplyAsync(ConfigMap("a", "x") + ConfigMap("b", "x"));

        var table = KubectlTable.Parse((await ns.Run("get", "configmaps", "--field-selector", "metadata.name=a")).EnsureSuccess().Stdout);

        Assert.Equal(["a"], table.Column("NAME"));
    }

    [Fact]
    public async Task Get_pods_with_a_status_phase_field_selector_filters_on_the_phase()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "get-phase");
        await ns.ApplyAsync(PendingPod("p"));

        var pending = (await ns.Run("get", "pods", "--field-selector", "status.phase=Pending")).EnsureSuccess();
        var running = (await ns.Run("get", "pods", "--field-selector", "status.phase=Running")).EnsureSuccess();

        Assert.Equal(["p"], KubectlTable.Parse(pending.Stdout).Column("NAME"));
        Assert.Equal("", running.Stdout);
        Assert.Equal($"No resources found in {ns.Name} namespace.\n", running.Stderr);
    }

    [Fact]
    public async Task Get_with_an_unsupported_field_selector_is_a_bad_request()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "get-badfield");

        var result = await ns.Run("get", "configmaps", "--field-selector", "data.k=v");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Error from server (BadRequest): Unable to find \"/v1, Resource=configmaps\" that match label selector \"\", field selector \"data.k=v\": field label not supported: data.k\n", result.Stderr);
    }

    [Fact]
    public async Task Get_across_all_namespaces_adds_the_namespace_column()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "get-all-ns");
        var label = $"e2e-run={ns.Name}";
        await ns.ApplyAsync(ConfigMap("a", "x"));
        (await ns.Run("label", "configmap", "a", label)).EnsureSuccess();

        var table = KubectlTable.Parse((await fixture.Server.Kubectl("get", "configmaps", "-A", "-l", label)).EnsureSuccess().Stdout);

        Assert.Equal(["NAMESPACE", "NAME", "DATA", "AGE"], table.Headers);
        var row = Assert.Single(table.Rows);
        Assert.Equal(ns.Name, row["NAMESPACE"]);
        Assert.Equal("a", row["NAME"]);
    }

    [Fact]
    public async Task Get_in_chunks_of_two_pages_through_all_five_objects()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "get-chunks");
        await ns.ApplyAsync(string.Concat(Enumerable.Range(1, 5).Select(i => ConfigMap($"cm{i}", "paged"))));

        // -v=6 logs each request, so the test sees that kubectl really followed continue tokens.
        var result = (await ns.Run("get", "configmaps", "-l", "app=paged", "--chunk-size=2", "-v=6")).EnsureSuccess();

        Assert.Equal(["cm1", "cm2", "cm3", "cm4", "cm5"], KubectlTable.Parse(result.Stdout).Column("NAME"));
        var pages = Regex.Matches(result.Stderr, @"GET https://\S+/configmaps\?\S*limit=2\S* 200 OK");
        Assert.True(pages.Count == 3, $"expected 3 pages of 2, saw {pages.Count} list requests:\n{result.Stderr}");
        Assert.Equal(2, Regex.Matches(result.Stderr, @"GET https://\S+/configmaps\?\S*continue=\S+ 200 OK").Count);
    }

    [Fact]
    public async Task Get_namespaces_shows_the_four_system_namespaces_active()
    {
        var table = KubectlTable.Parse((await fixture.Server.Kubectl("get", "namespaces")).EnsureSuccess().Stdout);

        Assert.Equal(["NAME", "STATUS", "AGE"], table.Headers);
        foreach (var name in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            Assert.Equal("Active", table.Row(name)["STATUS"]);
        }
    }

    [Fact]
    public async Task Get_of_several_resource_types_prints_a_table_for_each()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "get-multi");
        await ns.ApplyAsync(ConfigMap("a", "x"));
        await ns.ApplyAsync("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  k: v\n");

        var result = (await ns.Run("get", "configmap/a", "secret/s")).EnsureSuccess();

        var blocks = result.Stdout.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, blocks.Length);
        Assert.Equal("configmap/a", KubectlTable.Parse(blocks[0]).Rows[0]["NAME"]);
        var secret = KubectlTable.Parse(blocks[1]);
        Assert.Equal(["NAME", "TYPE", "DATA", "AGE"], secret.Headers);
        Assert.Equal("secret/s", secret.Rows[0]["NAME"]);
        Assert.Equal("Opaque", secret.Rows[0]["TYPE"]);
    }

    [Fact]
    public async Task Get_sorted_by_a_field_orders_the_rows()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "get-sort");
        await ns.ApplyAsync(ConfigMap("a", "x", "3") + ConfigMap("b", "x", "1") + ConfigMap("c", "x", "2"));

        var result = (await ns.Run("get", "configmaps", "-l", "app=x", "--sort-by=.data.k", "-o", "name")).EnsureSuccess();

        Assert.Equal("configmap/b\nconfigmap/c\nconfigmap/a\n", result.Stdout);
    }

    [Fact]
    public async Task Get_show_labels_adds_a_labels_column()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "get-showlabels");
        await ns.ApplyAsync(ConfigMap("a", "x"));

        var table = KubectlTable.Parse((await ns.Run("get", "configmap", "a", "--show-labels")).EnsureSuccess().Stdout);

        Assert.Equal(["NAME", "DATA", "AGE", "LABELS"], table.Headers);
        Assert.Equal("app=x", table.Row("a")["LABELS"]);
    }

    [GeneratedRegex(@"^\d+s$")]
    private static partial Regex AgeRegex();
}
