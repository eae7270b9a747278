using Dotkube.Controllers.StatefulSet;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace Dotkube.Controllers.Tests.StatefulSet;

public class StatefulSetControlTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static V1StatefulSet Set(int replicas, string policy = "OrderedReady", string image = "nginx", int? partition = 0,
        string strategy = "RollingUpdate", int minReadySeconds = 0, bool claims = false, string whenDeleted = "Retain", string whenScaled = "Retain") => new()
        {
            ApiVersion = "apps/v1",
            Kind = "StatefulSet",
            Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Uid = "set-uid", Generation = 1 },
            Spec = new V1StatefulSetSpec
            {
                Replicas = replicas,
                ServiceName = "web",
                PodManagementPolicy = policy,
                MinReadySeconds = minReadySeconds,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                UpdateStrategy = new V1StatefulSetUpdateStrategy
                {
                    Type = strategy,
                    RollingUpdate = strategy == "RollingUpdate" ? new V1RollingUpdateStatefulSetStrategy { Partition = partition } : null,
                },
                PersistentVolumeClaimRetentionPolicy = new V1StatefulSetPersistentVolumeClaimRetentionPolicy { WhenDeleted = whenDeleted, WhenScaled = whenScaled },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = image }] },
                },
                VolumeClaimTemplates = claims
                    ? [new V1PersistentVolumeClaim { Metadata = new V1ObjectMeta { Name = "data" }, Spec = new V1PersistentVolumeClaimSpec { AccessModes = ["ReadWriteOnce"] } }]
                    : null,
            },
        };

    private sealed class Harness
    {
        public FakeTimeProvider Clock { get; } = new(T0);

        public FakeStatefulSetObjects Objects { get; }

        public StatefulSetControl Control { get; }

        public Harness()
        {
            Objects = new FakeStatefulSetObjects(Clock);
            Control = new StatefulSetControl(Objects, Clock);
        }

        /// <summary>One sync with what the fake API holds, the status it wrote fed back into the set.</summary>
        public async Task<V1StatefulSetStatus> SyncAsync(V1StatefulSet set)
        {
            set.Status = Objects.Status ?? set.Status;
            var status = await Control.SyncAsync(set, [.. Objects.Pods.Values], [.. Objects.Revisions.Values], CancellationToken.None);
            set.Status = Objects.Status ?? status;
            return status;
        }

        /// <summary>What a kubelet reports: the pod runs and is ready since now.</summary>
        public void Run(params string[] names)
        {
            foreach (var name in names)
            {
                var pod = Objects.Pods[name];
                pod.Status = new V1PodStatus
                {
                    Phase = "Running",
                    Conditions = [new V1PodCondition { Type = "Ready", Status = "True", LastTransitionTime = Clock.GetUtcNow().UtcDateTime }],
                };
            }
        }

        public string Created => string.Join(",", Objects.Log.Where(l => l.StartsWith("create pod", StringComparison.Ordinal)).Select(l => l[11..]));

        public string Deleted => string.Join(",", Objects.Log.Where(l => l.StartsWith("delete pod", StringComparison.Ordinal)).Select(l => l[11..]));
    }

    [Theory]
    [InlineData("OrderedReady", "", "web-0")]
    [InlineData("OrderedReady", "web-0", "web-0,web-1")]
    [InlineData("OrderedReady", "web-0,web-1", "web-0,web-1,web-2")]
    [InlineData("Parallel", "", "web-0,web-1,web-2")]
    public async Task Ordered_ready_creates_one_pod_after_the_previous_is_ready_and_parallel_creates_all(string policy, string readyBefore, string expected)
    {
        var h = new Harness();
        var set = Set(3, policy);
        await h.SyncAsync(set);
        foreach (var name in readyBefore.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            h.Run(name);
            await h.SyncAsync(set);
        }
        // Syncing again without a pod becoming ready creates nothing more.
        await h.SyncAsync(set);
        Assert.Equal(expected, h.Created);
    }

    [Fact]
    public async Task A_pod_that_is_running_but_not_ready_holds_the_next_ordinal_back()
    {
        var h = new Harness();
        var set = Set(2);
        await h.SyncAsync(set);
        h.Objects.Pods["web-0"].Status = new V1PodStatus { Phase = "Running", Conditions = [new V1PodCondition { Type = "Ready", Status = "False" }] };
        await h.SyncAsync(set);
        Assert.Equal("web-0", h.Created);
    }

    [Fact]
    public async Task New_pods_get_their_identity_labels_hostname_subdomain_and_revision()
    {
        var h = new Harness();
        var set = Set(1);
        var status = await h.SyncAsync(set);
        var pod = h.Objects.Pods["web-0"];
        Assert.Equal("web-0", pod.Spec.Hostname);
        Assert.Equal("web", pod.Spec.Subdomain);
        Assert.Equal("web-0", pod.Metadata.Labels[StatefulPods.PodNameLabel]);
        Assert.Equal("0", pod.Metadata.Labels[StatefulPods.PodIndexLabel]);
        Assert.Equal(status.UpdateRevision, pod.Metadata.Labels[StatefulPods.RevisionLabel]);
        Assert.StartsWith("web-", status.UpdateRevision, StringComparison.Ordinal);
        Assert.Equal("set-uid", Assert.Single(pod.Metadata.OwnerReferences).Uid);
        Assert.Contains("Normal SuccessfulCreate create Pod web-0 in StatefulSet web successful", h.Objects.Events);
    }

    [Theory]
    [InlineData("OrderedReady", false, "web-2")]
    [InlineData("OrderedReady", true, "")]
    [InlineData("Parallel", false, "web-2,web-1")]
    public async Task Scaling_down_deletes_from_the_highest_ordinal(string policy, bool highestTerminating, string expected)
    {
        var h = new Harness();
        var set = Set(3, "Parallel");
        await h.SyncAsync(set);
        h.Run("web-0", "web-1", "web-2");
        if (highestTerminating)
        {
            h.Objects.Pods["web-2"].Metadata.DeletionTimestamp = T0.UtcDateTime;
        }
        set.Spec.PodManagementPolicy = policy;
        set.Spec.Replicas = 1;
        await h.SyncAsync(set);
        Assert.Equal(expected, h.Deleted);
    }

    [Theory]
    [InlineData("RollingUpdate", 0, "web-2")]
    [InlineData("RollingUpdate", 2, "web-2")]
    [InlineData("RollingUpdate", 3, "")]
    [InlineData("OnDelete", 0, "")]
    public async Task A_new_template_replaces_pods_from_the_highest_ordinal_down_to_the_partition(string strategy, int partition, string expected)
    {
        var h = new Harness();
        var set = Set(3, "Parallel", partition: partition, strategy: strategy);
        await h.SyncAsync(set);
        h.Run("web-0", "web-1", "web-2");
        await h.SyncAsync(set);
        set.Spec.Template.Spec.Containers[0].Image = "nginx:2";
        set.Metadata.Generation = 2;
        var status = await h.SyncAsync(set);
        Assert.Equal(expected, h.Deleted);
        Assert.NotEqual(status.CurrentRevision, status.UpdateRevision);
    }

    [Fact]
    public async Task A_rolling_update_goes_two_one_zero_and_then_the_update_revision_becomes_current()
    {
        var h = new Harness();
        var set = Set(3, "OrderedReady");
        for (var i = 0; i < 3; i++)
        {
            await h.SyncAsync(set);
            h.Run($"web-{i}");
        }
        var first = (await h.SyncAsync(set)).CurrentRevision;
        set.Spec.Template.Spec.Containers[0].Image = "nginx:2";
        for (var round = 0; round < 10 && h.Deleted.Split(',').Length < 3; round++)
        {
            await h.SyncAsync(set); // deletes the highest old pod
            await h.SyncAsync(set); // recreates it at the update revision
            foreach (var name in h.Objects.Pods.Keys.Where(n => h.Objects.Pods[n].Status?.Phase == "Pending").ToList())
            {
                h.Run(name);
            }
        }
        var status = await h.SyncAsync(set);
        Assert.Equal("web-2,web-1,web-0", h.Deleted);
        Assert.NotEqual(first, status.UpdateRevision);
        Assert.Equal(status.UpdateRevision, status.CurrentRevision);
        Assert.Equal(3, status.CurrentReplicas);
        Assert.Equal(3, status.UpdatedReplicas);
        Assert.All(h.Objects.Pods.Values, p => Assert.Equal("nginx:2", p.Spec.Containers[0].Image));
    }

    [Fact]
    public async Task Going_back_to_an_earlier_template_renumbers_its_revision()
    {
        var h = new Harness();
        var set = Set(1);
        var first = (await h.SyncAsync(set)).UpdateRevision;
        set.Spec.Template.Spec.Containers[0].Image = "nginx:2";
        await h.SyncAsync(set);
        set.Spec.Template.Spec.Containers[0].Image = "nginx";
        var status = await h.SyncAsync(set);
        Assert.Equal(first, status.UpdateRevision);
        Assert.Equal(3, h.Objects.Revisions[first].Revision);
        Assert.Equal(["create revision 1", "create revision 2", $"renumber revision {first} to 3"], h.Objects.Log.Where(l => l.Contains("revision", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Revisions_beyond_the_history_limit_that_no_pod_uses_are_deleted()
    {
        var h = new Harness();
        var set = Set(0);
        set.Spec.RevisionHistoryLimit = 1;
        foreach (var image in new[] { "a", "b", "c", "d" })
        {
            set.Spec.Template.Spec.Containers[0].Image = image;
            await h.SyncAsync(set);
        }
        // The revision that was current when the last sync began is still kept by that sync (as upstream).
        Assert.Equal([2, 3, 4], h.Objects.Revisions.Values.Select(r => r.Revision ?? 0).Order());
        await h.SyncAsync(set);
        Assert.Equal([3, 4], h.Objects.Revisions.Values.Select(r => r.Revision ?? 0).Order());
    }

    [Fact]
    public async Task Min_ready_seconds_waits_for_the_previous_pod_to_be_available()
    {
        var h = new Harness();
        var set = Set(2, minReadySeconds: 10);
        await h.SyncAsync(set);
        h.Run("web-0");
        h.Clock.Advance(TimeSpan.FromSeconds(5));
        var status = await h.SyncAsync(set);
        Assert.Equal("web-0", h.Created);
        Assert.Equal((1, 0), (status.ReadyReplicas ?? 0, status.AvailableReplicas ?? 0));
        h.Clock.Advance(TimeSpan.FromSeconds(5));
        status = await h.SyncAsync(set);
        Assert.Equal("web-0,web-1", h.Created);
        Assert.Equal(1, status.AvailableReplicas);
    }

    [Theory]
    [InlineData("Retain", "Retain", "")]
    [InlineData("Delete", "Retain", "StatefulSet")]
    [InlineData("Retain", "Delete", "")]
    [InlineData("Delete", "Delete", "StatefulSet")]
    public async Task Claims_are_created_before_the_pod_with_owners_from_the_retention_policy(string whenDeleted, string whenScaled, string owner)
    {
        var h = new Harness();
        var set = Set(1, claims: true, whenDeleted: whenDeleted, whenScaled: whenScaled);
        await h.SyncAsync(set);
        Assert.Equal(["create claim data-web-0", "create pod web-0"], h.Objects.Log.Where(l => !l.Contains("revision", StringComparison.Ordinal)));
        var claim = h.Objects.Claims["data-web-0"];
        Assert.Equal(owner, string.Join(",", (claim.Metadata.OwnerReferences ?? []).Select(r => r.Kind)));
        Assert.Equal("web", claim.Metadata.Labels["app"]);
        Assert.Equal("data-web-0", h.Objects.Pods["web-0"].Spec.Volumes.Single(v => v.Name == "data").PersistentVolumeClaim.ClaimName);
        Assert.Contains("Normal SuccessfulCreate create Claim data-web-0 Pod web-0 in StatefulSet web success", h.Objects.Events);
    }

    [Theory]
    [InlineData("Retain", "Delete", "Pod")]
    [InlineData("Delete", "Delete", "Pod")]
    [InlineData("Delete", "Retain", "StatefulSet")]
    [InlineData("Retain", "Retain", "")]
    public async Task A_scaled_down_pods_claim_is_handed_to_the_pod_when_when_scaled_is_delete(string whenDeleted, string whenScaled, string owner)
    {
        var h = new Harness();
        var set = Set(2, "Parallel", claims: true, whenDeleted: whenDeleted, whenScaled: whenScaled);
        await h.SyncAsync(set);
        h.Run("web-0", "web-1");
        set.Spec.Replicas = 1;
        await h.SyncAsync(set);
        Assert.Equal("web-1", h.Deleted);
        var claim = h.Objects.Claims["data-web-1"];
        Assert.Equal(owner, string.Join(",", (claim.Metadata.OwnerReferences ?? []).Select(r => r.Kind)));
    }

    [Fact]
    public async Task A_failed_pod_is_deleted_and_created_again()
    {
        var h = new Harness();
        var set = Set(1);
        await h.SyncAsync(set);
        h.Objects.Pods["web-0"].Status = new V1PodStatus { Phase = "Failed" };
        await h.SyncAsync(set);
        Assert.Equal("web-0", h.Deleted);
        await h.SyncAsync(set);
        Assert.Equal("web-0,web-0", h.Created);
    }
}
