using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.Workloads;

/// <summary>The StatefulSet controller of a default server, driven by kubectl 1.32 on simulated nodes.</summary>
[Collection(SharedServerCollection.Name)]
public class StatefulSetTests(SharedServerFixture fixture)
{
    private const string WatchFormat = "jsonpath={.metadata.name} {.status.phase} {.status.conditions[?(@.type==\"Ready\")].status} {.metadata.labels.controller-revision-hash} {.metadata.deletionTimestamp}{\"\\n\"}";

    /// <summary>A set of three without claims whose pods become ready a second after starting, so order shows.</summary>
    private static string Web(string image) => $$$"""
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: web}
        spec:
          serviceName: web
          replicas: 3
          selector: {matchLabels: {app: web}}
          template:
            metadata:
              labels: {app: web}
              annotations: {sim.dotkube.io/ready-delay: 1s}
            spec: {containers: [{name: c, image: "{{{image}}}"}]}
        """;

    private sealed record PodLine(string Name, string Phase, string Ready, string Revision, bool Deleting);

    private static PodLine Parse(string line)
    {
        var f = line.Split(' ');
        return new PodLine(f[0], f.ElementAtOrDefault(1) ?? "", f.ElementAtOrDefault(2) ?? "", f.ElementAtOrDefault(3) ?? "", !string.IsNullOrEmpty(f.ElementAtOrDefault(4)));
    }

    [Fact]
    public async Task A_stateful_set_comes_up_in_order_rolls_back_to_front_and_undoes()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "sts-order");
        await using var watch = BackgroundKubectl.Start(fixture.Server, "-n", ns.Name, "get", "pods", "-l", "app=web", "-w", "-o", WatchFormat);
        await ns.ApplyAsync(Web("nginx:1.0"));

        // Up: each pod appears only once the one before it is Running and Ready.
        var ready = new HashSet<string>();
        var firstSeen = new List<string>();
        while (!ready.Contains("web-2"))
        {
            var pod = Parse(await watch.WaitForLineAsync(l => l.StartsWith("web-", StringComparison.Ordinal), "a web pod", TimeSpan.FromSeconds(60)));
            if (!firstSeen.Contains(pod.Name))
            {
                var ordinal = int.Parse(pod.Name["web-".Length..], System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(ordinal == 0 || ready.Contains($"web-{ordinal - 1}"), $"{pod.Name} created before web-{ordinal - 1} was ready\n{watch.Transcript()}");
                firstSeen.Add(pod.Name);
            }
            if (pod.Phase == "Running" && pod.Ready == "True")
            {
                ready.Add(pod.Name);
            }
        }
        Assert.Equal(["web-0", "web-1", "web-2"], firstSeen);
        Assert.Contains("partitioned roll out complete: 3 new pods have been updated", (await ns.Run("rollout", "status", "sts/web", "--timeout=60s")).EnsureSuccess().Stdout, StringComparison.Ordinal);
        var firstRevision = await ns.JsonPathAsync("sts/web", "{.status.updateRevision}");
        Assert.Matches("^web-[bcdfghjklmnpqrstvwxz2456789]+$", firstRevision);
        Assert.Equal("3/3/3/3", await ns.JsonPathAsync("sts/web", "{.status.replicas}/{.status.readyReplicas}/{.status.currentReplicas}/{.status.availableReplicas}"));
        Assert.Equal($"web-1 web 1 web-1 {firstRevision}", await ns.JsonPathAsync("pod/web-1",
            "{.spec.hostname} {.spec.subdomain} {.metadata.labels.apps\\.kubernetes\\.io/pod-index} {.metadata.labels.statefulset\\.kubernetes\\.io/pod-name} {.metadata.labels.controller-revision-hash}"));
        var created = (await ns.Run("get", "events", "--field-selector", "reason=SuccessfulCreate", "-o", "jsonpath={range .items[*]}{.message}{\"\\n\"}{end}")).EnsureSuccess().Stdout;
        Assert.Contains("create Pod web-0 in StatefulSet web successful", created, StringComparison.Ordinal);

        // Rolling update: pods are replaced from the highest ordinal down.
        (await ns.Run("set", "image", "sts/web", "c=nginx:2.0")).EnsureSuccess();
        var deleted = new List<string>();
        while (deleted.Count < 3)
        {
            var pod = Parse(await watch.WaitForLineAsync(l => l.StartsWith("web-", StringComparison.Ordinal), "a web pod", TimeSpan.FromSeconds(60)));
            if (pod.Deleting && !deleted.Contains(pod.Name))
            {
                deleted.Add(pod.Name);
            }
        }
        Assert.Equal(["web-2", "web-1", "web-0"], deleted);
        (await ns.Run("rollout", "status", "sts/web", "--timeout=60s")).EnsureSuccess();
        var secondRevision = await ns.JsonPathAsync("sts/web", "{.status.updateRevision}");
        Assert.NotEqual(firstRevision, secondRevision);
        await Eventually.HoldsAsync(async () =>
        {
            var state = await ns.JsonPathAsync("sts/web", "{.status.currentRevision} {.status.updatedReplicas}");
            return state == $"{secondRevision} 3" ? null : state;
        }, TimeSpan.FromSeconds(30));
        Assert.Equal("nginx:2.0 nginx:2.0 nginx:2.0", await ns.JsonPathAsync("pods", "{.items[*].spec.containers[0].image}"));

        // History and undo: kubectl reads the ControllerRevisions and patches the template back.
        var history = (await ns.Run("rollout", "history", "sts/web")).EnsureSuccess().Stdout;
        Assert.Matches(@"REVISION\s+CHANGE-CAUSE\s+1\s+<none>\s+2\s+<none>", history);
        (await ns.Run("rollout", "undo", "sts/web")).EnsureSuccess();
        (await ns.Run("rollout", "status", "sts/web", "--timeout=60s")).EnsureSuccess();
        await Eventually.HoldsAsync(async () =>
        {
            var images = await ns.JsonPathAsync("pods", "{.items[*].spec.containers[0].image}");
            var current = await ns.JsonPathAsync("sts/web", "{.status.currentRevision}");
            return images == "nginx:1.0 nginx:1.0 nginx:1.0" && current == firstRevision ? null : $"{images} at {current}";
        }, TimeSpan.FromSeconds(60));
        Assert.Equal("3", await ns.JsonPathAsync($"controllerrevision/{firstRevision}", "{.revision}"));

        // Scale down goes from the highest ordinal.
        (await ns.Run("scale", "sts/web", "--replicas=1")).EnsureSuccess();
        await Eventually.HoldsAsync(async () =>
        {
            var names = await ns.JsonPathAsync("pods", "{.items[*].metadata.name}");
            return names == "web-0" ? null : names;
        }, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Volume_claim_templates_create_claims_named_after_template_set_and_ordinal()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "sts-claims");
        await ns.ApplyAsync("""
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db}
            spec:
              serviceName: db
              replicas: 2
              podManagementPolicy: Parallel
              persistentVolumeClaimRetentionPolicy: {whenDeleted: Delete, whenScaled: Retain}
              selector: {matchLabels: {app: db}}
              template:
                metadata: {labels: {app: db}}
                spec:
                  containers:
                  - name: c
                    image: postgres
                    volumeMounts: [{name: data, mountPath: /var/lib/postgresql}]
              volumeClaimTemplates:
              - metadata: {name: data}
                spec:
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 1Gi}}
            """);
        await Eventually.HoldsAsync(async () =>
        {
            var names = await ns.JsonPathAsync("pvc", "{.items[*].metadata.name}");
            return names == "data-db-0 data-db-1" ? null : names;
        }, TimeSpan.FromSeconds(30));
        var uid = await ns.JsonPathAsync("sts/db", "{.metadata.uid}");
        Assert.Equal($"StatefulSet db {uid} true db", await ns.JsonPathAsync("pvc/data-db-0",
            "{.metadata.ownerReferences[0].kind} {.metadata.ownerReferences[0].name} {.metadata.ownerReferences[0].uid} {.metadata.ownerReferences[0].controller} {.metadata.labels.app}"));
        Assert.Equal("data-db-1", await ns.JsonPathAsync("pod/db-1", "{.spec.volumes[?(@.name==\"data\")].persistentVolumeClaim.claimName}"));
        var events = (await ns.Run("get", "events", "--field-selector", "reason=SuccessfulCreate", "-o", "jsonpath={range .items[*]}{.message}{\"\\n\"}{end}")).EnsureSuccess().Stdout;
        Assert.Contains("create Claim data-db-0 Pod db-0 in StatefulSet db success", events, StringComparison.Ordinal);

        // whenDeleted: Retain again: the set's reference comes off the claims.
        (await ns.Run("patch", "sts/db", "--type=merge", "-p", "{\"spec\":{\"persistentVolumeClaimRetentionPolicy\":{\"whenDeleted\":\"Retain\"}}}")).EnsureSuccess();
        await Eventually.HoldsAsync(async () =>
        {
            var owners = await ns.JsonPathAsync("pvc", "{.items[*].metadata.ownerReferences}");
            return owners == "" ? null : owners;
        }, TimeSpan.FromSeconds(30));
    }
}
