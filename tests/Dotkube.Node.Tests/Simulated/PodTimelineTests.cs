using Dotkube.Node.Simulated;

namespace Dotkube.Node.Tests.Simulated;

public class PodTimelineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static PodBehaviour Behaviour(double start = 1, double? run = null, int exit = 0, double ready = 0, double? flap = null, double stop = 0.2) =>
        new(TimeSpan.FromSeconds(start), run is { } r ? TimeSpan.FromSeconds(r) : null, exit, TimeSpan.FromSeconds(ready),
            flap is { } f ? TimeSpan.FromSeconds(f) : null, TimeSpan.FromSeconds(stop));

    public static TheoryData<string, PodBehaviour, string, double, ContainerStage, string, int, bool> Cases => new()
    {
        { "a new pod is creating until its start delay passes", Behaviour(start: 2), "Always", 1.5, ContainerStage.Creating, "Pending", 0, false },
        { "a started pod without readiness delay is ready at once", Behaviour(start: 2), "Always", 2, ContainerStage.Running, "Running", 0, true },
        { "readiness waits for the ready delay", Behaviour(start: 1, ready: 5), "Always", 4, ContainerStage.Running, "Running", 0, false },
        { "a long-running pod keeps running", Behaviour(), "Always", 86_400, ContainerStage.Running, "Running", 0, true },
        { "a job's pod that exits 0 under Never succeeds", Behaviour(run: 3), "Never", 4, ContainerStage.Terminated, "Succeeded", 0, false },
        { "a pod that exits 0 under OnFailure succeeds", Behaviour(run: 3), "OnFailure", 4, ContainerStage.Terminated, "Succeeded", 0, false },
        { "a failing pod under Never fails", Behaviour(run: 3, exit: 2), "Never", 4, ContainerStage.Terminated, "Failed", 0, false },
        { "the first restart is immediate", Behaviour(run: 3, exit: 1), "Always", 4.5, ContainerStage.Running, "Running", 1, true },
        { "the second exit waits out a 10 s back-off", Behaviour(run: 3, exit: 1), "Always", 8, ContainerStage.BackOff, "Running", 1, false },
        { "after the back-off the container runs again", Behaviour(run: 3, exit: 1), "Always", 17.5, ContainerStage.Running, "Running", 2, true },
        { "OnFailure restarts a failing container", Behaviour(run: 3, exit: 1), "OnFailure", 4.5, ContainerStage.Running, "Running", 1, true },
        { "Always restarts even a clean exit", Behaviour(run: 3), "Always", 4.5, ContainerStage.Running, "Running", 1, true },
        { "readiness flaps with its period: first not-ready span", Behaviour(ready: 1, flap: 10), "Always", 13, ContainerStage.Running, "Running", 0, false },
        { "readiness flaps with its period: ready again", Behaviour(ready: 1, flap: 10), "Always", 23, ContainerStage.Running, "Running", 0, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ThePodIsWhereItsTimelineSays(string because, PodBehaviour behaviour, string restartPolicy, double seconds, ContainerStage stage, string phase, int restarts, bool ready)
    {
        var moment = new PodTimeline(behaviour, restartPolicy, T0).At(T0.AddSeconds(seconds));
        Assert.True((stage, phase, restarts, ready) == (moment.Stage, moment.Phase, moment.RestartCount, moment.Ready),
            $"{because}: got {moment.Stage} {moment.Phase} restarts={moment.RestartCount} ready={moment.Ready}");
    }

    [Fact]
    public void BackOffDoublesUpToFiveMinutes()
    {
        // Exits every second, restarts: immediately, then after 10, 20, 40, 80, 160, 300, 300 s.
        var timeline = new PodTimeline(Behaviour(start: 0, run: 1, exit: 1), "Always", T0);
        var restartTimes = new List<double>();
        var previous = 0;
        for (var t = 0.0; t < 2000; t += 0.5)
        {
            var m = timeline.At(T0.AddSeconds(t));
            if (m.RestartCount != previous)
            {
                restartTimes.Add(t);
                previous = m.RestartCount;
            }
        }
        var gaps = restartTimes.Zip(restartTimes.Skip(1), (a, b) => b - a - 1).Take(7).ToArray();
        Assert.Equal([10, 20, 40, 80, 160, 300, 300], gaps);
    }

    [Fact]
    public void NextChangeNamesTheNextTransition()
    {
        var timeline = new PodTimeline(Behaviour(start: 2, run: 10, ready: 3), "Never", T0);
        Assert.Equal(T0.AddSeconds(2), timeline.At(T0).NextChange);
        Assert.Equal(T0.AddSeconds(5), timeline.At(T0.AddSeconds(2)).NextChange);
        Assert.Equal(T0.AddSeconds(12), timeline.At(T0.AddSeconds(6)).NextChange);
        Assert.Null(timeline.At(T0.AddSeconds(13)).NextChange);
    }

    [Fact]
    public void ADeletedPodStopsAfterItsStopDelayCappedByTheGracePeriod()
    {
        var timeline = new PodTimeline(Behaviour(start: 1, stop: 5), "Always", T0);
        var capped = timeline.Deleted(T0.AddSeconds(10), TimeSpan.FromSeconds(2));
        Assert.Equal(T0.AddSeconds(12), capped.StopAt);
        Assert.Equal(ContainerStage.Running, capped.At(T0.AddSeconds(11)).Stage);
        var stopped = capped.At(T0.AddSeconds(12));
        Assert.Equal((ContainerStage.Terminated, "Succeeded"), (stopped.Stage, stopped.Phase));
        Assert.Equal(T0.AddSeconds(12), stopped.Final!.FinishedAt);
        var uncapped = timeline.Deleted(T0.AddSeconds(10), TimeSpan.FromSeconds(30));
        Assert.Equal(T0.AddSeconds(15), uncapped.StopAt);
    }

    [Fact]
    public void APodDeletedBeforeItStartedNeverRan()
    {
        var moment = new PodTimeline(Behaviour(start: 10), "Always", T0).Deleted(T0.AddSeconds(1), TimeSpan.FromSeconds(30)).At(T0.AddSeconds(2));
        Assert.Equal(ContainerStage.Terminated, moment.Stage);
        Assert.Null(moment.Final);
    }
}
