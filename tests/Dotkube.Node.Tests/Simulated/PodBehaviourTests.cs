using Dotkube.Node.Simulated;
using k8s.Models;

namespace Dotkube.Node.Tests.Simulated;

public class PodBehaviourTests
{
    private static V1Pod Pod(Dictionary<string, string>? annotations = null, string? ownerKind = null, int? probeDelay = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "p",
            Uid = "uid-1",
            Annotations = annotations,
            OwnerReferences = ownerKind is null ? null : [new V1OwnerReference { Kind = ownerKind, Name = "o", Uid = "u", ApiVersion = "batch/v1", Controller = true }],
        },
        Spec = new V1PodSpec
        {
            Containers = [new V1Container { Name = "c", Image = "nginx", ReadinessProbe = probeDelay is null ? null : new V1Probe { InitialDelaySeconds = probeDelay } }],
        },
    };

    [Fact]
    public void AnUnannotatedPodRunsForeverWithTheDefaults()
    {
        var b = PodBehaviour.For(Pod(), SimulationDefaults.Standard);
        Assert.Equal(SimulationDefaults.Standard.StartDelay, b.StartDelay);
        Assert.Null(b.RunTime);
        Assert.Equal(TimeSpan.Zero, b.ReadyDelay);
    }

    [Fact]
    public void AJobsPodFinishesByDefault()
    {
        var b = PodBehaviour.For(Pod(ownerKind: "Job"), SimulationDefaults.Standard);
        Assert.Equal((SimulationDefaults.Standard.JobRunTime, 0), (b.RunTime!.Value, b.ExitCode));
    }

    [Theory]
    [InlineData("default", "recycler-for-pv1", "pv-recycler", true)]
    [InlineData("team", "recycler-for-pv1", "pv-recycler", false)]
    [InlineData("default", "recycler-for-pv1", "c", false)]
    [InlineData("default", "my-recycler", "pv-recycler", false)]
    public void The_volume_controllers_recycler_pod_finishes_like_a_Jobs_pod(string ns, string name, string container, bool finishes)
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Uid = "u" },
            Spec = new V1PodSpec { RestartPolicy = "Never", Containers = [new V1Container { Name = container, Image = "i" }] },
        };
        var b = PodBehaviour.For(pod, SimulationDefaults.Standard);
        Assert.Equal(finishes ? SimulationDefaults.Standard.JobRunTime : null, b.RunTime);
    }

    [Fact]
    public void TheReadinessProbesInitialDelayIsTheDefaultReadyDelay() =>
        Assert.Equal(TimeSpan.FromSeconds(7), PodBehaviour.For(Pod(probeDelay: 7), SimulationDefaults.Standard).ReadyDelay);

    [Fact]
    public void AnnotationsScriptTheLifecycle()
    {
        var b = PodBehaviour.For(Pod(new()
        {
            ["sim.dotkube.io/start-delay"] = "3s",
            ["sim.dotkube.io/run-time"] = "1m",
            ["sim.dotkube.io/exit-code"] = "3",
            ["sim.dotkube.io/ready-delay"] = "500ms",
            ["sim.dotkube.io/readiness-flap"] = "20s",
            ["sim.dotkube.io/stop-delay"] = "4s",
        }), SimulationDefaults.Standard);
        Assert.Equal(new PodBehaviour(TimeSpan.FromSeconds(3), TimeSpan.FromMinutes(1), 3, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(4)), b);
    }

    [Fact]
    public void CrashLoopIsExitCodeOneAfterASecond()
    {
        var b = PodBehaviour.For(Pod(new() { ["sim.dotkube.io/crash-loop"] = "true" }), SimulationDefaults.Standard);
        Assert.Equal((TimeSpan.FromSeconds(1), 1), (b.RunTime!.Value, b.ExitCode));
    }

    [Fact]
    public void JitterIsAStableShareOfTheRange()
    {
        var pod = Pod(new() { ["sim.dotkube.io/start-delay"] = "1s", ["sim.dotkube.io/start-jitter"] = "10s" });
        var a = PodBehaviour.For(pod, SimulationDefaults.Standard).StartDelay;
        var b = PodBehaviour.For(pod, SimulationDefaults.Standard).StartDelay;
        Assert.Equal(a, b);
        Assert.InRange(a, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(11));
    }

    [Theory]
    [InlineData("sim.dotkube.io/start-delay", "soon")]
    [InlineData("sim.dotkube.io/exit-code", "300")]
    [InlineData("sim.dotkube.io/run-time", "-5s")]
    public void BadAnnotationsAreReportedAndIgnored(string annotation, string value)
    {
        var problems = new List<string>();
        var b = PodBehaviour.For(Pod(new() { [annotation] = value }), SimulationDefaults.Standard, problems);
        Assert.Single(problems);
        Assert.Contains(annotation, problems[0], StringComparison.Ordinal);
        Assert.Equal(SimulationDefaults.Standard.StartDelay, b.StartDelay);
    }
}
