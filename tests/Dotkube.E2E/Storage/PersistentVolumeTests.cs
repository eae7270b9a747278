using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.Storage;

/// <summary>
/// The PV controller, the local-path provisioner and the scheduler's volume binding on the shared
/// server, through kubectl 1.32. Volumes are cluster-wide, so each test names its volumes after its
/// namespace and gives static volumes and claims a class of its own (a class with no StorageClass
/// object binds immediately, as upstream).
/// </summary>
[Collection(SharedServerCollection.Name)]
public class PersistentVolumeTests(SharedServerFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task A_claim_binds_the_smallest_matching_volume_and_kubectl_shows_both_sides()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "pv-bind");
        var c = ns.Name;
        await ns.ApplyAsync(Volume($"{c}-small", c, "1Gi", "ReadWriteOnce", "Retain")
            + Volume($"{c}-medium", c, "3Gi", "ReadWriteOnce", "Retain")
            + Volume($"{c}-large", c, "10Gi", "ReadWriteOnce", "Retain")
            + Volume($"{c}-rwx", c, "2Gi", "ReadWriteMany", "Retain")
            + Claim("data", c, "2Gi"));

        await Eventually.HoldsAsync(async () => await ns.JsonPathAsync("pvc/data", "{.status.phase}") == "Bound" ? null : "claim not bound yet", Wait);
        Assert.Equal($"{c}-medium", await ns.JsonPathAsync("pvc/data", "{.spec.volumeName}"));
        Assert.Equal("3Gi [\"ReadWriteOnce\"]", await ns.JsonPathAsync("pvc/data", "{.status.capacity.storage} {.status.accessModes}"));
        Assert.Equal("yes yes", await ns.JsonPathAsync("pvc/data", "{.metadata.annotations.pv\\.kubernetes\\.io/bind-completed} {.metadata.annotations.pv\\.kubernetes\\.io/bound-by-controller}"));
        Assert.Equal($"Bound {c}/data yes", await ns.JsonPathAsync($"pv/{c}-medium", "{.status.phase} {.spec.claimRef.namespace}/{.spec.claimRef.name} {.metadata.annotations.pv\\.kubernetes\\.io/bound-by-controller}"));
        Assert.Equal("Available", await ns.JsonPathAsync($"pv/{c}-small", "{.status.phase}"));

        var pvc = KubectlTable.Parse((await ns.Run("get", "pvc", "data")).EnsureSuccess().Stdout);
        Assert.Equal(["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE"], pvc.Headers);
        Assert.Equal(["data", "Bound", $"{c}-medium", "3Gi", "RWO", c, "<unset>"], Cells(pvc.Rows[0], "NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS"));

        var pv = KubectlTable.Parse((await ns.Run("get", "pv", $"{c}-medium")).EnsureSuccess().Stdout);
        Assert.Equal(["NAME", "CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "STATUS", "CLAIM", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "REASON", "AGE"], pv.Headers);
        Assert.Equal([$"{c}-medium", "3Gi", "RWO", "Retain", "Bound", $"{c}/data", c, "<unset>"],
            Cells(pv.Rows[0], "NAME", "CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "STATUS", "CLAIM", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS"));
        await DeleteVolumesAsync(ns, $"{c}-small", $"{c}-medium", $"{c}-large", $"{c}-rwx");
    }

    [Fact]
    public async Task Retain_leaves_the_volume_released_and_static_delete_volumes_are_deleted_or_fail_as_upstream()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "pv-reclaim");
        var c = ns.Name;
        // The hostPath deleter runs on the controller's machine (this one) and only under /tmp.
        var directory = Path.Combine(Path.GetTempPath(), "dotkube-e2e-" + c);
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "data.txt"), "x");
        await ns.ApplyAsync(Volume($"{c}-kept", c, "1Gi", "ReadWriteOnce", "Retain", selectorLabel: "kept")
            + Volume($"{c}-tmp", c, "1Gi", "ReadWriteOnce", "Delete", selectorLabel: "tmp", path: directory)
            + Volume($"{c}-srv", c, "1Gi", "ReadWriteOnce", "Delete", selectorLabel: "srv", path: $"/srv/{c}")
            + Volume($"{c}-local", c, "1Gi", "ReadWriteOnce", "Delete", selectorLabel: "local", node: "node1")
            + Claim("kept", c, "1Gi", selectorLabel: "kept")
            + Claim("tmp", c, "1Gi", selectorLabel: "tmp")
            + Claim("srv", c, "1Gi", selectorLabel: "srv")
            + Claim("local", c, "1Gi", selectorLabel: "local"));
        await Eventually.HoldsAsync(async () => await ns.JsonPathAsync("pvc", "{.items[*].status.phase}") == "Bound Bound Bound Bound" ? null : "claims not bound yet", Wait);
        Assert.Equal($"{c}-kept {c}-tmp", await ns.JsonPathAsync("pvc", "{.items[?(@.metadata.name==\"kept\")].spec.volumeName} {.items[?(@.metadata.name==\"tmp\")].spec.volumeName}"));

        (await ns.Run("delete", "pvc", "kept", "tmp", "srv", "local", "--wait=true", "--timeout=30s")).EnsureSuccess();
        await Eventually.HoldsAsync(async () =>
        {
            var phases = await ns.Server.Kubectl("get", "pv", $"{c}-kept", $"{c}-srv", $"{c}-local", "-o", "jsonpath={.items[*].status.phase}");
            return phases.Stdout == "Released Failed Failed" ? null : $"phases are {phases.Stdout}";
        }, Wait);
        Assert.Equal($"{c}/kept", await ns.JsonPathAsync($"pv/{c}-kept", "{.spec.claimRef.namespace}/{.spec.claimRef.name}"));
        Assert.Equal($"host_path deleter only supports /tmp/.+ but received provided /srv/{c}", await ns.JsonPathAsync($"pv/{c}-srv", "{.status.message}"));
        Assert.Equal($"error getting deleter volume plugin for volume \"{c}-local\": no deletable volume plugin matched", await ns.JsonPathAsync($"pv/{c}-local", "{.status.message}"));
        // The /tmp one is gone, object and directory.
        await Eventually.HoldsAsync(async () =>
            (await ns.Server.Kubectl("get", "pv", $"{c}-tmp")).Stderr.Contains("NotFound", StringComparison.Ordinal) ? null : "the /tmp volume is still there", Wait);
        Assert.False(Directory.Exists(directory));
        var events = await ns.Server.Kubectl("get", "events", "-A", "--field-selector", $"involvedObject.name={c}-srv", "-o", "jsonpath={.items[*].reason}");
        Assert.Contains("VolumeFailedDelete", events.EnsureSuccess().Stdout, StringComparison.Ordinal);
        await DeleteVolumesAsync(ns, $"{c}-kept", $"{c}-srv", $"{c}-local");
    }

    [Fact]
    public async Task A_recycle_volume_warns_on_create_and_is_recycled_by_a_pod_back_to_Available()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "pv-recycle");
        var c = ns.Name;
        var created = await ns.ApplyAsync(Volume($"{c}-r", c, "1Gi", "ReadWriteOnce", "Recycle", path: $"/srv/{c}"));
        Assert.Contains("Warning: spec.persistentVolumeReclaimPolicy: The Recycle reclaim policy is deprecated. Instead, the recommended approach is to use dynamic provisioning.",
            created.Stderr, StringComparison.Ordinal);
        var root = await ns.RunWithInput(Volume($"{c}-root", c, "1Gi", "ReadWriteOnce", "Recycle", path: "/"), "apply", "-f", "-");
        Assert.Contains("spec.persistentVolumeReclaimPolicy: Forbidden: may not be 'recycle' for a hostPath mount of '/'", root.Stderr, StringComparison.Ordinal);

        await ns.ApplyAsync(Claim("data", c, "1Gi"));
        await Eventually.HoldsAsync(async () => await ns.JsonPathAsync($"pv/{c}-r", "{.status.phase}") == "Bound" ? null : "not bound yet", Wait);
        (await ns.Run("delete", "pvc", "data", "--wait=true", "--timeout=30s")).EnsureSuccess();

        // The recycler pod runs in default, then the volume is free again with no claimRef.
        await Eventually.HoldsAsync(async () =>
        {
            var state = await ns.JsonPathAsync($"pv/{c}-r", "{.status.phase}/{.spec.claimRef}");
            return state == "Available/" ? null : "volume is " + state;
        }, Wait);
        var events = (await ns.Server.Kubectl("get", "events", "-A", "--field-selector", $"involvedObject.name={c}-r", "-o", "jsonpath={range .items[*]}{.reason}: {.message}{\"\\n\"}{end}")).EnsureSuccess().Stdout;
        Assert.Contains("VolumeRecycled: Volume recycled", events, StringComparison.Ordinal);
        // The pod really ran: the scheduler placed it (its events outlive it).
        await Eventually.HoldsAsync(async () =>
        {
            var reasons = (await ns.Server.Kubectl("get", "events", "-n", "default", "--field-selector", $"involvedObject.name=recycler-for-{c}-r", "-o", "jsonpath={.items[*].reason}")).EnsureSuccess().Stdout;
            return reasons.Contains("Scheduled", StringComparison.Ordinal) ? null : "recycler pod events: " + reasons;
        }, Wait);
        await Eventually.HoldsAsync(async () =>
            (await ns.Server.Kubectl("get", "pod", "-n", "default", $"recycler-for-{c}-r")).Stderr.Contains("NotFound", StringComparison.Ordinal) ? null : "the recycler pod is still there", Wait);
        // The pod's events were copied to the volume, as upstream's recycler does.
        var relayed = (await ns.Server.Kubectl("get", "events", "-A", "--field-selector", $"involvedObject.name={c}-r,reason=RecyclerPod", "-o", "jsonpath={range .items[*]}{.type} {.message}{\"\\n\"}{end}")).EnsureSuccess().Stdout;
        Assert.Matches($"Normal Recycler pod: Successfully assigned default/recycler-for-{c}-r to node[0-9]+\\n", relayed);

        // Free again: a new claim binds it.
        await ns.ApplyAsync(Claim("again", c, "1Gi"));
        await Eventually.HoldsAsync(async () => await ns.JsonPathAsync("pvc/again", "{.status.phase}") == "Bound" ? null : "not bound again", Wait);
        await DeleteVolumesAsync(ns, $"{c}-r");
    }

    [Fact]
    public async Task Local_path_waits_for_the_first_consumer_provisions_on_its_node_and_deletes_on_reclaim()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "pv-local");
        await ns.ApplyAsync(Claim("data", "local-path", "2Gi"));
        await Eventually.HoldsAsync(async () =>
        {
            var events = (await ns.Run("get", "events", "--field-selector", "reason=WaitForFirstConsumer", "-o", "jsonpath={.items[*].message}")).EnsureSuccess().Stdout;
            return events.Contains("waiting for first consumer to be created before binding", StringComparison.Ordinal) ? null : "no WaitForFirstConsumer event yet";
        }, Wait);
        Assert.Equal("Pending", await ns.JsonPathAsync("pvc/data", "{.status.phase}"));

        await ns.ApplyAsync(PodUsing("app", "data"));
        (await ns.Run("wait", "--for=condition=Ready", "pod/app", "--timeout=40s")).EnsureSuccess();
        var node = await ns.JsonPathAsync("pod/app", "{.spec.nodeName}");
        Assert.Matches("^node[0-9]+$", node);
        Assert.Equal("Bound", await ns.JsonPathAsync("pvc/data", "{.status.phase}"));
        Assert.Equal(node + " rancher.io/local-path", await ns.JsonPathAsync("pvc/data", "{.metadata.annotations.volume\\.kubernetes\\.io/selected-node} {.metadata.annotations.volume\\.kubernetes\\.io/storage-provisioner}"));
        var uid = await ns.JsonPathAsync("pvc/data", "{.metadata.uid}");
        var volume = await ns.JsonPathAsync("pvc/data", "{.spec.volumeName}");
        Assert.Equal("pvc-" + uid, volume);
        Assert.Equal($"{node} Delete local-path 2Gi rancher.io/local-path",
            await ns.JsonPathAsync($"pv/{volume}", "{.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values[0]} {.spec.persistentVolumeReclaimPolicy} {.spec.storageClassName} {.spec.capacity.storage} {.metadata.annotations.pv\\.kubernetes\\.io/provisioned-by}"));
        Assert.EndsWith($"/{volume}_{ns.Name}_data", await ns.JsonPathAsync($"pv/{volume}", "{.spec.hostPath.path}"), StringComparison.Ordinal);
        var succeeded = (await ns.Run("get", "events", "--field-selector", "reason=ProvisioningSucceeded", "-o", "jsonpath={.items[*].message}")).EnsureSuccess().Stdout;
        Assert.Equal($"Successfully provisioned volume {volume}", succeeded);

        (await ns.Run("delete", "pod", "app", "--wait=true", "--timeout=30s")).EnsureSuccess();
        (await ns.Run("delete", "pvc", "data", "--wait=true", "--timeout=30s")).EnsureSuccess();
        await Eventually.HoldsAsync(async () =>
        {
            var r = await ns.Run("get", "pv", volume);
            return r.ExitCode != 0 && r.Stderr.Contains("NotFound", StringComparison.Ordinal) ? null : "the provisioned volume is still there: " + r.Stdout;
        }, Wait);
    }

    [Fact]
    public async Task The_scheduler_binds_a_static_WaitForFirstConsumer_volume_on_the_node_it_is_pinned_to()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "pv-wffc");
        var c = ns.Name;
        (await fixture.Server.Kubectl(["apply", "-f", "-"], $$"""
            apiVersion: storage.k8s.io/v1
            kind: StorageClass
            metadata: {name: {{c}}}
            provisioner: kubernetes.io/no-provisioner
            volumeBindingMode: WaitForFirstConsumer
            """)).EnsureSuccess();
        await ns.ApplyAsync(Volume($"{c}-on-node2", c, "5Gi", "ReadWriteOnce", "Retain", node: "node2") + Claim("data", c, "1Gi"));
        await Eventually.HoldsAsync(async () =>
            (await ns.Run("get", "events", "--field-selector", "reason=WaitForFirstConsumer", "-o", "name")).EnsureSuccess().Stdout.Length > 0 ? null : "no WaitForFirstConsumer event yet", Wait);
        Assert.Equal("Pending/", await ns.JsonPathAsync("pvc/data", "{.status.phase}/{.spec.volumeName}"));

        await ns.ApplyAsync(PodUsing("app", "data"));
        (await ns.Run("wait", "--for=condition=Ready", "pod/app", "--timeout=40s")).EnsureSuccess();
        Assert.Equal("node2", await ns.JsonPathAsync("pod/app", "{.spec.nodeName}"));
        Assert.Equal($"Bound {c}-on-node2", await ns.JsonPathAsync("pvc/data", "{.status.phase} {.spec.volumeName}"));
        Assert.Equal($"Bound {c}/data yes", await ns.JsonPathAsync($"pv/{c}-on-node2", "{.status.phase} {.spec.claimRef.namespace}/{.spec.claimRef.name} {.metadata.annotations.pv\\.kubernetes\\.io/bound-by-controller}"));
        (await fixture.Server.Kubectl("delete", "storageclass", c)).EnsureSuccess();
        await DeleteVolumesAsync(ns, $"{c}-on-node2");
    }

    [Fact]
    public async Task A_pod_whose_claim_is_unbound_and_immediate_stays_pending_with_the_upstream_message()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "pv-unbound");
        await ns.ApplyAsync(Claim("data", ns.Name + "-nothing", "1Gi") + PodUsing("app", "data"));
        await Eventually.HoldsAsync(async () =>
            (await ns.JsonPathAsync("pod/app", "{.status.conditions[?(@.type==\"PodScheduled\")].message}")).Length > 0 ? null : "no PodScheduled condition yet", Wait);
        Assert.Equal("0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..",
            await ns.JsonPathAsync("pod/app", "{.status.conditions[?(@.type==\"PodScheduled\")].message}"));
        // The doubled full stop is upstream's, as for every fit error with a preemption message.
        var failed = (await ns.Run("get", "events", "--field-selector", "reason=ProvisioningFailed", "-o", "jsonpath={.items[*].message}")).EnsureSuccess().Stdout;
        Assert.Equal($"storageclass.storage.k8s.io \"{ns.Name}-nothing\" not found", failed);
    }

    [Fact]
    public async Task The_local_path_class_is_installed_as_the_default()
    {
        var table = KubectlTable.Parse((await fixture.Server.Kubectl("get", "storageclass", "local-path")).EnsureSuccess().Stdout);
        Assert.Equal(["NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE"], table.Headers);
        Assert.Equal(["local-path (default)", "rancher.io/local-path", "Delete", "WaitForFirstConsumer", "false"],
            Cells(table.Rows[0], "NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION"));
    }

    internal static string Volume(string name, string className, string size, string mode, string policy, string? selectorLabel = null, string? node = null, string? path = null)
    {
        var lines = new List<string>
        {
            "---",
            "apiVersion: v1",
            "kind: PersistentVolume",
            "metadata:",
            $"  name: {name}",
            selectorLabel is null ? "  labels: {}" : $"  labels: {{use: {selectorLabel}}}",
            "spec:",
            $"  capacity: {{storage: {size}}}",
            $"  accessModes: [{mode}]",
            $"  persistentVolumeReclaimPolicy: {policy}",
        };
        if (className.Length > 0)
        {
            lines.Add($"  storageClassName: {className}");
        }
        if (node is null)
        {
            lines.Add($"  hostPath: {{path: \"{path ?? "/tmp/" + name}\"}}");
        }
        else
        {
            lines.Add("  local: {path: /mnt/data}");
            lines.Add("  nodeAffinity:");
            lines.Add("    required:");
            lines.Add("      nodeSelectorTerms:");
            lines.Add($"      - matchExpressions: [{{key: kubernetes.io/hostname, operator: In, values: [{node}]}}]");
        }
        return string.Join("\n", lines) + "\n";
    }

    internal static string Claim(string name, string? className, string size, string? selectorLabel = null)
    {
        var lines = new List<string>
        {
            "---",
            "apiVersion: v1",
            "kind: PersistentVolumeClaim",
            $"metadata: {{name: {name}}}",
            "spec:",
            "  accessModes: [ReadWriteOnce]",
            $"  resources: {{requests: {{storage: {size}}}}}",
        };
        if (className is not null)
        {
            lines.Add($"  storageClassName: \"{className}\"");
        }
        if (selectorLabel is not null)
        {
            lines.Add($"  selector: {{matchLabels: {{use: {selectorLabel}}}}}");
        }
        return string.Join("\n", lines) + "\n";
    }

    internal static string PodUsing(string name, string claim, string? antiAffinityLabel = null)
    {
        var lines = new List<string>
        {
            "---",
            "apiVersion: v1",
            "kind: Pod",
            "metadata:",
            $"  name: {name}",
            $"  labels: {{app: {antiAffinityLabel ?? name}}}",
            "spec:",
        };
        if (antiAffinityLabel is not null)
        {
            lines.Add("  affinity:");
            lines.Add("    podAntiAffinity:");
            lines.Add("      requiredDuringSchedulingIgnoredDuringExecution:");
            lines.Add($"      - labelSelector: {{matchLabels: {{app: {antiAffinityLabel}}}}}");
            lines.Add("        topologyKey: kubernetes.io/hostname");
        }
        lines.Add("  containers:");
        lines.Add("  - {name: main, image: nginx, volumeMounts: [{name: data, mountPath: /data}]}");
        lines.Add($"  volumes: [{{name: data, persistentVolumeClaim: {{claimName: {claim}}}}}]");
        return string.Join("\n", lines) + "\n";
    }

    /// <summary>The cells of a table row, in the order of <paramref name="columns"/>.</summary>
    internal static string[] Cells(IReadOnlyDictionary<string, string> row, params string[] columns) => [.. columns.Select(c => row[c])];

    private static async Task DeleteVolumesAsync(KubectlNamespace ns, params string[] names) =>
        (await ns.Server.Kubectl(["delete", "pv", .. names, "--wait=false"])).EnsureSuccess();
}
