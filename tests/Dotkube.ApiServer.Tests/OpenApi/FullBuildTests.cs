using System.Diagnostics;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.OpenApi;
using Xunit.Abstractions;

namespace Dotkube.ApiServer.Tests.OpenApi;

/// <summary>Every kind the KubernetesClient models, registered at once, as a cluster with all built-ins would be.</summary>
public class FullBuildTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryListableKindRendersInEveryFormatWithinASecondOrTwo()
    {
        var resources = TestResources.AllListableKinds;
        Assert.True(resources.Count > 60, $"only {resources.Count} resources");
        var watch = Stopwatch.StartNew();
        var documents = new OpenApiDocuments(resources);
        var v2 = documents.V2Json;
        var protobuf = documents.V2Protobuf;
        var index = documents.V3Index;
        var first = watch.Elapsed;

        watch.Restart();
        var rebuilt = new OpenApiDocuments(resources);
        _ = (rebuilt.V2Json, rebuilt.V2Protobuf, rebuilt.V3Index);
        var again = watch.Elapsed;
        output.WriteLine($"{resources.Count} resources: first build {first.TotalMilliseconds:F0} ms (with reflection and JIT), rebuild {again.TotalMilliseconds:F0} ms; " +
            $"v2 JSON {v2.Content.Length / 1024} KiB, protobuf {protobuf.Content.Length / 1024} KiB, {documents.V3Paths.Count} v3 documents");

        // Generous bounds for a loaded CI machine; the measured numbers are in the test output.
        Assert.True(again < TimeSpan.FromSeconds(2), $"rebuild took {again}");
        Assert.True(first < TimeSpan.FromSeconds(10), $"first build took {first}");

        var json = JsonNode.Parse(v2.Content.Span)!;
        var definitions = json["definitions"]!.AsObject();
        var proto = new ProtoMessage(protobuf.Content.Span);
        Assert.Equal(definitions.Count, proto.Message(9)!.Messages(1).Count());
        Assert.Equal(JsonNode.Parse(index.Content.Span)!["paths"]!.AsObject().Count, documents.V3Paths.Count);
        foreach (var resource in resources)
        {
            foreach (var version in resource.Versions)
            {
                var prefix = resource.Group.Length == 0 ? "/api/" + version : $"/apis/{resource.Group}/{version}";
                var scoped = resource.Namespaced ? prefix + "/namespaces/{namespace}" : prefix;
                Assert.True(json["paths"]![$"{scoped}/{resource.Plural}/{{name}}/status"]?["patch"] is JsonObject, $"{resource.Plural} {version}");
            }
        }
    }
}
