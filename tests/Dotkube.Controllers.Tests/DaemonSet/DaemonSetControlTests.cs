using Dotkube.Controllers.Common;
using Dotkube.Controllers.DaemonSet;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace Dotkube.Controllers.Tests.DaemonSet;

public class DaemonSetControlTests
{
    private const string Key = "default/agent";
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static V1Node Node(string name, string? taint = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1NodeSpec { Taints = taint is null ? null : [new V1Taint { Key = taint, Effect = "NoExecute" }] },
    };

    private static V1DaemonSet Ds(string maxUnavailable = "1", string maxSurge = "0", string strategy = "RollingUpdate") => new()
    {
        ApiVersion = "apps/v1",
        Kind = "DaemonSet",
        Metadata = new V1ObjectMeta
        {
            Name = "agent",
            NamespaceProperty = "default",
            Uid = "ds-uid",
            Generation = 1,
            Annotations = new Dictionary<string, string> { [DaemonPods.TemplateGenerationAnnotation] = "1" },
        },
        Spec = new V1DaemonSetSpec
        {
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "agent" } },
            UpdateStrategy = new V1DaemonSetUpdateStrategy
            {
                Type = strategy,
                RollingUpdate = strategy == "RollingUpdate" ? new V1RollingUpdateDaemonSet { MaxUnavailable = maxUnavailable, MaxSurge = maxSurge } : null,
            },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "agent" } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "agent:1" }] },
            },
        },
    };

    private sealed class Harness
    {
        public FakeTimeProvider Clock { get; } = new(T0);

        public FakeDaemonSetObjects Objects { get; }

        public ControllerExpectations Expectations { get; }

        public DaemonSetControl Control { get; }

        public List<V1Node> Nodes { get; } = [Node("node1"), Node("node2"), Node("node3")];

        public Harness()
        {
            Objects = new FakeDaemonSetObjects(Clock);
            Expectations = new ControllerExpectations(Clock);
            Control = new DaemonSetControl(Objects, Expectations, Clock);
        }

        /// <summary>One sync; the informer is taken to have seen every earlier write (expectations met).</summary>
        public async Task<TimeSpan?> SyncAsync(V1DaemonSet ds)
        {
            Expectations.Delete(Key);
            var result = await Control.SyncAsync(Key, ds, Nodes, [.. Objects.Pods.Values], [.. Objects.Revisions.Values], CancellationToken.None);
            ds.Status = Objects.Status ?? ds.Status;
            return result;
        }

        public void RunAll()
        {
            foreach (var pod in Objects.Pods.Values.Where(p => p.Status?.Phase == "Pending"))
            {
                pod.Spec.NodeName = DaemonPods.TargetNode(pod);
                pod.Status = new V1PodStatus
                {
                    Phase = "Running",
                    Conditions = [new V1PodCondition { Type = "Ready", Status = "True", LastTransitionTime = Clock.GetUtcNow().UtcDateTime }],
                };
            }
        }

        public List<string> Take()
        {
            var log = Objects.Log.ToList();
            Objects.Log.Clear();
            return log;
        }
    }

    [Fact]
    public async Task Every_eligible_node_gets_one_pod_pinned_to_it_by_node_affinity()
    {
        var h = new Harness();
        h.Nodes.Add(Node("tainted", taint: "dedicated"));
        var ds = Ds();
        await h.SyncAsync(ds);
        Assert.Equal(["create for node1", "create for node2", "create for node3"], h.Take().Order());
        var pod = h.Objects.Pods.Values.First();
        Assert.Null(pod.Spec.NodeName);
        Assert.Equal("1", pod.Metadata.Labels[DaemonPods.TemplateGenerationLabel]);
        Assert.Equal("agent-", pod.Metadata.GenerateName);
        Assert.Contains(pod.Spec.Tolerations, t => t.Key == "node.kubernetes.io/not-ready" && t.Effect == "NoExecute" && t.OperatorProperty == "Exists");
        var revision = Assert.Single(h.Objects.Revisions.Values);
        Assert.Equal($"agent-{pod.Metadata.Labels[DaemonPods.RevisionHashLabel]}", revision.Metadata.Name);
        Assert.Contains(h.Objects.Events, e => e.StartsWith("Normal SuccessfulCreate Created pod: agent-", StringComparison.Ordinal));

        // A second sync with the pods seen creates nothing more.
        await h.SyncAsync(ds);
        Assert.Empty(h.Take());
        Assert.Equal((3, 3, 0), (h.Objects.Status!.DesiredNumberScheduled, h.Objects.Status.CurrentNumberScheduled, h.Objects.Status.NumberMisscheduled));
    }

    [Fact]
    public async Task A_duplicate_revision_goes_after_the_pods_are_relabelled_to_the_kept_one()
    {
        var h = new Harness();
        var ds = Ds();
        await h.SyncAsync(ds);
        h.RunAll();
        h.Take();
        // An earlier collision left a second revision of the same template, newer than the first.
        var first = Assert.Single(h.Objects.Revisions.Values);
        var duplicate = ObjectCopy.Of(first);
        duplicate.Metadata.Name = "agent-dup";
        duplicate.Metadata.Labels[Dotkube.Controllers.History.ControllerRevisions.HashLabel] = "dup";
        duplicate.Revision = 2;
        h.Objects.Revisions[duplicate.Metadata.Name] = duplicate;

        await h.SyncAsync(ds);

        Assert.Equal(["relabel on node1 to dup", "relabel on node2 to dup", "relabel on node3 to dup"], h.Take().Order(StringComparer.Ordinal));
        Assert.Equal("agent-dup", Assert.Single(h.Objects.Revisions.Values).Metadata.Name);
        Assert.All(h.Objects.Pods.Values, p => Assert.Equal("dup", p.Metadata.Labels[DaemonPods.RevisionHashLabel]));
        Assert.Equal(3, h.Objects.Status!.UpdatedNumberScheduled);
    }

    [Fact]
    public async Task Pods_the_informer_has_not_shown_yet_hold_the_next_sync_back()
    {
        var h = new Harness();
        var ds = Ds();
        await h.SyncAsync(ds);
        h.Take();
        // Nothing observed: a sync now must not create the same pods again.
        await h.Control.SyncAsync(Key, ds, h.Nodes, [], [.. h.Objects.Revisions.Values], CancellationToken.None);
        Assert.Empty(h.Take());
    }

    [Fact]
    public async Task A_node_added_later_gets_a_pod_and_a_node_tainted_out_loses_its_pod()
    {
        var h = new Harness();
        var ds = Ds();
        await h.SyncAsync(ds);
        h.RunAll();
        h.Take();
        h.Nodes.Add(Node("node4"));
        await h.SyncAsync(ds);
        Assert.Equal(["create for node4"], h.Take());
        h.Nodes[0] = Node("node1", taint: "dedicated");
        await h.SyncAsync(ds);
        Assert.Equal(["delete on node1"], h.Take());
    }

    [Theory]
    [InlineData("1", "0", 1, 0)]
    [InlineData("2", "0", 2, 0)]
    [InlineData("100%", "0", 3, 0)]
    [InlineData("0", "1", 0, 1)]
    [InlineData("0", "100%", 0, 3)]
    public async Task A_rolling_update_replaces_within_max_unavailable_or_surges_within_max_surge(string maxUnavailable, string maxSurge, int deletes, int creates)
    {
        var h = new Harness();
        var ds = Ds(maxUnavailable, maxSurge);
        await h.SyncAsync(ds);
        h.RunAll();
        h.Take();
        ds.Spec.Template.Spec.Containers[0].Image = "agent:2";
        ds.Metadata.Annotations[DaemonPods.TemplateGenerationAnnotation] = "2";
        await h.SyncAsync(ds);
        var log = h.Take();
        Assert.Equal(deletes, log.Count(l => l.StartsWith("delete", StringComparison.Ordinal)));
        Assert.Equal(creates, log.Count(l => l.StartsWith("create", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_surged_node_drops_its_old_pod_once_the_new_one_is_ready()
    {
        var h = new Harness();
        h.Nodes.RemoveRange(1, 2);
        var ds = Ds("0", "1");
        await h.SyncAsync(ds);
        h.RunAll();
        ds.Spec.Template.Spec.Containers[0].Image = "agent:2";
        ds.Metadata.Annotations[DaemonPods.TemplateGenerationAnnotation] = "2";
        await h.SyncAsync(ds);
        h.Take();
        Assert.Equal(2, h.Objects.Pods.Count);
        await h.SyncAsync(ds);
        Assert.Empty(h.Take());
        h.RunAll();
        await h.SyncAsync(ds);
        Assert.Equal(["delete on node1"], h.Take());
        Assert.Equal("agent:2", Assert.Single(h.Objects.Pods.Values).Spec.Containers[0].Image);
    }

    [Fact]
    public async Task On_delete_leaves_old_pods_until_someone_deletes_them()
    {
        var h = new Harness();
        var ds = Ds(strategy: "OnDelete");
        await h.SyncAsync(ds);
        h.RunAll();
        h.Take();
        ds.Spec.Template.Spec.Containers[0].Image = "agent:2";
        ds.Metadata.Annotations[DaemonPods.TemplateGenerationAnnotation] = "2";
        await h.SyncAsync(ds);
        Assert.Empty(h.Take());
        Assert.Equal(0, h.Objects.Status!.UpdatedNumberScheduled ?? 0);
        h.Objects.Pods.Remove(h.Objects.Pods.Values.First(p => p.Spec.NodeName == "node2").Metadata.Name);
        await h.SyncAsync(ds);
        Assert.Equal(["create for node2"], h.Take());
        // The status counts what the informer shows: the new pod from the next sync on.
        await h.SyncAsync(ds);
        Assert.Equal(1, h.Objects.Status!.UpdatedNumberScheduled);
    }

    [Fact]
    public async Task A_failed_pod_is_killed_with_growing_backoff()
    {
        var h = new Harness();
        h.Nodes.RemoveRange(1, 2);
        var ds = Ds();
        await h.SyncAsync(ds);
        h.Take();
        h.Objects.Pods.Values.Single().Status = new V1PodStatus { Phase = "Failed" };
        await h.SyncAsync(ds);
        Assert.Equal(["delete on node1"], h.Take());
        Assert.Contains(h.Objects.Events, e => e.StartsWith("Warning FailedDaemonPod Found failed daemon pod default/agent-", StringComparison.Ordinal));
        await h.SyncAsync(ds);
        h.Take();
        h.Objects.Pods.Values.Single().Status = new V1PodStatus { Phase = "Failed" };
        var requeue = await h.SyncAsync(ds);
        Assert.Empty(h.Take());
        Assert.Equal(TimeSpan.FromSeconds(1), requeue);
        h.Clock.Advance(TimeSpan.FromSeconds(1));
        await h.SyncAsync(ds);
        Assert.Equal(["delete on node1"], h.Take());
    }

    [Fact]
    public async Task The_status_counts_ready_available_updated_and_misscheduled_pods()
    {
        var h = new Harness();
        var ds = Ds();
        ds.Spec.MinReadySeconds = 10;
        await h.SyncAsync(ds);
        h.RunAll();
        h.Nodes[2] = Node("node3", taint: "dedicated");
        var status = DaemonSetControl.Status(ds, h.Nodes, [.. h.Objects.Pods.Values], h.Objects.Pods.Values.First().Metadata.Labels[DaemonPods.RevisionHashLabel], true, T0.AddSeconds(5));
        Assert.Equal((2, 2, 1, 2, 0, 2, 2), (status.DesiredNumberScheduled, status.CurrentNumberScheduled, status.NumberMisscheduled, status.NumberReady, status.NumberAvailable ?? 0, status.UpdatedNumberScheduled ?? 0, status.NumberUnavailable ?? 0));
        status = DaemonSetControl.Status(ds, h.Nodes, [.. h.Objects.Pods.Values], "other", true, T0.AddSeconds(10));
        Assert.Equal((2, 2), (status.NumberAvailable ?? 0, status.UpdatedNumberScheduled ?? 0));
    }
}
