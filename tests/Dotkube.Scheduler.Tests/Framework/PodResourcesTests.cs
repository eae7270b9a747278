using Dotkube.Scheduler.Framework;
using Dotkube.Scheduler.Tests.Testing;

namespace Dotkube.Scheduler.Tests.Framework;

public sealed class PodResourcesTests
{
    public static TheoryData<string, MakePod, long, long> Cases => new()
    {
        { "app containers are summed", new MakePod("p").Req("cpu", "100m", "memory", "1Mi").Req("cpu", "200m", "memory", "2Mi"), 300, 3 << 20 },
        { "an init container larger than the app containers sets the request", new MakePod("p").Req("cpu", "100m").InitReq("cpu", "1"), 1000, 0 },
        { "an init container smaller than the app containers does not count", new MakePod("p").Req("cpu", "1").InitReq("cpu", "500m"), 1000, 0 },
        { "a sidecar adds to the app containers", new MakePod("p").Req("cpu", "1").SidecarReq("cpu", "500m"), 1500, 0 },
        { "an init container after a sidecar runs alongside it", new MakePod("p").Req("cpu", "100m").SidecarReq("cpu", "500m").InitReq("cpu", "2"), 2500, 0 },
        { "an init container before a sidecar runs alone", new MakePod("p").Req("cpu", "100m").InitReq("cpu", "2").SidecarReq("cpu", "500m"), 2000, 0 },
        { "pod overhead is added on top", new MakePod("p").Req("cpu", "1", "memory", "1Gi").Overhead("cpu", "250m", "memory", "120Mi"), 1250, (1L << 30) + (120L << 20) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Requests_are_computed_as_upstream(string name, MakePod pod, long milliCpu, long memory)
    {
        var r = PodResources.Requests(pod, nonZero: false);
        Assert.True(milliCpu == r.MilliCpu, name);
        Assert.Equal(memory, r.Memory);
    }

    [Fact]
    public void Containers_without_requests_count_at_the_non_zero_defaults_for_scoring()
    {
        var r = PodResources.Requests(new MakePod("p").Req().Req("cpu", "1"), nonZero: true);
        Assert.Equal(1100, r.MilliCpu);
        Assert.Equal(2 * 200L * 1024 * 1024, r.Memory);
    }
}
