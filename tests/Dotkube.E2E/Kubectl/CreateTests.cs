using Dotkube.E2E.Harness;

namespace Dotkube.E2E.KubectlCli;

/// <summary>
/// <c>kubectl create &lt;generator&gt;</c>: kubectl builds the object and POSTs it; each must be
/// accepted, reported as "&lt;resource&gt;/&lt;name&gt; created", and then listed by <c>get</c>.
/// </summary>
[Collection(SharedServerCollection.Name)]
public class CreateTests(SharedServerFixture fixture)
{
    // {n}: a name unique to the test (cluster-scoped objects are shared by every test).
    [Theory]
    [InlineData("deployment.apps", "deployment", "create deployment {n} --image=nginx:1.27 --replicas=2")]
    [InlineData("service", "service", "create service clusterip {n} --tcp=80:8080")]
    [InlineData("configmap", "configmap", "create configmap {n} --from-literal=k=v")]
    [InlineData("secret", "secret", "create secret generic {n} --from-literal=k=v")]
    [InlineData("serviceaccount", "serviceaccount", "create serviceaccount {n}")]
    [InlineData("role.rbac.authorization.k8s.io", "role", "create role {n} --verb=get --resource=pods")]
    [InlineData("rolebinding.rbac.authorization.k8s.io", "rolebinding", "create rolebinding {n} --role=reader --user=alice")]
    [InlineData("clusterrole.rbac.authorization.k8s.io", "clusterrole", "create clusterrole {n} --verb=get --resource=pods")]
    [InlineData("clusterrolebinding.rbac.authorization.k8s.io", "clusterrolebinding", "create clusterrolebinding {n} --clusterrole=view --user=alice")]
    [InlineData("resourcequota", "resourcequota", "create quota {n} --hard=pods=2")]
    [InlineData("priorityclass.scheduling.k8s.io", "priorityclass", "create priorityclass {n} --value=1000")]
    [InlineData("job.batch", "job", "create job {n} --image=busybox:1.36")]
    [InlineData("cronjob.batch", "cronjob", "create cronjob {n} --image=busybox:1.36 --schedule=*/5_*_*_*_*")]
    [InlineData("poddisruptionbudget.policy", "poddisruptionbudget", "create poddisruptionbudget {n} --selector=app=web --min-available=1")]
    [InlineData("ingress.networking.k8s.io", "ingress", "create ingress {n} --rule=example.com/=web:80")]
    public async Task Create_generator_prints_created_and_get_finds_the_object(string printed, string resource, string command)
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "create");
        var name = $"made-{ns.Name}";
        // Underscores stand for spaces inside one argument (a cron schedule).
        var args = command.Replace("{n}", name, StringComparison.Ordinal).Split(' ').Select(a => a.Replace('_', ' ')).ToArray();

        var result = (await ns.Run(args)).EnsureSuccess();

        Assert.Equal($"{printed}/{name} created\n", result.Stdout);
        Assert.Equal($"{printed}/{name}\n", (await ns.Run("get", resource, name, "-o", "name")).EnsureSuccess().Stdout);
        Assert.Equal([name], KubectlTable.Parse((await ns.Run("get", resource, name)).EnsureSuccess().Stdout).Column("NAME"));
    }

    [Fact]
    public async Task Create_namespace_prints_created_and_the_namespace_is_active()
    {
        var name = SharedServerFixture.UniqueNamespace("create-ns");

        var result = (await fixture.Server.Kubectl("create", "namespace", name)).EnsureSuccess();

        Assert.Equal($"namespace/{name} created\n", result.Stdout);
        var row = KubectlTable.Parse((await fixture.Server.Kubectl("get", "namespace", name)).EnsureSuccess().Stdout).Row(name);
        Assert.Equal("Active", row["STATUS"]);
    }

    [Fact]
    public async Task Create_deployment_builds_the_upstream_object()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "create-deploy");
        (await ns.Run("create", "deployment", "web", "--image=nginx:1.27", "--replicas=2", "--port=80")).EnsureSuccess();

        var row = KubectlTable.Parse((await ns.Run("get", "deployment", "web")).EnsureSuccess().Stdout).Row("web");

        Assert.EndsWith("/2", row["READY"]);
        Assert.Equal("2", await ns.JsonPathAsync("deployment/web", "{.spec.replicas}"));
        Assert.Equal("web", await ns.JsonPathAsync("deployment/web", "{.spec.selector.matchLabels.app}"));
        Assert.Equal("nginx", await ns.JsonPathAsync("deployment/web", "{.spec.template.spec.containers[0].name}"));
        Assert.Equal("80", await ns.JsonPathAsync("deployment/web", "{.spec.template.spec.containers[0].ports[0].containerPort}"));
        // Defaults the server applies, as upstream.
        Assert.Equal("RollingUpdate", await ns.JsonPathAsync("deployment/web", "{.spec.strategy.type}"));
        Assert.Equal("25%", await ns.JsonPathAsync("deployment/web", "{.spec.strategy.rollingUpdate.maxSurge}"));
        Assert.Equal("10", await ns.JsonPathAsync("deployment/web", "{.spec.revisionHistoryLimit}"));
        Assert.Equal("600", await ns.JsonPathAsync("deployment/web", "{.spec.progressDeadlineSeconds}"));
        Assert.Equal("Always", await ns.JsonPathAsync("deployment/web", "{.spec.template.spec.restartPolicy}"));
        Assert.Equal("IfNotPresent", await ns.JsonPathAsync("deployment/web", "{.spec.template.spec.containers[0].imagePullPolicy}"));
        Assert.Equal("TCP", await ns.JsonPathAsync("deployment/web", "{.spec.template.spec.containers[0].ports[0].protocol}"));
    }

    [Fact]
    public async Task Create_service_clusterip_gets_an_address_and_shows_the_port()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "create-svc");
        (await ns.Run("create", "service", "clusterip", "web", "--tcp=80:8080")).EnsureSuccess();

        var table = KubectlTable.Parse((await ns.Run("get", "service", "web")).EnsureSuccess().Stdout);

        Assert.Equal(["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"], table.Headers);
        var row = table.Row("web");
        Assert.Equal("ClusterIP", row["TYPE"]);
        Assert.Matches(@"^\d+\.\d+\.\d+\.\d+$", row["CLUSTER-IP"]);
        Assert.Equal("<none>", row["EXTERNAL-IP"]);
        Assert.Equal("80/TCP", row["PORT(S)"]);
        Assert.Equal("8080", await ns.JsonPathAsync("service/web", "{.spec.ports[0].targetPort}"));
        Assert.Equal("80-8080", await ns.JsonPathAsync("service/web", "{.spec.ports[0].name}"));
    }

    [Fact]
    public async Task Create_priorityclass_shows_value_and_preemption_policy()
    {
        var name = SharedServerFixture.UniqueNamespace("pc");
        (await fixture.Server.Kubectl("create", "priorityclass", name, "--value=1000", "--description=e2e")).EnsureSuccess();

        var table = KubectlTable.Parse((await fixture.Server.Kubectl("get", "priorityclass", name)).EnsureSuccess().Stdout);

        Assert.Equal(["NAME", "VALUE", "GLOBAL-DEFAULT", "AGE", "PREEMPTIONPOLICY"], table.Headers);
        var row = table.Row(name);
        Assert.Equal("1000", row["VALUE"]);
        Assert.Equal("false", row["GLOBAL-DEFAULT"]);
        Assert.Equal("PreemptLowerPriority", row["PREEMPTIONPOLICY"]);
    }

    [Fact]
    public async Task Create_rolebinding_shows_the_role_and_wide_shows_the_subjects()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "create-rb");
        (await ns.Run("create", "rolebinding", "rb", "--role=reader", "--user=alice", "--group=devs", $"--serviceaccount={ns.Name}:robot")).EnsureSuccess();

        var table = KubectlTable.Parse((await ns.Run("get", "rolebinding", "rb", "-o", "wide")).EnsureSuccess().Stdout);

        Assert.Equal(["NAME", "ROLE", "AGE", "USERS", "GROUPS", "SERVICEACCOUNTS"], table.Headers);
        var row = table.Row("rb");
        Assert.Equal("Role/reader", row["ROLE"]);
        Assert.Equal("alice", row["USERS"]);
        Assert.Equal("devs", row["GROUPS"]);
        Assert.Equal($"{ns.Name}/robot", row["SERVICEACCOUNTS"]);
    }

    [Fact]
    public async Task Create_role_lists_with_a_created_at_column()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "create-role");
        (await ns.Run("create", "role", "reader", "--verb=get,list", "--resource=pods,configmaps")).EnsureSuccess();

        var table = KubectlTable.Parse((await ns.Run("get", "role", "reader")).EnsureSuccess().Stdout);

        Assert.Equal(["NAME", "CREATED AT"], table.Headers);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", table.Row("reader")["CREATED AT"]);
        Assert.Equal("get list", await ns.JsonPathAsync("role/reader", "{.rules[0].verbs[*]}"));
        Assert.Equal("pods configmaps", await ns.JsonPathAsync("role/reader", "{.rules[0].resources[*]}"));
    }

    [Fact]
    public async Task Create_secret_and_serviceaccount_show_their_columns()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "create-secret");
        (await ns.Run("create", "secret", "generic", "s", "--from-literal=a=1", "--from-literal=b=2")).EnsureSuccess();
        (await ns.Run("create", "serviceaccount", "robot")).EnsureSuccess();

        var secrets = KubectlTable.Parse((await ns.Run("get", "secret", "s")).EnsureSuccess().Stdout);
        var accounts = KubectlTable.Parse((await ns.Run("get", "serviceaccount", "robot")).EnsureSuccess().Stdout);

        Assert.Equal(["NAME", "TYPE", "DATA", "AGE"], secrets.Headers);
        Assert.Equal("Opaque", secrets.Row("s")["TYPE"]);
        Assert.Equal("2", secrets.Row("s")["DATA"]);
        Assert.Equal("MQ==", await ns.JsonPathAsync("secret/s", "{.data.a}"));
        Assert.Equal(["NAME", "SECRETS", "AGE"], accounts.Headers);
        Assert.Equal("0", accounts.Row("robot")["SECRETS"]);
    }

    [Fact]
    public async Task Create_of_an_existing_object_is_already_exists()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "create-dup");
        (await ns.Run("create", "configmap", "x", "--from-literal=k=v")).EnsureSuccess();

        var generator = await ns.Run("create", "configmap", "x", "--from-literal=k=v");
        var fromFile = await ns.RunWithInput("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n", "create", "-f", "-");

        Assert.Equal(1, generator.ExitCode);
        Assert.Equal("error: failed to create configmap: configmaps \"x\" already exists\n", generator.Stderr);
        Assert.Equal(1, fromFile.ExitCode);
        Assert.Equal("Error from server (AlreadyExists): error when creating \"STDIN\": configmaps \"x\" already exists\n", fromFile.Stderr);
    }

    [Fact]
    public async Task Create_in_a_missing_namespace_is_not_found()
    {
        var result = await fixture.Server.Kubectl("-n", "no-such-namespace-e2e", "create", "configmap", "x", "--from-literal=k=v");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: failed to create configmap: namespaces \"no-such-namespace-e2e\" not found\n", result.Stderr);
    }

    [Fact]
    public async Task Create_with_generate_name_gets_a_random_suffix()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "create-genname");

        var result = (await ns.RunWithInput("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: web-\n", "create", "-f", "-")).EnsureSuccess();

        Assert.Matches(@"^configmap/web-[a-z0-9]{5} created\n$", result.Stdout);
    }
}
