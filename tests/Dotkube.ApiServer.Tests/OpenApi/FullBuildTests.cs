using System.Diagnostics;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.OpenApi;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources;
using Xunit.Abstractions;

namespace Dotkube.ApiServer.Tests.OpenApi;

/// <summary>Large resource sets: dotkube's built-in registrations, and every listable kind the KubernetesClient models.</summary>
public class FullBuildTests(ITestOutputHelper output)
{
    public static TheoryData<string> Sets => ["built-in resources", "every listable kind"];

    private static IReadOnlyList<ResourceDefinition> Set(string name) =>
        name == "built-in resources" ? BuiltinResources.All : TestResources.AllListableKinds;

    [Theory]
    [MemberData(nameof(Sets))]
    public void EveryResourceRendersInEveryFormat(string set)
    {
        var resources = Set(set);
        Assert.True(resources.Count > 40, $"only {resources.Count} resources");
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
        output.WriteLine($"{set}, {resources.Count} resources: first build {first.TotalMilliseconds:F0} ms (with reflection and JIT), rebuild {again.TotalMilliseconds:F0} ms; " +
            $"v2 JSON {v2.Content.Length / 1024} KiB, protobuf {protobuf.Content.Length / 1024} KiB, {documents.V3Paths.Count} v3 documents");

        // Timings are reported, not asserted: a shared CI machine makes wall-clock bounds flaky, and
        // speed is measured by bench/ (the rule for this repository).

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
                foreach (var verb in resource.Verbs)
                {
                    var (path, method) = verb switch
                    {
                        "create" => ($"{scoped}/{resource.Plural}", "post"),
                        "list" => ($"{scoped}/{resource.Plural}", "get"),
                        "deletecollection" => ($"{scoped}/{resource.Plural}", "delete"),
                        "get" => ($"{scoped}/{resource.Plural}/{{name}}", "get"),
                        "update" => ($"{scoped}/{resource.Plural}/{{name}}", "put"),
                        "patch" => ($"{scoped}/{resource.Plural}/{{name}}", "patch"),
                        "delete" => ($"{scoped}/{resource.Plural}/{{name}}", "delete"),
                        _ => ($"{(resource.Namespaced ? prefix + "/watch/namespaces/{namespace}" : prefix + "/watch")}/{resource.Plural}", "get"),
                    };
                    Assert.True(json["paths"]![path]?[method] is JsonObject, $"{resource.Plural} {version}: {method} {path}");
                }
                foreach (var subresource in resource.Subresources)
                {
                    Assert.True(json["paths"]![$"{scoped}/{resource.Plural}/{{name}}/{subresource}"] is JsonObject, $"{resource.Plural}/{subresource} {version}");
                }
            }
        }
    }
}
