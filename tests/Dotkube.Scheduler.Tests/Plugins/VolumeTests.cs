using Dotkube.Scheduler.Framework;
using Dotkube.Scheduler.Plugins.VolumeBinding;
using Dotkube.Scheduler.Plugins.VolumeRestrictions;
using Dotkube.Scheduler.Tests.Testing;
using k8s.Models;

namespace Dotkube.Scheduler.Tests.Plugins;

public sealed class VolumeTests
{
    private const string Hostname = "kubernetes.io/hostname";

    private static V1StorageClass Class(string name, string mode, string provisioner = "kubernetes.io/no-provisioner") =>
        new() { Metadata = new V1ObjectMeta { Name = name }, Provisioner = provisioner, VolumeBindingMode = mode };

    private static V1PersistentVolumeClaim Claim(string name, string? className, string size = "1Gi", string? volumeName = null, string[]? modes = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Uid = "uid-" + name },
        Spec = new V1PersistentVolumeClaimSpec
        {
            StorageClassName = className,
            VolumeName = volumeName,
            AccessModes = modes ?? ["ReadWriteOnce"],
            Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(size) } },
        },
    };

    private static V1PersistentVolume Volume(string name, string className, string size, string? onNode = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PersistentVolumeSpec
        {
            StorageClassName = className,
            AccessModes = ["ReadWriteOnce"],
            Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new(size) },
            NodeAffinity = onNode is null ? null : new V1VolumeNodeAffinity
            {
                Required = new V1NodeSelector { NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = Hostname, OperatorProperty = "In", Values = [onNode] }] }] },
            },
        },
    };

    private static PluginHarness Cluster(params object[] objects)
    {
        var h = PluginHarness.With([new MakeNode("n1"), new MakeNode("n2")]);
        foreach (var o in objects)
        {
            switch (o)
            {
                case V1StorageClass sc: h.Cache.SetStorageClass(sc); break;
                case V1PersistentVolumeClaim c: h.Cache.SetClaim(c); break;
                case V1PersistentVolume v: h.Cache.SetVolume(v); break;
                case V1Pod p: h.Cache.AddOrUpdateAssignedPod(p); break;
            }
        }

        return h;
    }

    public static TheoryData<string, object[], string, string> BindingCases => new()
    {
        { "a missing claim is unresolvable", [], "UnschedulableAndUnresolvable: persistentvolumeclaim \"data\" not found", "UnschedulableAndUnresolvable: persistentvolumeclaim \"data\" not found" },
        {
            "an unbound claim of an Immediate class keeps the pod pending",
            [Class("fast", "Immediate"), Claim("data", "fast")],
            "UnschedulableAndUnresolvable: pod has unbound immediate PersistentVolumeClaims", "UnschedulableAndUnresolvable: pod has unbound immediate PersistentVolumeClaims"
        },
        {
            "an unbound claim without a class is immediate",
            [Claim("data", null)],
            "UnschedulableAndUnresolvable: pod has unbound immediate PersistentVolumeClaims", "UnschedulableAndUnresolvable: pod has unbound immediate PersistentVolumeClaims"
        },
        {
            "a bound claim follows its PV's node affinity",
            [Claim("data", "local", volumeName: "pv-1"), Volume("pv-1", "local", "1Gi", onNode: "n2")],
            "UnschedulableAndUnresolvable: node(s) had volume node affinity conflict", ""
        },
        {
            "a claim bound to a missing PV is unresolvable",
            [Claim("data", "local", volumeName: "pv-x")],
            "UnschedulableAndUnresolvable: node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)", "UnschedulableAndUnresolvable: node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)"
        },
        {
            "a WaitForFirstConsumer claim goes where a matching local PV is",
            [Class("local", "WaitForFirstConsumer"), Claim("data", "local"), Volume("pv-1", "local", "5Gi", onNode: "n1")],
            "", "UnschedulableAndUnresolvable: node(s) didn't find available persistent volumes to bind"
        },
        {
            "a PV smaller than the claim does not match",
            [Class("local", "WaitForFirstConsumer"), Claim("data", "local", size: "10Gi"), Volume("pv-1", "local", "5Gi", onNode: "n1")],
            "UnschedulableAndUnresolvable: node(s) didn't find available persistent volumes to bind", "UnschedulableAndUnresolvable: node(s) didn't find available persistent volumes to bind"
        },
        {
            "a class with a provisioner can provision on any node",
            [Class("local-path", "WaitForFirstConsumer", "rancher.io/local-path"), Claim("data", "local-path")],
            "", ""
        },
    };

    [Theory]
    [MemberData(nameof(BindingCases))]
    public void VolumeBinding_filter(string name, object[] objects, string n1, string n2)
    {
        var h = Cluster(objects);
        var r = h.Filter(new VolumeBindingPlugin(h.Cache, null), new MakePod("p").Claim("data"));
        Assert.True((n1, n2) == (r["n1"], r["n2"]), $"{name}: n1=[{r["n1"]}] n2=[{r["n2"]}]");
    }

    [Fact]
    public async Task Reserve_holds_the_smallest_fitting_PV_and_PreBind_asks_the_binder_to_bind_it()
    {
        var h = Cluster(Class("local", "WaitForFirstConsumer"), Claim("data", "local", size: "2Gi"), Volume("big", "local", "10Gi", "n1"), Volume("small", "local", "3Gi", "n1"));
        var binder = new RecordingVolumeBinder();
        var plugin = new VolumeBindingPlugin(h.Cache, binder);
        var state = new CycleState();
        var pod = new PodInfo(new MakePod("p").Claim("data"));

        Assert.True(plugin.PreFilter(state, pod).IsSuccess);
        Assert.True(plugin.Filter(state, pod, h.Cache.GetNode("n1")!).IsSuccess);
        Assert.True(plugin.Reserve(state, pod, "n1").IsSuccess);
        Assert.Equal("default/data", h.Cache.AssumedClaimOf("small"));
        Assert.True((await plugin.PreBindAsync(state, pod, "n1", default)).IsSuccess);

        Assert.Equal(["data->small"], binder.Calls);

        plugin.Unreserve(state, pod, "n1");
        Assert.Null(h.Cache.AssumedClaimOf("small"));
    }

    [Fact]
    public void A_PV_reserved_for_another_claim_is_not_offered_again()
    {
        var h = Cluster(Class("local", "WaitForFirstConsumer"), Claim("data", "local"), Volume("pv-1", "local", "1Gi", "n1"));
        h.Cache.AssumeVolume("pv-1", "default/someone-else");
        var r = h.Filter(new VolumeBindingPlugin(h.Cache, null), new MakePod("p").Claim("data"));
        Assert.Equal("UnschedulableAndUnresolvable: node(s) didn't find available persistent volumes to bind", r["n1"]);
    }

    [Theory]
    [InlineData("a ReadWriteOncePod claim in use by another pod conflicts", "ReadWriteOncePod", true, "Unschedulable: node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode")]
    [InlineData("an unused ReadWriteOncePod claim does not", "ReadWriteOncePod", false, "")]
    [InlineData("a ReadWriteOnce claim in use does not", "ReadWriteOnce", true, "")]
    public void VolumeRestrictions_filter(string name, string mode, bool inUse, string expected)
    {
        var objects = new List<object> { Claim("data", "local", volumeName: "pv-1", modes: [mode]) };
        if (inUse)
        {
            objects.Add(new MakePod("other").Node("n2").Claim("data").Obj());
        }

        var h = Cluster([.. objects]);
        var actual = h.Filter(new VolumeRestrictionsPlugin(h.Cache), new MakePod("p").Claim("data"))["n1"];
        Assert.True(expected == actual, $"{name}: {actual}");
    }

    private sealed class RecordingVolumeBinder : IVolumeBinder
    {
        public List<string> Calls { get; } = [];

        public Task BindVolumesAsync(V1Pod pod, string nodeName, IReadOnlyList<(V1PersistentVolumeClaim Claim, V1PersistentVolume Volume)> staticBindings, IReadOnlyList<V1PersistentVolumeClaim> claimsToProvision, CancellationToken cancellationToken)
        {
            Calls.AddRange(staticBindings.Select(b => b.Claim.Metadata.Name + "->" + b.Volume.Metadata.Name));
            Calls.AddRange(claimsToProvision.Select(c => c.Metadata.Name + "->provision@" + nodeName));
            return Task.CompletedTask;
        }
    }
}
