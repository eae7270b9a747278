using Dotkube.Controllers;

namespace Dotkube.Controllers.Tests;

public class ControllerSelectionTests
{
    private sealed record Fake(string Name, bool EnabledByDefault = true) : IController
    {
        public string ServiceAccount => Name + "-controller";

        public Task RunAsync(ControllerContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private static readonly Fake[] All = [new("deployment"), new("replicaset"), new("bootstrapsigner", EnabledByDefault: false)];

    [Theory]
    [InlineData("an empty list runs none, as upstream", "", "")]
    [InlineData("a star means every default controller", "*", "deployment,replicaset")]
    [InlineData("a minus turns one off", "*,-replicaset", "deployment")]
    [InlineData("a name turns an off-by-default one on", "*,bootstrapsigner", "deployment,replicaset,bootstrapsigner")]
    [InlineData("without a star only named ones run", "deployment", "deployment")]
    [InlineData("spaces around names are ignored", " * , -deployment ", "replicaset")]
    public void SelectionFollowsKubeControllerManager(string because, string flag, string expected)
    {
        var selection = ControllerSelection.Parse([flag], All.Select(c => c.Name).ToArray());
        Assert.True(expected == string.Join(",", All.Where(selection.IsEnabled).Select(c => c.Name)), because);
    }

    [Fact]
    public void AnUnknownControllerIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => ControllerSelection.Parse(["*,-deploymnet"], All.Select(c => c.Name).ToArray()));
        Assert.Equal("\"deploymnet\" is not in the list of known controllers: bootstrapsigner, deployment, replicaset", e.Message);
    }
}
