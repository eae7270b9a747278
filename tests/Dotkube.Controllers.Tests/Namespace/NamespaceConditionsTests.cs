using Dotkube.Controllers.Namespace;
using k8s.Models;

namespace Dotkube.Controllers.Tests.Namespace;

public class NamespaceConditionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void APassWithNothingWrongWritesTheFiveOkConditions()
    {
        var status = new V1NamespaceStatus();

        Assert.True(new NamespaceConditions().Update(status, Now));

        Assert.Equal(
            [
                ("NamespaceDeletionDiscoveryFailure", "False", "ResourcesDiscovered", "All resources successfully discovered"),
                ("NamespaceDeletionGroupVersionParsingFailure", "False", "ParsedGroupVersions", "All legacy kube types successfully parsed"),
                ("NamespaceDeletionContentFailure", "False", "ContentDeleted", "All content successfully deleted, may be waiting on finalization"),
                ("NamespaceContentRemaining", "False", "ContentRemoved", "All content successfully removed"),
                ("NamespaceFinalizersRemaining", "False", "ContentHasNoFinalizers", "All content-preserving finalizers finished"),
            ],
            status.Conditions.Select(c => (c.Type, c.Status, c.Reason, c.Message)));
    }

    public static TheoryData<string, Action<NamespaceConditions>, string, string, string> Failures() => new()
    {
        {
            "a discovery that failed for one group",
            c => c.DiscoveryFailed("unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request", 1),
            "NamespaceDeletionDiscoveryFailure", "DiscoveryFailed",
            "Discovery failed for some groups, 1 failing: unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request"
        },
        {
            "two content errors, sorted",
            c =>
            {
                c.ContentDeletionFailed("b failed");
                c.ContentDeletionFailed("a failed");
            },
            "NamespaceDeletionContentFailure", "ContentDeletionFailed", "Failed to delete all resource types, 2 remaining: a failed, b failed"
        },
        {
            "pods and config maps remaining",
            c => c.Remaining(new Dictionary<string, int> { ["pods."] = 3, ["configmaps."] = 1 }, new Dictionary<string, int>()),
            "NamespaceContentRemaining", "SomeResourcesRemain", "Some resources are remaining: configmaps. has 1 resource instances, pods. has 3 resource instances"
        },
        {
            "objects held by finalizers",
            c => c.Remaining(new Dictionary<string, int> { ["widgets.example.com"] = 2 }, new Dictionary<string, int> { ["example.com/keep"] = 2 }),
            "NamespaceFinalizersRemaining", "SomeFinalizersRemain", "Some content in the namespace has finalizers remaining: example.com/keep in 2 resource instances"
        },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void AProblemSetsItsConditionTrueWithUpstreamsReasonAndMessage(string what, Action<NamespaceConditions> report, string type, string reason, string message)
    {
        var conditions = new NamespaceConditions();
        report(conditions);
        var status = new V1NamespaceStatus();

        conditions.Update(status, Now);

        var c = Assert.Single(status.Conditions, c => c.Type == type);
        Assert.True(what.Length > 0);
        Assert.Equal(("True", reason, message), (c.Status, c.Reason, c.Message));
        Assert.Equal(5, status.Conditions.Count);
    }

    [Fact]
    public void AProblemThatWentAwayFlipsTheConditionBackAndMovesItsTransitionTime()
    {
        var status = new V1NamespaceStatus();
        var failing = new NamespaceConditions();
        failing.Remaining(new Dictionary<string, int> { ["pods."] = 1 }, new Dictionary<string, int>());
        failing.Update(status, Now);

        var later = Now.AddSeconds(7);
        var changed = new NamespaceConditions().Update(status, later);

        var c = status.Conditions.Single(c => c.Type == "NamespaceContentRemaining");
        Assert.True(changed);
        Assert.Equal(("False", "ContentRemoved"), (c.Status, c.Reason));
        Assert.Equal(later.UtcDateTime, c.LastTransitionTime);
        Assert.False(new NamespaceConditions().Update(status, later.AddSeconds(1)));
    }
}
