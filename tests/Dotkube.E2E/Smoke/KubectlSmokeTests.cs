using System.Diagnostics;
using Dotkube.E2E.Harness;

namespace Dotkube.E2E.Smoke;

/// <summary>
/// The kubectl session a learner starts with, end to end against a real server: each test in a
/// namespace of its own on the shared server.
/// </summary>
[Collection(SharedServerCollection.Name)]
public class KubectlSmokeTests(SharedServerFixture fixture)
{
    private DotkubeServer Server => fixture.Server;

    private async Task<string> NewNamespaceAsync(string prefix)
    {
        var ns = SharedServerFixture.UniqueNamespace(prefix);
        (await Server.Kubectl(["apply", "-f", "-"], $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}\n")).EnsureSuccess();
        return ns;
    }

    private Task<KubectlResult> Apply(string ns, string yaml) => Server.Kubectl(["-n", ns, "apply", "-f", "-"], yaml);

    private static string App(string color, bool withExtra) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          labels:
            app: web
        data:
          color: {color}
        {(withExtra ? "  size: large\n" : "")}---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
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
                image: nginx:1.25
                ports:
                - containerPort: 80
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
            targetPort: 80
        """;

    [Fact]
    public async Task ApiResourcesAndVersionsListTheBuiltInTypes()
    {
        var resources = (await Server.Kubectl("api-resources")).EnsureSuccess().Stdout;
        var lines = resources.Split('\n');
        Assert.Matches(@"^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND$", lines[0].TrimEnd());
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^pods\s+po\s+v1\s+true\s+Pod\s*$"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^deployments\s+deploy\s+apps/v1\s+true\s+Deployment\s*$"));
        var versions = (await Server.Kubectl("api-versions")).EnsureSuccess().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("v1", versions);
        Assert.Contains("apps/v1", versions);
        Assert.Contains("autoscaling/v2", versions);
        Assert.Contains("autoscaling/v1", versions);
    }

    [Fact]
    public async Task ApplyCreatesLeavesUnchangedThenConfiguresAndPrunesRemovedFields()
    {
        var ns = await NewNamespaceAsync("apply");
        var first = (await Apply(ns, App("blue", withExtra: true))).EnsureSuccess().Stdout;
        Assert.Equal("configmap/settings created\ndeployment.apps/web created\nservice/web created\n", first);
        var again = (await Apply(ns, App("blue", withExtra: true))).EnsureSuccess().Stdout;
        Assert.Equal("configmap/settings unchanged\ndeployment.apps/web unchanged\nservice/web unchanged\n", again);
        var changed = (await Apply(ns, App("green", withExtra: false))).EnsureSuccess().Stdout;
        Assert.StartsWith("configmap/settings configured\n", changed, StringComparison.Ordinal);
        var data = (await Server.Kubectl("-n", ns, "get", "cm", "settings", "-o", "jsonpath={.data}")).EnsureSuccess().Stdout;
        Assert.Equal("{\"color\":\"green\"}", data);
    }

    [Fact]
    public async Task GetPrintsTheUpstreamColumnsAndOutputFormats()
    {
        var ns = await NewNamespaceAsync("get");
        (await Apply(ns, App("blue", withExtra: false))).EnsureSuccess();
        var deploy = (await Server.Kubectl("-n", ns, "get", "deploy")).EnsureSuccess().Stdout.Split('\n');
        Assert.Matches(@"^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$", deploy[0]);
        // READY, UP-TO-DATE and AVAILABLE move as the deployment controller and the nodes work.
        Assert.Matches(@"^web\s+[0-2]/2\s+[0-2]\s+[0-2]\s+\d+s$", deploy[1]);
        var wide = (await Server.Kubectl("-n", ns, "get", "svc", "-o", "wide")).EnsureSuccess().Stdout.Split('\n');
        Assert.Matches(@"^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\s+SELECTOR$", wide[0]);
        Assert.Matches(@"^web\s+ClusterIP\s+10\.\d+\.\d+\.\d+\s+<none>\s+80/TCP\s+\d+s\s+app=web$", wide[1]);
        Assert.Equal("configmap/settings\n", (await Server.Kubectl("-n", ns, "get", "cm", "-l", "app=web", "-o", "name")).EnsureSuccess().Stdout);
        Assert.Equal("", (await Server.Kubectl("-n", ns, "get", "cm", "-l", "app in (db)", "-o", "name")).EnsureSuccess().Stdout);
        Assert.Equal("configmap/settings\n",
            (await Server.Kubectl("-n", ns, "get", "cm", "--field-selector", "metadata.name=settings", "-o", "name")).EnsureSuccess().Stdout);
        var custom = (await Server.Kubectl("-n", ns, "get", "cm", "settings", "-o", "custom-columns=NAME:.metadata.name,COLOR:.data.color")).EnsureSuccess().Stdout;
        Assert.Matches(@"^NAME\s+COLOR\nsettings\s+blue\n$", custom);
        var all = (await Server.Kubectl("get", "ns", "-A")).EnsureSuccess().Stdout;
        Assert.Matches(@"(?m)^kube-system\s+Active\s+", all);
        var yaml = (await Server.Kubectl("-n", ns, "get", "deploy", "web", "-o", "yaml")).EnsureSuccess().Stdout;
        Assert.Contains("apiVersion: apps/v1\nkind: Deployment\n", yaml, StringComparison.Ordinal);
        Assert.Contains("revisionHistoryLimit: 10", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChunkedListsReturnEveryObject()
    {
        var ns = await NewNamespaceAsync("chunks");
        var yaml = string.Join("---\n", Enumerable.Range(0, 5).Select(i => $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{i}\ndata:\n  k: v\n"));
        (await Apply(ns, yaml)).EnsureSuccess();
        // Every namespace also holds kube-root-ca.crt, published at its own pace (as upstream): left out.
        var names = (await Server.Kubectl("-n", ns, "get", "cm", "--chunk-size=2", "-o", "name", "--field-selector", "metadata.name!=kube-root-ca.crt")).EnsureSuccess().Stdout;
        Assert.Equal(string.Concat(Enumerable.Range(0, 5).Select(i => $"configmap/c{i}\n")), names);
    }

    [Fact]
    public async Task LabelAnnotatePatchEditAndScaleChangeObjectsAsUpstream()
    {
        var ns = await NewNamespaceAsync("edit");
        (await Apply(ns, App("blue", withExtra: false))).EnsureSuccess();
        Assert.Equal("configmap/settings labeled\n", (await Server.Kubectl("-n", ns, "label", "cm", "settings", "tier=front")).EnsureSuccess().Stdout);
        var refused = await Server.Kubectl("-n", ns, "label", "cm", "settings", "tier=back");
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("error: 'tier' already has a value (front), and --overwrite is false\n", refused.Stderr);
        (await Server.Kubectl("-n", ns, "label", "cm", "settings", "tier-")).EnsureSuccess();
        (await Server.Kubectl("-n", ns, "annotate", "cm", "settings", "owner=me")).EnsureSuccess();
        Assert.Equal("{\"app\":\"web\"}", (await Server.Kubectl("-n", ns, "get", "cm", "settings", "-o", "jsonpath={.metadata.labels}")).EnsureSuccess().Stdout);

        (await Server.Kubectl("-n", ns, "patch", "cm", "settings", "--type=merge", "-p", "{\"data\":{\"color\":\"red\"}}")).EnsureSuccess();
        (await Server.Kubectl("-n", ns, "patch", "cm", "settings", "--type=json", "-p", "[{\"op\":\"add\",\"path\":\"/data/size\",\"value\":\"s\"}]")).EnsureSuccess();
        var failedTest = await Server.Kubectl("-n", ns, "patch", "cm", "settings", "--type=json", "-p", "[{\"op\":\"test\",\"path\":\"/data/color\",\"value\":\"blue\"}]");
        Assert.Equal(1, failedTest.ExitCode);
        // Strategic merge keys containers by name: the env lands in the existing container.
        (await Server.Kubectl("-n", ns, "patch", "deploy", "web", "-p",
            "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"nginx\",\"env\":[{\"name\":\"A\",\"value\":\"1\"}]}]}}}}")).EnsureSuccess();
        var containers = (await Server.Kubectl("-n", ns, "get", "deploy", "web", "-o", "jsonpath={range .spec.template.spec.containers[*]}{.name}={.image}:{.env[0].name};{end}")).EnsureSuccess().Stdout;
        Assert.Equal("nginx=nginx:1.25:A;", containers);

        var edited = await Server.Kubectl(["-n", ns, "edit", "cm", "settings"], null,
            new Dictionary<string, string> { ["EDITOR"] = "sed -i s/red/green/" });
        Assert.Equal("configmap/settings edited\n", edited.EnsureSuccess().Stdout);
        Assert.Equal("green", (await Server.Kubectl("-n", ns, "get", "cm", "settings", "-o", "jsonpath={.data.color}")).EnsureSuccess().Stdout);

        Assert.Equal("deployment.apps/web scaled\n", (await Server.Kubectl("-n", ns, "scale", "deploy", "web", "--replicas=3")).EnsureSuccess().Stdout);
        Assert.Equal("3", (await Server.Kubectl("-n", ns, "get", "deploy", "web", "-o", "jsonpath={.spec.replicas}")).EnsureSuccess().Stdout);
    }

    [Fact]
    public async Task ReplaceWithAStaleResourceVersionIsAConflict()
    {
        var ns = await NewNamespaceAsync("replace");
        (await Apply(ns, App("blue", withExtra: false))).EnsureSuccess();
        var stale = (await Server.Kubectl("-n", ns, "get", "cm", "settings", "-o", "yaml")).EnsureSuccess().Stdout;
        (await Server.Kubectl("-n", ns, "patch", "cm", "settings", "--type=merge", "-p", "{\"data\":{\"color\":\"red\"}}")).EnsureSuccess();
        var conflict = await Server.Kubectl(["-n", ns, "replace", "-f", "-"], stale);
        Assert.Equal(1, conflict.ExitCode);
        Assert.Contains("Operation cannot be fulfilled on configmaps \"settings\": the object has been modified; please apply your changes to the latest version and try again",
            conflict.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteReportsWhatWentAndWhatWasMissing()
    {
        var ns = await NewNamespaceAsync("delete");
        (await Apply(ns, App("blue", withExtra: false))).EnsureSuccess();
        Assert.Equal("configmap \"settings\" deleted\n", (await Server.Kubectl("-n", ns, "delete", "cm", "settings")).EnsureSuccess().Stdout);
        var missing = await Server.Kubectl("-n", ns, "delete", "cm", "settings");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("Error from server (NotFound): configmaps \"settings\" not found\n", missing.Stderr);
        var forbidden = await Server.Kubectl("delete", "ns", "default");
        Assert.Equal(1, forbidden.ExitCode);
        Assert.Equal("Error from server (Forbidden): namespaces \"default\" is forbidden: this namespace may not be deleted\n", forbidden.Stderr);
        (await Server.Kubectl("-n", ns, "delete", "svc", "--all")).EnsureSuccess();
        Assert.Equal("", (await Server.Kubectl("-n", ns, "get", "svc", "-o", "name")).EnsureSuccess().Stdout);
    }

    [Fact]
    public async Task InvalidObjectsAreRefusedWithUpstreamMessages()
    {
        var ns = await NewNamespaceAsync("invalid");
        var noContainers = await Apply(ns, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: []\n");
        Assert.Equal(1, noContainers.ExitCode);
        Assert.Contains("The Pod \"p\" is invalid: spec.containers: Required value", noContainers.Stderr, StringComparison.Ordinal);
        var badName = await Apply(ns, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n");
        Assert.Equal(1, badName.ExitCode);
        Assert.Contains("metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of", badName.Stderr, StringComparison.Ordinal);
        var duplicate = await Apply(ns, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: nginx\n  - name: a\n    image: busybox\n");
        Assert.Contains("spec.containers[1].name: Duplicate value: \"a\"", duplicate.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExplainDescribesFieldsFromTheServersSchema()
    {
        var explain = (await Server.Kubectl("explain", "pod.spec.containers.resources")).EnsureSuccess().Stdout;
        Assert.StartsWith("KIND:       Pod\nVERSION:    v1\n\nFIELD: resources <ResourceRequirements>", explain, StringComparison.Ordinal);
        Assert.Contains("limits\t<map[string]Quantity>", explain, StringComparison.Ordinal);
        Assert.Contains("requests\t<map[string]Quantity>", explain, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletingANamespaceRemovesItsContentsAndThenItself()
    {
        var ns = await NewNamespaceAsync("gone");
        (await Apply(ns, App("blue", withExtra: false))).EnsureSuccess();
        Assert.Equal($"namespace \"{ns}\" deleted\n", (await Server.Kubectl("delete", "ns", ns)).EnsureSuccess().Stdout);
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < TimeSpan.FromSeconds(30))
        {
            var get = await Server.Kubectl("get", "ns", ns);
            if (get.ExitCode == 1 && get.Stderr.Contains("NotFound", StringComparison.Ordinal))
            {
                return;
            }
            await Task.Delay(200);
        }
        Assert.Fail($"namespace {ns} still exists after 30 s");
    }

    [Fact]
    public async Task GetWatchPrintsChangesAsTheyHappen()
    {
        var ns = await NewNamespaceAsync("watch");
        (await Apply(ns, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: w\ndata:\n  k: a\n")).EnsureSuccess();
        var start = new ProcessStartInfo(Kubectl.Path, ["-n", ns, "get", "cm", "-w", "--output-watch-events", "--field-selector", "metadata.name!=kube-root-ca.crt"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["KUBECONFIG"] = Server.Kubeconfig;
        using var watch = Process.Start(start)!;
        try
        {
            async Task<string> NextLine() => await watch.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20)) ?? "";
            Assert.Matches(@"^EVENT\s+NAME\s+DATA\s+AGE$", await NextLine());
            Assert.Matches(@"^ADDED\s+w\s+1\s+", await NextLine());
            (await Server.Kubectl("-n", ns, "patch", "cm", "w", "--type=merge", "-p", "{\"data\":{\"k2\":\"b\"}}")).EnsureSuccess();
            Assert.Matches(@"^MODIFIED\s+w\s+2\s+", await NextLine());
            (await Server.Kubectl("-n", ns, "delete", "cm", "w")).EnsureSuccess();
            Assert.Matches(@"^DELETED\s+w\s+2\s+", await NextLine());
        }
        finally
        {
            watch.Kill();
        }
    }
}
