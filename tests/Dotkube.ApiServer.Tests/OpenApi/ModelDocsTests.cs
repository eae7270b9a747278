using Dotkube.ApiServer.OpenApi;
using k8s.Models;

namespace Dotkube.ApiServer.Tests.OpenApi;

public class ModelDocsTests
{
    [Fact]
    public void TheEmbeddedSummariesCoverTheModels() => Assert.True(ModelDocs.Count > 4000, $"only {ModelDocs.Count} summaries embedded");

    [Fact]
    public void APropertyDescriptionIsOneParagraphWithoutTheWrapping()
    {
        var description = ModelDocs.ForProperty(typeof(V1PodSpec).GetProperty(nameof(V1PodSpec.Containers))!);
        Assert.Equal("List of containers belonging to the pod. Containers cannot currently be added or removed. There must be at least one container in a Pod. Cannot be updated.", description);
    }

    [Fact]
    public void ATypeDescriptionIsFound() =>
        Assert.StartsWith("Pod is a collection of containers that can run on a host.", ModelDocs.ForType(typeof(V1Pod)));

    [Theory]
    [InlineData("\n    One line\n    wrapped.\n    ", "One line wrapped.")]
    [InlineData("\n    First paragraph\n    continues.\n    \n    Second.\n    ", "First paragraph continues.\n\nSecond.")]
    [InlineData("", "")]
    public void UnwrapJoinsLinesAndKeepsParagraphs(string raw, string expected) => Assert.Equal(expected, ModelDocs.Unwrap(raw));
}
