using System.Diagnostics;
using Dotkube.E2E.Harness;

namespace Dotkube.E2E.Admission;

/// <summary>
/// --enable-admission-plugins / --disable-admission-plugins and the plugins' own flags, each on
/// a server of its own (they change what every pod and claim gets).
/// </summary>
public class AdmissionFlagsTests
{
    [Fact]
    public async Task Flags_turn_plugins_on_and_off_and_set_the_toleration_seconds()
    {
        await using var server = await DotkubeServer.StartAsync(new DotkubeServerOptions
        {
            ExtraArgs =
            [
                "--simulated-nodes=0",
                // Only the serviceaccount controller (pods need their namespace's default
                // account): the node lifecycle controller would soon reconcile the new node's
                // condition taints, and this test looks at what admission alone does.
                "--controllers=serviceaccount",
                "--enable-admission-plugins=TaintNodesByCondition,NamespaceAutoProvision",
                "--disable-admission-plugins=LimitRanger",
                "--default-not-ready-toleration-seconds=60",
                "--default-unreachable-toleration-seconds=90",
            ],
        });

        // The serviceaccount controller runs once the controller manager holds its lease.
        for (var i = 0; i < 100 && !(await server.Kubectl("-n", "default", "get", "serviceaccount", "default")).Succeeded; i++)
        {
            await Task.Delay(100);
        }

        // NamespaceAutoProvision: a pod in a namespace nobody created creates it.
        (await server.Kubectl("-n", "auto-made", "run", "web", "--image=nginx")).EnsureSuccess();
        Assert.Equal("Active", (await server.Kubectl("get", "namespace", "auto-made", "-o", "jsonpath={.status.phase}")).EnsureSuccess().Stdout);
        Assert.Equal("60 90", (await server.Kubectl("-n", "auto-made", "get", "pod", "web", "-o", "jsonpath={.spec.tolerations[*].tolerationSeconds}")).EnsureSuccess().Stdout);

        // LimitRanger is off: no defaults from a LimitRange.
        (await server.Kubectl(["-n", "auto-made", "create", "-f", "-"],
            "apiVersion: v1\nkind: LimitRange\nmetadata: {name: l}\nspec:\n  limits: [{type: Container, default: {cpu: 500m}}]\n")).EnsureSuccess();
        (await server.Kubectl("-n", "auto-made", "run", "bare", "--image=nginx")).EnsureSuccess();
        Assert.Equal("{}", (await server.Kubectl("-n", "auto-made", "get", "pod", "bare", "-o", "jsonpath={.spec.containers[0].resources}")).EnsureSuccess().Stdout);

        // TaintNodesByCondition: a new node starts tainted not-ready.
        (await server.Kubectl(["create", "-f", "-"], "apiVersion: v1\nkind: Node\nmetadata: {name: extra}\n")).EnsureSuccess();
        Assert.Equal("node.kubernetes.io/not-ready:NoSchedule",
            (await server.Kubectl("get", "node", "extra", "-o", "jsonpath={.spec.taints[0].key}:{.spec.taints[0].effect}")).EnsureSuccess().Stdout);

        // DefaultStorageClass: the newest default class is given to a claim that names none.
        foreach (var name in new[] { "older", "newer" })
        {
            (await server.Kubectl(["create", "-f", "-"],
                $"apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: {name}\n  annotations: {{storageclass.kubernetes.io/is-default-class: \"true\"}}\nprovisioner: example.com/x\n")).EnsureSuccess();
            await Task.Delay(TimeSpan.FromSeconds(1.1)); // creation timestamps are whole seconds
        }
        (await server.Kubectl(["-n", "auto-made", "create", "-f", "-"],
            "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data}\nspec:\n  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 1Gi}}\n")).EnsureSuccess();
        Assert.Equal("newer", (await server.Kubectl("-n", "auto-made", "get", "pvc", "data", "-o", "jsonpath={.spec.storageClassName}")).EnsureSuccess().Stdout);

        // Priority: a global default class applies to pods naming none, and only one may exist.
        (await server.Kubectl(["create", "-f", "-"], "apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: standard}\nvalue: 100\nglobalDefault: true\n")).EnsureSuccess();
        var second = await server.Kubectl(["create", "-f", "-"], "apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: another}\nvalue: 5\nglobalDefault: true\n");
        Assert.Contains("priorityclasses.scheduling.k8s.io \"another\" is forbidden: PriorityClass standard is already marked as default. Only one default can exist", second.Stderr, StringComparison.Ordinal);
        (await server.Kubectl("-n", "auto-made", "run", "prioritized", "--image=nginx")).EnsureSuccess();
        Assert.Equal("standard 100", (await server.Kubectl("-n", "auto-made", "get", "pod", "prioritized", "-o", "jsonpath={.spec.priorityClassName} {.spec.priority}")).EnsureSuccess().Stdout);
    }

    [Theory]
    [InlineData("--enable-admission-plugins=NoSuchPlugin", "enable-admission-plugins plugin \"NoSuchPlugin\" is unknown")]
    [InlineData("--disable-admission-plugins=NoSuchPlugin", "disable-admission-plugins plugin \"NoSuchPlugin\" is unknown")]
    [InlineData("--enable-admission-plugins=AlwaysPullImages", "enable-admission-plugins plugin \"AlwaysPullImages\" is not implemented by dotkube yet")]
    public async Task A_bad_plugin_name_refuses_to_start(string flag, string message)
    {
        var binary = DotkubeBinary.Locate();
        var dataDir = Directory.CreateTempSubdirectory("dotkube-admission-").FullName;
        try
        {
            var start = new ProcessStartInfo(binary.FileName) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in binary.PrefixArgs.Concat(["server", "--data-dir", dataDir, "--port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture), flag]))
            {
                start.ArgumentList.Add(arg);
            }
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
            Assert.NotEqual(0, process.ExitCode);
            Assert.Contains(message, await stderr + await stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
