using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.Core;
using static Dotkube.ApiServer.Tests.Resources.Core.Fixtures;

namespace Dotkube.ApiServer.Tests.Resources.Core;

public class PodDefaultsTests
{
    private readonly PodStrategy _strategy = new();

    [Fact]
    public void A_new_pod_gets_upstream_defaults_and_a_pending_status()
    {
        var pod = Pod("""{"containers":[{"name":"web","image":"nginx","ports":[{"containerPort":80}]}]}""");
        _strategy.Default(pod);
        _strategy.PrepareForCreate(pod);
        var spec = pod.Obj("spec")!;
        Assert.Equal("Always", spec.Str("restartPolicy"));
        Assert.Equal("ClusterFirst", spec.Str("dnsPolicy"));
        Assert.Equal("default-scheduler", spec.Str("schedulerName"));
        Assert.Equal(30, spec.Int("terminationGracePeriodSeconds"));
        Assert.Empty(spec.Obj("securityContext")!);
        Assert.True(spec.Bool("enableServiceLinks"));
        // priority and preemptionPolicy come from the Priority admission plugin, not the strategy.
        Assert.Null(spec["priority"]);
        Assert.Null(spec["preemptionPolicy"]);
        var container = spec.Arr("containers").Objects().Single();
        Assert.Equal("/dev/termination-log", container.Str("terminationMessagePath"));
        Assert.Equal("File", container.Str("terminationMessagePolicy"));
        Assert.Equal("Always", container.Str("imagePullPolicy"));
        Assert.Equal("TCP", container.Arr("ports").Objects().Single().Str("protocol"));
        Assert.Equal("Pending", pod.Obj("status").Str("phase"));
        Assert.Equal("BestEffort", pod.Obj("status").Str("qosClass"));
    }

    [Theory]
    [InlineData("nginx", "latest")]
    [InlineData("nginx:1.27", "1.27")]
    [InlineData("localhost:5000/nginx", "latest")]
    [InlineData("localhost:5000/nginx:v2", "v2")]
    [InlineData("nginx@sha256:abcd", "")]
    [InlineData("nginx:1.2@sha256:abcd", "1.2")]
    public void The_image_tag_is_read_as_upstream_reads_it(string image, string tag) =>
        Assert.Equal(tag, PodSpecDefaults.ImageTag(image));

    [Theory]
    [InlineData("nginx", "Always")]
    [InlineData("nginx:latest", "Always")]
    [InlineData("nginx:1.27", "IfNotPresent")]
    public void The_pull_policy_defaults_from_the_tag(string image, string policy)
    {
        var pod = Pod($$"""{"containers":[{"name":"web","image":"{{image}}"}]}""");
        _strategy.Default(pod);
        Assert.Equal(policy, pod.Obj("spec").Arr("containers").Objects().Single().Str("imagePullPolicy"));
    }

    [Theory]
    [InlineData("a container without resources is best effort", """{"name":"a","image":"a"}""", "BestEffort")]
    [InlineData("limits alone default the requests, so the pod is guaranteed",
        """{"name":"a","image":"a","resources":{"limits":{"cpu":"1","memory":"1Gi"}}}""", "Guaranteed")]
    [InlineData("requests below limits are burstable",
        """{"name":"a","image":"a","resources":{"requests":{"cpu":"500m"},"limits":{"cpu":"1","memory":"1Gi"}}}""", "Burstable")]
    [InlineData("requests only are burstable", """{"name":"a","image":"a","resources":{"requests":{"memory":"1Gi"}}}""", "Burstable")]
    public void The_qos_class_is_computed_on_create(string because, string container, string qos)
    {
        var pod = Pod($$"""{"containers":[{{container}}]}""");
        _strategy.Default(pod);
        _strategy.PrepareForCreate(pod);
        Assert.True(qos == pod.Obj("status").Str("qosClass"), because);
    }

    [Fact]
    public void A_volume_without_a_source_becomes_an_empty_dir_and_secret_modes_default()
    {
        var pod = Pod("""{"volumes":[{"name":"a"},{"name":"b","secret":{"secretName":"s"}}],"containers":[{"name":"x","image":"a"}]}""");
        _strategy.Default(pod);
        var volumes = pod.Obj("spec").Arr("volumes").Objects().ToList();
        Assert.NotNull(volumes[0].Obj("emptyDir"));
        Assert.Equal(420, volumes[1].Obj("secret").Int("defaultMode"));
    }
}
