using Dotkube.Node.Simulated;
using k8s.Models;

namespace Dotkube.Node.Tests.Simulated;

public class PodStatusBuilderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly PodPlacement Placement = new("10.0.0.1", "10.244.1.5", T0);

    private static V1Pod Pod(bool withInit = false) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Uid = "uid-1" },
        Spec = new V1PodSpec
        {
            Containers = [new V1Container { Name = "nginx", Image = "nginx" }, new V1Container { Name = "side", Image = "busybox" }],
            InitContainers = withInit ? [new V1Container { Name = "setup", Image = "busybox" }] : null,
        },
        Status = new V1PodStatus { QosClass = "BestEffort" },
    };

    private static PodMoment At(double seconds, double? run = null, int exit = 0, string policy = "Always") =>
        new PodTimeline(new PodBehaviour(TimeSpan.FromSeconds(1), run is { } r ? TimeSpan.FromSeconds(r) : null, exit, TimeSpan.Zero, null, TimeSpan.Zero), policy, T0)
            .At(T0.AddSeconds(seconds));

    private static string Conditions(V1PodStatus s) =>
        string.Join(",", s.Conditions.Select(c => $"{c.Type}={c.Status}{(c.Reason is null ? "" : "/" + c.Reason)}"));

    [Fact]
    public void ACreatingPodIsPendingWithContainersWaiting()
    {
        var s = PodStatusBuilder.Build(Pod(), At(0.5), Placement);
        Assert.Equal("Pending", s.Phase);
        Assert.Equal("PodReadyToStartContainers=True,Initialized=True,Ready=False/ContainersNotReady,ContainersReady=False/ContainersNotReady,PodScheduled=True", Conditions(s));
        Assert.Equal("containers with unready status: [nginx side]", s.Conditions[2].Message);
        Assert.All(s.ContainerStatuses, c => Assert.Equal("ContainerCreating", c.State.Waiting.Reason));
        Assert.Equal(("10.0.0.1", "10.244.1.5", "BestEffort"), (s.HostIP, s.PodIP, s.QosClass));
    }

    [Fact]
    public void ARunningPodIsReady()
    {
        var s = PodStatusBuilder.Build(Pod(), At(2), Placement);
        Assert.Equal("Running", s.Phase);
        Assert.Equal("PodReadyToStartContainers=True,Initialized=True,Ready=True,ContainersReady=True,PodScheduled=True", Conditions(s));
        var nginx = s.ContainerStatuses[0];
        Assert.Equal(("docker.io/library/nginx:latest", true, true), (nginx.Image, nginx.Ready, nginx.Started));
        Assert.StartsWith("containerd://", nginx.ContainerID, StringComparison.Ordinal);
        Assert.Equal(new DateTime(2026, 1, 1, 0, 0, 1, DateTimeKind.Utc), nginx.State.Running.StartedAt);
    }

    [Fact]
    public void ASucceededPodReportsPodCompleted()
    {
        var s = PodStatusBuilder.Build(Pod(), At(5, run: 2, policy: "Never"), Placement);
        Assert.Equal("Succeeded", s.Phase);
        Assert.Equal("PodReadyToStartContainers=False,Initialized=True/PodCompleted,Ready=False/PodCompleted,ContainersReady=False/PodCompleted,PodScheduled=True", Conditions(s));
        Assert.Equal((0, "Completed"), (s.ContainerStatuses[0].State.Terminated.ExitCode, s.ContainerStatuses[0].State.Terminated.Reason));
    }

    [Fact]
    public void ACrashLoopingPodShowsBackOffAndItsLastTermination()
    {
        var s = PodStatusBuilder.Build(Pod(), At(8, run: 2, exit: 1), Placement);
        var c = s.ContainerStatuses[0];
        Assert.Equal(("CrashLoopBackOff", 1, 1, "Error"), (c.State.Waiting.Reason, c.RestartCount, c.LastState.Terminated.ExitCode, c.LastState.Terminated.Reason));
        Assert.Equal("back-off restarting failed container nginx in pod web_default(uid-1)", c.State.Waiting.Message);
    }

    [Fact]
    public void InitContainersCompleteBeforeTheAppStarts()
    {
        var creating = PodStatusBuilder.Build(Pod(withInit: true), At(0.5), Placement);
        Assert.Equal(("False", "ContainersNotInitialized"), (creating.Conditions[1].Status, creating.Conditions[1].Reason));
        Assert.Equal("PodInitializing", creating.InitContainerStatuses[0].State.Waiting.Reason);
        var running = PodStatusBuilder.Build(Pod(withInit: true), At(2), Placement);
        Assert.Equal("Completed", running.InitContainerStatuses[0].State.Terminated.Reason);
    }

    [Fact]
    public void TransitionTimesMoveOnlyWhenAConditionChanges()
    {
        var pod = Pod();
        pod.Status = PodStatusBuilder.Build(pod, At(2), Placement);
        var again = PodStatusBuilder.Build(pod, At(50), Placement);
        Assert.Equal(pod.Status.Conditions[2].LastTransitionTime, again.Conditions[2].LastTransitionTime);
    }
}
