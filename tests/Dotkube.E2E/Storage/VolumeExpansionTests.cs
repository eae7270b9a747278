using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.Storage;

/// <summary>
/// Volume expansion through kubectl 1.32: the PersistentVolumeClaimResize admission plugin and
/// claim validation refuse what upstream refuses; for a local-path claim of a class with
/// allowVolumeExpansion, the persistentvolume-expander waits for an external resizer, the
/// local-path provisioner resizes the volume, and the simulated node running a pod with the claim
/// finishes the filesystem step (at once, or when such a pod starts).
/// </summary>
[Collection(SharedServerCollection.Name)]
public class VolumeExpansionTests(SharedServerFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task A_local_path_claim_grows_in_use_and_later_once_a_pod_mounts_it_and_never_shrinks()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "pv-expand");
        var className = ns.Name + "-expandable";
        await ns.ApplyAsync(ExpandableClass(className) + PersistentVolumeTests.Claim("data", className, "1Gi") + PersistentVolumeTests.PodUsing("app", "data"));
        (await ns.Run("wait", "--for=condition=Ready", "pod/app", "--timeout=40s")).EnsureSuccess();
        var volume = await ns.JsonPathAsync("pvc/data", "{.spec.volumeName}");

        (await ns.Run("patch", "pvc", "data", "-p", """{"spec":{"resources":{"requests":{"storage":"2Gi"}}}}""")).EnsureSuccess();
        await Eventually.HoldsAsync(async () => await CapacityColumnAsync(ns) == "2Gi" ? null : "claim capacity not 2Gi yet", Wait);
        Assert.Equal("2Gi", await ns.JsonPathAsync($"pv/{volume}", "{.spec.capacity.storage}"));
        Assert.Equal("2Gi||", await ns.JsonPathAsync("pvc/data", "{.status.allocatedResources.storage}|{.status.allocatedResourceStatuses}|{.status.conditions}"));
        await Eventually.HoldsAsync(async () =>
        {
            var reasons = await EventReasonsAsync(ns, "PersistentVolumeClaim", "data");
            return new[] { "ExternalExpanding", "Resizing", "FileSystemResizeRequired", "FileSystemResizeSuccessful" }.All(reasons.Contains) ? null : "events so far: " + string.Join(",", reasons);
        }, Wait);
        var messages = (await ns.Run("get", "events", "--field-selector", "involvedObject.kind=PersistentVolumeClaim,reason=Resizing", "-o", "jsonpath={.items[*].message} {.items[*].source.component}")).EnsureSuccess().Stdout;
        Assert.Equal($"External resizer is resizing volume {volume} external-resizer rancher.io/local-path", messages);
        var node = await ns.JsonPathAsync("pod/app", "{.spec.nodeName}");
        var finished = (await ns.Run("get", "events", "--field-selector", "involvedObject.kind=Pod,reason=FileSystemResizeSuccessful", "-o", "jsonpath={.items[*].message}")).EnsureSuccess().Stdout;
        Assert.Equal($"MountVolume.NodeExpandVolume succeeded for volume \"{volume}\" {node}", finished);

        // Without a pod the node cannot finish: the claim waits with FileSystemResizePending.
        (await ns.Run("delete", "pod", "app", "--wait=true", "--timeout=30s")).EnsureSuccess();
        (await ns.Run("patch", "pvc", "data", "-p", """{"spec":{"resources":{"requests":{"storage":"3Gi"}}}}""")).EnsureSuccess();
        await Eventually.HoldsAsync(async () => await ns.JsonPathAsync("pvc/data", "{.status.allocatedResourceStatuses.storage}") == "NodeResizePending" ? null : "not pending on a node yet", Wait);
        Assert.Equal("3Gi 2Gi 3Gi", await ns.JsonPathAsync("pvc/data", $"{{.status.allocatedResources.storage}} {{.status.capacity.storage}} {{.spec.resources.requests.storage}}"));
        Assert.Equal("3Gi", await ns.JsonPathAsync($"pv/{volume}", "{.spec.capacity.storage}"));
        Assert.Equal("FileSystemResizePending True Waiting for user to (re-)start a pod to finish file system resize of volume on node.",
            await ns.JsonPathAsync("pvc/data", "{.status.conditions[0].type} {.status.conditions[0].status} {.status.conditions[0].message}"));
        await ns.ApplyAsync(PersistentVolumeTests.PodUsing("app", "data"));
        await Eventually.HoldsAsync(async () => await CapacityColumnAsync(ns) == "3Gi" ? null : "claim capacity not 3Gi yet", Wait);

        var shrink = await ns.Run("patch", "pvc", "data", "-p", """{"spec":{"resources":{"requests":{"storage":"1Gi"}}}}""");
        Assert.NotEqual(0, shrink.ExitCode);
        Assert.Equal("The PersistentVolumeClaim \"data\" is invalid: spec.resources.requests.storage: Forbidden: field can not be less than status.capacity",
            shrink.Stderr.Trim().Replace("Error from server (Invalid): ", "", StringComparison.Ordinal));
        (await ns.Run("delete", "pod", "app", "--wait=false")).EnsureSuccess();
        (await fixture.Server.Kubectl("delete", "storageclass", className, "--wait=false")).EnsureSuccess();
    }

    [Fact]
    public async Task A_claim_of_a_class_without_allowVolumeExpansion_is_refused_as_upstream()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "pv-noexpand");
        await ns.ApplyAsync(PersistentVolumeTests.Claim("data", "local-path", "1Gi") + PersistentVolumeTests.PodUsing("app", "data"));
        await Eventually.HoldsAsync(async () => await ns.JsonPathAsync("pvc/data", "{.status.phase}") == "Bound" ? null : "claim not bound yet", Wait);

        var grow = await ns.Run("patch", "pvc", "data", "-p", """{"spec":{"resources":{"requests":{"storage":"2Gi"}}}}""");
        Assert.NotEqual(0, grow.ExitCode);
        Assert.Equal("Error from server (Forbidden): persistentvolumeclaims \"data\" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize",
            grow.Stderr.Trim());
        (await ns.Run("delete", "pod", "app", "--wait=false")).EnsureSuccess();
    }

    private static async Task<string> CapacityColumnAsync(KubectlNamespace ns)
    {
        var table = KubectlTable.Parse((await ns.Run("get", "pvc", "data")).EnsureSuccess().Stdout);
        return table.Rows[0]["CAPACITY"];
    }

    private static async Task<HashSet<string>> EventReasonsAsync(KubectlNamespace ns, string kind, string name)
    {
        var r = (await ns.Run("get", "events", "--field-selector", $"involvedObject.kind={kind},involvedObject.name={name}", "-o", "jsonpath={.items[*].reason}")).EnsureSuccess();
        return [.. r.Stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
    }

    private static string ExpandableClass(string name) => string.Join("\n",
        "---",
        "apiVersion: storage.k8s.io/v1",
        "kind: StorageClass",
        $"metadata: {{name: {name}}}",
        "provisioner: rancher.io/local-path",
        "reclaimPolicy: Delete",
        "volumeBindingMode: WaitForFirstConsumer",
        "allowVolumeExpansion: true") + "\n";
}
