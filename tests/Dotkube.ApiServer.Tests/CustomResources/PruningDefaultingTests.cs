using System.Text.Json.Nodes;
using Dotkube.ApiServer.CustomResources;
using Dotkube.ApiServer.Registry;

namespace Dotkube.ApiServer.Tests.CustomResources;

public class PruningDefaultingTests
{
    private static StructuralSchema Schema(string json) => StructuralSchema.Parse(JsonNode.Parse(json)!.AsObject());

    private const string Spec = """
    {"type":"object","properties":{"spec":{"type":"object","properties":{
      "a":{"type":"string","default":"x"},
      "items":{"type":"array","items":{"type":"object","properties":{"n":{"type":"integer","default":1}}}},
      "free":{"type":"object","x-kubernetes-preserve-unknown-fields":true},
      "map":{"type":"object","additionalProperties":{"type":"object","properties":{"v":{"type":"string"}}}},
      "nested":{"type":"object","default":{},"properties":{"deep":{"type":"string","default":"d"}}},
      "nullable":{"type":"string","nullable":true,"default":"n"},
      "notNullable":{"type":"string","default":"z"},
      "embedded":{"type":"object","x-kubernetes-embedded-resource":true,"properties":{"spec":{"type":"string"}}}
    }}}}
    """;

    [Theory]
    [InlineData("an unknown field is dropped", """{"spec":{"a":"1","foo":"bar"}}""", """{"spec":{"a":"1"}}""", "spec.foo")]
    [InlineData("an unknown field in a list item is dropped with its index", """{"spec":{"items":[{"n":1,"x":2}]}}""", """{"spec":{"items":[{"n":1}]}}""", "spec.items[0].x")]
    [InlineData("an unknown top-level field is dropped", """{"apiVersion":"a/v1","kind":"K","metadata":{"name":"n"},"extra":1}""", """{"apiVersion":"a/v1","kind":"K","metadata":{"name":"n"}}""", "extra")]
    [InlineData("preserve-unknown-fields keeps everything below", """{"spec":{"free":{"anything":{"deep":1}}}}""", """{"spec":{"free":{"anything":{"deep":1}}}}""", "")]
    [InlineData("map values are pruned by their schema", """{"spec":{"map":{"k":{"v":"1","w":"2"}}}}""", """{"spec":{"map":{"k":{"v":"1"}}}}""", "spec.map.k.w")]
    [InlineData("an embedded resource keeps apiVersion, kind and metadata", """{"spec":{"embedded":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"x":1}}}""", """{"spec":{"embedded":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"}}}}""", "spec.embedded.x")]
    public void Prunes_unknown_fields(string because, string input, string expected, string prunedPath)
    {
        var obj = JsonNode.Parse(input)!.AsObject();

        var pruned = Pruning.Prune(obj, Schema(Spec));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), obj), $"{because}: got {obj.ToJsonString()}");
        Assert.Equal(prunedPath.Length == 0 ? [] : [prunedPath], pruned);
    }

    [Theory]
    [InlineData("a missing field takes its default", """{"spec":{}}""", "spec.a", "\"x\"")]
    [InlineData("a set field keeps its value", """{"spec":{"a":"mine"}}""", "spec.a", "\"mine\"")]
    [InlineData("list items are defaulted", """{"spec":{"items":[{}]}}""", "spec.items[0].n", "1")]
    [InlineData("a defaulted object is defaulted below", """{"spec":{}}""", "spec.nested.deep", "\"d\"")]
    [InlineData("null stays where nullable", """{"spec":{"nullable":null}}""", "spec.nullable", "null")]
    [InlineData("null takes the default where not nullable", """{"spec":{"notNullable":null}}""", "spec.notNullable", "\"z\"")]
    public void Applies_defaults(string because, string input, string path, string expected)
    {
        var obj = JsonNode.Parse(input)!.AsObject();

        Defaulting.Apply(obj, Schema(Spec));

        var value = SimpleJsonPath.Parse("." + path).Evaluate(obj).SingleOrDefault();
        Assert.True((value?.ToJsonString() ?? "null") == expected, $"{because}: got {obj.ToJsonString()}");
    }

    [Fact]
    public void Defaults_apply_on_read_from_storage()
    {
        var crd = CrdView.Of(JsonNode.Parse("""
            {"metadata":{"name":"things.example.com"},"spec":{"group":"example.com","names":{"plural":"things","kind":"Thing"},"scope":"Namespaced",
             "versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object","properties":{"late":{"type":"string","default":"added later"}}}}}}}]}}
            """)!.AsObject());
        var def = CustomResourceDefinitions.ToResource(crd);
        var stored = JsonNode.Parse("""{"apiVersion":"example.com/v1","kind":"Thing","metadata":{"name":"t"},"spec":{}}""")!.AsObject();

        var served = VersionBridge.ToServed(stored, def, "v1");

        Assert.Equal("added later", served["spec"]!["late"]!.GetValue<string>());
    }
}
