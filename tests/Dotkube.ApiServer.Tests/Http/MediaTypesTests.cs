using Dotkube.ApiServer.Http;

namespace Dotkube.ApiServer.Tests.Negotiation;

public class MediaTypesTests
{
    [Theory]
    [InlineData("no Accept header means JSON", "", ResponseShape.Json)]
    [InlineData("kubectl get asks for a Table first", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json", ResponseShape.Table)]
    [InlineData("protobuf with a JSON fallback gets JSON", "application/vnd.kubernetes.protobuf, */*", ResponseShape.Json)]
    [InlineData("YAML is served when asked", "application/yaml", ResponseShape.Yaml)]
    [InlineData("metadata-only clients get PartialObjectMetadata", "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json", ResponseShape.PartialObjectMetadata)]
    [InlineData("a Table of an unknown group falls through to JSON", "application/json;as=Table;v=v1;g=example.com,application/json", ResponseShape.Json)]
    public void NegotiatesTheFirstAcceptableShape(string because, string accept, ResponseShape expected)
    {
        Assert.True(expected == MediaTypes.Negotiate(accept, allowTable: true), because);
    }

    [Theory]
    [InlineData("protobuf first is served as protobuf", "application/vnd.kubernetes.protobuf, application/json", ResponseShape.Protobuf)]
    [InlineData("protobuf alone is served as protobuf", "application/vnd.kubernetes.protobuf", ResponseShape.Protobuf)]
    [InlineData("JSON first stays JSON", "application/json, application/vnd.kubernetes.protobuf", ResponseShape.Json)]
    [InlineData("a protobuf Table is not served: the JSON fallback is", "application/vnd.kubernetes.protobuf;as=Table;v=v1;g=meta.k8s.io, application/json", ResponseShape.Json)]
    public void NegotiatesProtobufWhereTheKindHasMessages(string because, string accept, ResponseShape expected)
    {
        Assert.True(expected == MediaTypes.Negotiate(accept, allowTable: true, allowProtobuf: true), because);
    }

    [Fact]
    public void OnlyProtobufIsNotAcceptable()
    {
        Assert.Null(MediaTypes.Negotiate("application/vnd.kubernetes.protobuf", allowTable: true));
    }
}
