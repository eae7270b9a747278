using System.Diagnostics;
using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.Rbac;

/// <summary>
/// The course's RBAC flow with real kubectl 1.32: a service account bound to view, `auth can-i`,
/// the --role=view mistake, `can-i --list`, escalation refused, aggregation and who-can.
/// </summary>
[Collection(SharedServerCollection.Name)]
public class RbacKubectlTests(SharedServerFixture fixture)
{
    private DotkubeServer Server => fixture.Server;

    private static async Task<KubectlResult> Eventually(Func<Task<KubectlResult>> run, Func<KubectlResult, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var r = await run();
            if (done(r) || DateTime.UtcNow > deadline)
            {
                return r;
            }
            await Task.Delay(100);
        }
    }

    private async Task<(KubectlNamespace Ns, string Kubeconfig, string User)> ViewerAsync(string prefix, string binding)
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, prefix);
        (await ns.Run("create", "serviceaccount", "viewer")).EnsureSuccess();
        (await ns.Run(["create", "rolebinding", "viewercanview", binding, $"--serviceaccount={ns.Name}:viewer"])).EnsureSuccess();
        var user = $"system:serviceaccount:{ns.Name}:viewer";
        var kubeconfig = await UserKubeconfig.CreateAsync(Server, user, "system:serviceaccounts", $"system:serviceaccounts:{ns.Name}");
        return (ns, kubeconfig, user);
    }

    [Fact]
    public async Task A_service_account_bound_to_view_can_get_all_but_not_create_a_deployment()
    {
        var (ns, kubeconfig, user) = await ViewerAsync("viewer", "--clusterrole=view");

        var yes = await Eventually(() => Server.As(kubeconfig, "-n", ns.Name, "auth", "can-i", "list", "pods"), r => r.Stdout == "yes\n");
        Assert.Equal("yes\n", yes.Stdout);
        Assert.Equal("yes\n", (await Server.As(kubeconfig, "-n", ns.Name, "auth", "can-i", "get", "pods/log")).Stdout);
        var no = await Server.As(kubeconfig, "-n", ns.Name, "auth", "can-i", "create", "deployments");
        Assert.Equal(("no\n", 1), (no.Stdout, no.ExitCode));
        Assert.Equal("no\n", (await Server.As(kubeconfig, "-n", "default", "auth", "can-i", "list", "pods")).Stdout);

        (await Server.As(kubeconfig, "-n", ns.Name, "get", "all")).EnsureSuccess();
        var create = await Server.As(kubeconfig, "-n", ns.Name, "create", "deployment", "web", "--image=nginx");
        Assert.NotEqual(0, create.ExitCode);
        Assert.Contains($"deployments.apps is forbidden: User \"{user}\" cannot create resource \"deployments\" in API group \"apps\" in the namespace \"{ns.Name}\"", create.Stderr);
    }

    [Fact]
    public async Task Binding_to_role_view_instead_of_clusterrole_view_grants_nothing_and_says_why()
    {
        var (ns, kubeconfig, user) = await ViewerAsync("roleview", "--role=view");

        var get = await Eventually(() => Server.As(kubeconfig, "-n", ns.Name, "get", "pods"), r => r.Stderr.Contains("RBAC"));
        Assert.NotEqual(0, get.ExitCode);
        Assert.Contains($"Error from server (Forbidden): pods is forbidden: User \"{user}\" cannot list resource \"pods\" in API group \"\" in the namespace \"{ns.Name}\": RBAC: role.rbac.authorization.k8s.io \"view\" not found", get.Stderr);
    }

    [Fact]
    public async Task Binding_the_user_default_viewer_does_not_bind_the_service_account()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "userview");
        (await ns.Run("create", "serviceaccount", "viewer")).EnsureSuccess();
        (await ns.Run("create", "rolebinding", "viewercanview", "--clusterrole=view", $"--user={ns.Name}:viewer")).EnsureSuccess();
        var user = $"system:serviceaccount:{ns.Name}:viewer";
        var kubeconfig = await UserKubeconfig.CreateAsync(Server, user, "system:serviceaccounts", $"system:serviceaccounts:{ns.Name}");

        var get = await Server.As(kubeconfig, "-n", ns.Name, "get", "pods");
        Assert.Contains($"Error from server (Forbidden): pods is forbidden: User \"{user}\" cannot list resource \"pods\" in API group \"\" in the namespace \"{ns.Name}\"\n", get.Stderr);
        var who = (await ns.Run("get", "rolebinding", "viewercanview", "-o", "jsonpath={.subjects[0].kind}/{.subjects[0].name}")).EnsureSuccess();
        Assert.Equal($"User/{ns.Name}:viewer", who.Stdout);
    }

    [Fact]
    public async Task Can_i_list_shows_the_rules_of_the_view_role()
    {
        var (ns, kubeconfig, _) = await ViewerAsync("canilist", "--clusterrole=view");

        var list = await Eventually(() => Server.As(kubeconfig, "-n", ns.Name, "auth", "can-i", "--list"), r => r.Stdout.Contains("pods/log"));
        list.EnsureSuccess();
        var lines = list.Stdout.Split('\n');
        Assert.StartsWith("Resources", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("pods ", StringComparison.Ordinal) && l.TrimEnd().EndsWith("[get list watch]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("selfsubjectaccessreviews.authorization.k8s.io ", StringComparison.Ordinal) && l.TrimEnd().EndsWith("[create]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("[/api/*]", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("secrets ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Admins_can_do_anything_and_anonymous_paths_stay_public()
    {
        Assert.Equal("yes\n", (await Server.Kubectl("auth", "can-i", "*", "*")).Stdout);
        Assert.Equal("yes\n", (await Server.Kubectl("auth", "can-i", "get", "/logs")).Stdout);
        Assert.Equal("yes\n", (await Server.Kubectl("auth", "can-i", "create", "nodes", "-A")).Stdout);
    }

    [Fact]
    public async Task A_namespace_admin_cannot_grant_what_they_do_not_hold()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "escalate");
        (await ns.Run("create", "rolebinding", "bob-admin", "--clusterrole=admin", "--user=bob")).EnsureSuccess();
        var bob = await UserKubeconfig.CreateAsync(Server, "bob");
        await Eventually(() => Server.As(bob, "-n", ns.Name, "auth", "can-i", "create", "roles"), r => r.Stdout == "yes\n");

        foreach (var dryRun in new[] { "--dry-run=none", "--dry-run=server" })
        {
            var role = await Server.As(bob, "-n", ns.Name, "create", "role", "node-reader", "--verb=get", "--resource=nodes", dryRun);
            Assert.NotEqual(0, role.ExitCode);
            Assert.Contains("roles.rbac.authorization.k8s.io \"node-reader\" is forbidden: user \"bob\" (groups=[\"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:", role.Stderr);
            Assert.Contains("{APIGroups:[\"\"], Resources:[\"nodes\"], Verbs:[\"get\"]}", role.Stderr);

            var binding = await Server.As(bob, "-n", ns.Name, "create", "rolebinding", "bob-root", "--clusterrole=cluster-admin", "--user=bob", dryRun);
            Assert.NotEqual(0, binding.ExitCode);
            Assert.Contains("rolebindings.rbac.authorization.k8s.io \"bob-root\" is forbidden: user \"bob\"", binding.Stderr);
        }
        (await Server.As(bob, "-n", ns.Name, "create", "rolebinding", "alice-view", "--clusterrole=view", "--user=alice")).EnsureSuccess();
        var forbiddenPath = await Server.As(bob, "get", "--raw", "/metrics");
        Assert.Contains("forbidden: User \"bob\" cannot get path \"/metrics\"", forbiddenPath.Stderr);
    }

    [Fact]
    public async Task A_role_labelled_aggregate_to_view_joins_view_edit_and_admin()
    {
        var name = "widgets-" + SharedServerFixture.UniqueNamespace("agg");
        var yaml = $"""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: {name}
              labels:
                rbac.authorization.k8s.io/aggregate-to-view: "true"
            rules:
            - apiGroups: ["{name}.example.com"]
              resources: ["widgets"]
              verbs: ["get", "list", "watch"]
            """;
        (await Server.Kubectl(["apply", "-f", "-"], yaml)).EnsureSuccess();
        try
        {
            foreach (var role in new[] { "view", "edit", "admin" })
            {
                var groups = await Eventually(() => Server.Kubectl("get", "clusterrole", role, "-o", "jsonpath={.rules[*].apiGroups}"), r => r.Stdout.Contains(name));
                Assert.Contains($"{name}.example.com", groups.Stdout);
            }
        }
        finally
        {
            (await Server.Kubectl("delete", "clusterrole", name)).EnsureSuccess();
        }
        var gone = await Eventually(() => Server.Kubectl("get", "clusterrole", "view", "-o", "jsonpath={.rules[*].apiGroups}"), r => !r.Stdout.Contains(name));
        Assert.DoesNotContain(name, gone.Stdout);
    }

    [Fact]
    public async Task Who_can_lists_the_subjects_bound_through_live_rbac_objects()
    {
        var (ns, _, _) = await ViewerAsync("whocan", "--clusterrole=view");
        var output = await DotkubeAsync("who-can", "list", "pods", "-n", ns.Name, "--kubeconfig", Server.Kubeconfig);
        var lines = output.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("viewercanview ", StringComparison.Ordinal) && l.Contains(ns.Name) && l.Contains("viewer") && l.Contains("ServiceAccount"));
        Assert.Contains(lines, l => l.StartsWith("cluster-admin ", StringComparison.Ordinal) && l.Contains("system:masters") && l.Contains("Group"));

        var nobody = await DotkubeAsync("who-can", "create", "pods", "-n", ns.Name, "--kubeconfig", Server.Kubeconfig);
        Assert.DoesNotContain("viewercanview", nobody);
    }

    private static async Task<string> DotkubeAsync(params string[] args)
    {
        var binary = DotkubeBinary.Locate();
        var start = new ProcessStartInfo(binary.FileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in binary.PrefixArgs.Concat(args))
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(process.ExitCode == 0, $"dotkube {string.Join(' ', args)} exited {process.ExitCode}: {await stderr}");
        return await stdout;
    }
}
