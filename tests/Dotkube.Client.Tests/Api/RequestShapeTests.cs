using System.Net;
using System.Text;
using k8s.Models;

namespace Dotkube.Client.Tests.Api;

/// <summary>What goes on the wire, checked against a handler that records requests.</summary>
public sealed class RequestShapeTests
{
    private sealed class Recorder(string response = """{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"x"}}""", HttpStatusCode code = HttpStatusCode.OK) : HttpMessageHandler
    {
        public List<(string Method, string Uri, string? ContentType, string? Body)> Seen { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            Seen.Add((request.Method.Method, request.RequestUri!.PathAndQuery, request.Content?.Headers.ContentType?.MediaType, body));
            return new HttpResponseMessage(code) { Content = new StringContent(response, Encoding.UTF8, "application/json") };
        }
    }

    [Theory]
    [InlineData(PatchType.Json, "application/json-patch+json")]
    [InlineData(PatchType.Merge, "application/merge-patch+json")]
    [InlineData(PatchType.StrategicMerge, "application/strategic-merge-patch+json")]
    [InlineData(PatchType.Apply, "application/apply-patch+yaml")]
    public async Task Each_patch_type_is_sent_with_its_content_type(PatchType type, string contentType)
    {
        var recorder = new Recorder();
        using var client = new KubeApiClient(recorder, new Uri("https://k8s.example:6443/"));
        await client.PatchAsync<V1ConfigMap>(ResourceType.ConfigMaps, "ns", "x", type, "{}", new PatchOptions { FieldManager = "me", Force = true });
        var (method, uri, sentType, _) = Assert.Single(recorder.Seen);
        Assert.Equal("PATCH", method);
        Assert.Equal("/api/v1/namespaces/ns/configmaps/x?fieldManager=me&force=true", uri);
        Assert.Equal(contentType, sentType);
    }

    [Fact]
    public async Task Server_side_apply_without_a_field_manager_is_refused_before_sending()
    {
        var recorder = new Recorder();
        using var client = new KubeApiClient(recorder, new Uri("https://k8s.example:6443/"));
        await Assert.ThrowsAsync<ArgumentException>(() => client.PatchAsync<V1ConfigMap>(ResourceType.ConfigMaps, "ns", "x", PatchType.Apply, "{}"));
        Assert.Empty(recorder.Seen);
    }

    [Theory]
    [InlineData("", "v1", "pods", true, "ns", "p", "eviction", "/api/v1/namespaces/ns/pods/p/eviction")]
    [InlineData("", "v1", "pods", true, null, null, null, "/api/v1/pods")]
    [InlineData("", "v1", "nodes", false, "ignored", "n1", "status", "/api/v1/nodes/n1/status")]
    [InlineData("apps", "v1", "deployments", true, "ns", "web", "scale", "/apis/apps/v1/namespaces/ns/deployments/web/scale")]
    [InlineData("coordination.k8s.io", "v1", "leases", true, "kube-system", null, null, "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases")]
    public void Paths_follow_the_REST_layout(string group, string version, string plural, bool namespaced, string? ns, string? name, string? sub, string expected) =>
        Assert.Equal(expected, new ResourceType(group, version, plural, "K", namespaced).Path(ns, name, sub));

    [Theory]
    [InlineData(typeof(V1Pod), "", "pods", true)]
    [InlineData(typeof(V1Node), "", "nodes", false)]
    [InlineData(typeof(V1Deployment), "apps", "deployments", true)]
    [InlineData(typeof(V1Lease), "coordination.k8s.io", "leases", true)]
    [InlineData(typeof(V1ClusterRole), "rbac.authorization.k8s.io", "clusterroles", false)]
    public void A_model_type_names_its_resource(Type model, string group, string plural, bool namespaced)
    {
        var type = ResourceType.For(model);
        Assert.Equal((group, plural, namespaced), (type.Group, type.Plural, type.Namespaced));
    }

    [Fact]
    public async Task Watch_parameters_ask_for_bookmarks_and_resume_from_the_revision()
    {
        var recorder = new Recorder("""{"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"5"}}}{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"9"}}}""");
        using var client = new KubeApiClient(recorder, new Uri("https://k8s.example:6443/"));
        var events = new List<WatchEvent<V1ConfigMap>>();
        await foreach (var e in client.WatchAsync<V1ConfigMap>(ResourceType.ConfigMaps, "ns", new WatchOptions { ResourceVersion = "4", TimeoutSeconds = 300, LabelSelector = "a=b" }))
        {
            events.Add(e);
        }
        Assert.Equal("/api/v1/namespaces/ns/configmaps?watch=true&resourceVersion=4&labelSelector=a%3Db&allowWatchBookmarks=true&timeoutSeconds=300", recorder.Seen[0].Uri);
        Assert.Equal([(WatchEventType.Added, "5"), (WatchEventType.Bookmark, "9")], events.Select(e => (e.Type, e.ResourceVersion)));
    }

    [Fact]
    public async Task An_error_body_that_is_not_a_status_still_becomes_one_with_the_http_code()
    {
        var recorder = new Recorder("upstream connect error", HttpStatusCode.ServiceUnavailable);
        using var client = new KubeApiClient(recorder, new Uri("https://k8s.example:6443/"));
        var e = await Assert.ThrowsAsync<KubeApiException>(() => client.GetAsync<V1Pod>(ResourceType.Pods, "ns", "p"));
        Assert.Equal((503, "ServiceUnavailable", "upstream connect error"), (e.Code, e.Reason, e.Message));
    }
}
