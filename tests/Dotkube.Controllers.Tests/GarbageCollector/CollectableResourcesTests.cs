using Dotkube.Client;
using Dotkube.Client.Discovery;

namespace Dotkube.Controllers.Tests.GarbageCollector;

public class CollectableResourcesTests
{
    private static readonly string[] AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    private static ApiResource Resource(string group, string version, string plural, string kind, params string[] verbs) =>
        new(new ResourceType(group, version, plural, kind, true), verbs.Length == 0 ? AllVerbs : verbs);

    private static readonly DiscoveryResult Discovered = new(
        [
            Resource("", "v1", "configmaps", "ConfigMap"),
            Resource("", "v1", "events", "Event"),
            Resource("", "v1", "bindings", "Binding", "create"),
            Resource("authorization.k8s.io", "v1", "localsubjectaccessreviews", "LocalSubjectAccessReview", "create"),
            Resource("events.k8s.io", "v1", "events", "Event"),
            Resource("example.com", "v2", "widgets", "Widget"),
            Resource("example.com", "v1", "widgets", "Widget"),
            Resource("example.com", "v1", "gadgets", "Gadget", "get", "list", "delete"),
        ],
        new Dictionary<string, string>());

    [Fact]
    public void EveryResourceWithDeleteListAndWatchIsWatchedOnceInItsPreferredVersionAndEventsAreIgnored()
    {
        var watched = Dotkube.Controllers.GarbageCollector.GarbageCollector.Collectable(Discovered).Select(t => $"{t.Plural}.{t.Group}/{t.Version}");

        Assert.Equal(["configmaps./v1", "widgets.example.com/v2"], watched);
    }

    [Theory]
    [InlineData("example.com", "v1", "Widget", "widgets")]
    [InlineData("example.com", "v2", "Widget", "widgets")]
    [InlineData("example.com", "v3", "Widget", null)]
    [InlineData("", "v1", "Secret", null)]
    public void AnOwnerReferenceResolvesOnlyInTheVersionItNames(string group, string version, string kind, string? plural) =>
        Assert.Equal(plural, Discovered.Find(group, version, kind)?.Type.Plural);

    [Fact]
    public void AGroupVersionThatFailedIsReportedInClientGosWords()
    {
        var partial = new DiscoveryResult([], new Dictionary<string, string>
        {
            ["metrics.k8s.io/v1beta1"] = "the server is currently unable to handle the request",
            ["custom.example.com/v1"] = "boom",
        });

        Assert.False(partial.Complete);
        Assert.Equal(
            "unable to retrieve the complete list of server APIs: custom.example.com/v1: boom, metrics.k8s.io/v1beta1: the server is currently unable to handle the request",
            partial.Error);
    }
}
