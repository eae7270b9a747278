using Dotkube.Controllers.Deployment;
using k8s.Models;

namespace Dotkube.Controllers.Tests.Deployment;

public class RollingUpdateMathTests
{
    [Theory]
    [InlineData(null, null, 3, 1, 0)] // defaults 25%/25%: surge rounds 0.75 up, unavailable rounds it down
    [InlineData(null, null, 10, 3, 2)]
    [InlineData("0", "0", 5, 0, 1)] // both zero would stall: unavailable becomes 1
    [InlineData("2", "1", 5, 2, 1)]
    [InlineData("50%", "50%", 5, 3, 2)]
    [InlineData("100%", "0%", 4, 4, 0)]
    public void Surge_and_unavailable_resolve_as_upstream(string? surge, string? unavailable, int replicas, int expectedSurge, int expectedUnavailable)
    {
        var (s, u) = RollingUpdateMath.Resolve(surge is null ? null : (IntOrString)surge, unavailable is null ? null : (IntOrString)unavailable, replicas);
        Assert.Equal((expectedSurge, expectedUnavailable), (s, u));
    }
}
