using Dotkube.Controllers.Namespace;
using k8s.Models;

namespace Dotkube.Controllers.Tests.Namespace;

public class GracefulTerminationTests
{
    private static readonly DateTimeOffset DeletedAt = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    private static V1Pod Pod(long? grace, string phase = "Running") => new()
    {
        Spec = new V1PodSpec { TerminationGracePeriodSeconds = grace, Containers = [] },
        Status = new V1PodStatus { Phase = phase },
    };

    [Theory]
    [InlineData("no pods", new long[0], "Running", 0, 0)]
    [InlineData("the longest grace period of running pods", new long[] { 30, 60, 10 }, "Running", 5, 60)]
    [InlineData("finished pods do not count", new long[] { 30 }, "Succeeded", 0, 0)]
    [InlineData("failed pods do not count", new long[] { 30 }, "Failed", 0, 0)]
    [InlineData("nothing once the grace period has passed since the deletion", new long[] { 30 }, "Running", 30, 0)]
    [InlineData("the full estimate just before it has passed", new long[] { 30 }, "Running", 29, 30)]
    public void PodsAreGivenTheirLongestGracePeriodFromTheNamespacesDeletion(string what, long[] graces, string phase, int secondsSince, long expected)
    {
        var pods = graces.Select(g => Pod(g, phase)).ToList();

        var estimate = GracefulTermination.EstimatePods(pods, DeletedAt, DeletedAt.AddSeconds(secondsSince));

        Assert.True(what.Length > 0);
        Assert.Equal(expected, estimate);
    }

    [Theory]
    [InlineData(30, 16)]
    [InlineData(15, 8)]
    [InlineData(1, 1)]
    public void TheControllerLooksAgainAfterHalfTheEstimatePlusOneSecond(long estimate, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), GracefulTermination.RequeueDelay(estimate));
}
