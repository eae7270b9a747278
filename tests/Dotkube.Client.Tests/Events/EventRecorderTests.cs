using Dotkube.Client.Events;
using Dotkube.Client.Tests.Support;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace Dotkube.Client.Tests.Events;

public sealed class EventRecorderTests
{
    private const string Ns = "ev";
    private static readonly DateTimeOffset Start = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private static async Task<(TestApiServer Server, V1Deployment Deployment)> SetUpAsync()
    {
        var server = await TestApiServer.StartAsync(Ns);
        var deployment = await server.Client.CreateAsync(ResourceType.Deployments, Ns, new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V1DeploymentSpec
            {
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "nginx" }] },
                },
            },
        });
        return (server, deployment);
    }

    private static async Task<IReadOnlyList<Corev1Event>> EventsAsync(TestApiServer server, string ns = Ns) =>
        (await server.Admin.ListAsync<Corev1Event>(ResourceType.Events, ns)).Items;

    [Fact]
    public async Task An_event_names_its_object_source_and_times_as_upstream_does()
    {
        var (server, deployment) = await SetUpAsync();
        await using var _ = server;
        var clock = new FakeTimeProvider(Start);
        await using var recorder = new EventRecorder(server.Client, "deployment-controller", timeProvider: clock);
        recorder.Event(deployment, EventTypes.Normal, "ScalingReplicaSet", "Scaled up replica set web-abc to 3");
        await recorder.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var e = Assert.Single(await EventsAsync(server));
        Assert.StartsWith("web.", e.Metadata.Name);
        Assert.Equal(("Deployment", "apps/v1", "web", Ns, deployment.Metadata.Uid), (e.InvolvedObject.Kind, e.InvolvedObject.ApiVersion, e.InvolvedObject.Name, e.InvolvedObject.NamespaceProperty, e.InvolvedObject.Uid));
        Assert.Equal(("Normal", "ScalingReplicaSet", 1), (e.Type, e.Reason, e.Count));
        Assert.Equal("deployment-controller", e.Source.Component);
        Assert.Equal("deployment-controller", e.ReportingComponent);
        Assert.Equal(Start.UtcDateTime, e.FirstTimestamp!.Value.ToUniversalTime());
    }

    [Fact]
    public async Task A_repeated_identical_event_bumps_count_and_lastTimestamp_instead_of_creating_another()
    {
        var (server, deployment) = await SetUpAsync();
        await using var _ = server;
        var clock = new FakeTimeProvider(Start);
        await using var recorder = new EventRecorder(server.Client, "deployment-controller", timeProvider: clock);
        recorder.Event(deployment, EventTypes.Warning, "FailedCreate", "quota exceeded");
        await recorder.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));
        clock.Advance(TimeSpan.FromSeconds(30));
        recorder.Event(deployment, EventTypes.Warning, "FailedCreate", "quota exceeded");
        recorder.Event(deployment, EventTypes.Warning, "FailedCreate", "quota exceeded");
        recorder.Event(deployment, EventTypes.Warning, "FailedCreate", "another message");
        await recorder.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var events = await EventsAsync(server);
        Assert.Equal(2, events.Count);
        var repeated = events.Single(e => e.Message == "quota exceeded");
        Assert.Equal(3, repeated.Count);
        Assert.Equal(Start.UtcDateTime, repeated.FirstTimestamp!.Value.ToUniversalTime());
        Assert.Equal(Start.AddSeconds(30).UtcDateTime, repeated.LastTimestamp!.Value.ToUniversalTime());
        Assert.Equal(1, events.Single(e => e.Message == "another message").Count);
    }

    [Fact]
    public async Task A_source_flooding_one_object_is_limited_to_its_burst_until_the_bucket_refills()
    {
        var (server, deployment) = await SetUpAsync();
        await using var _ = server;
        var clock = new FakeTimeProvider(Start);
        await using var recorder = new EventRecorder(server.Client, "c", options: new EventRecorderOptions { SpamBurst = 3 }, timeProvider: clock);
        for (var i = 0; i < 6; i++)
        {
            recorder.Event(deployment, EventTypes.Normal, "R", "message " + i);
        }
        await recorder.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3, (await EventsAsync(server)).Count);
        clock.Advance(TimeSpan.FromMinutes(5));
        recorder.Event(deployment, EventTypes.Normal, "R", "after refill");
        await recorder.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(4, (await EventsAsync(server)).Count);
    }

    [Fact]
    public async Task Events_about_cluster_scoped_objects_go_to_the_default_namespace()
    {
        await using var server = await TestApiServer.StartAsync("default");
        var node = await server.Client.CreateAsync(ResourceType.Nodes, null, new V1Node { Metadata = new V1ObjectMeta { Name = "node-1" } });
        await using var recorder = new EventRecorder(server.Client, "kubelet", host: "node-1");
        recorder.Event(node, EventTypes.Normal, "NodeReady", "Node node-1 status is now: NodeReady");
        await recorder.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var e = Assert.Single(await EventsAsync(server, "default"));
        Assert.Equal(("Node", "node-1", "node-1"), (e.InvolvedObject.Kind, e.InvolvedObject.Name, e.Source.Host));
    }
}
