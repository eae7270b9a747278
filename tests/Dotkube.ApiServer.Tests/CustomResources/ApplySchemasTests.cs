using System.Text.Json.Nodes;
using Dotkube.ApiServer.CustomResources;
using Dotkube.Machinery.Apply;

namespace Dotkube.ApiServer.Tests.CustomResources;

/// <summary>Server-side apply of custom resources with the schema built from their CRD's structural schema.</summary>
public class ApplySchemasTests
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);

    private const string Crd = """
    {"type":"object","properties":{"spec":{"type":"object","properties":{
      "replicas":{"type":"integer"},
      "paused":{"type":"boolean"},
      "image":{"type":"string"},
      "since":{"type":"string","format":"date-time"},
      "port":{"x-kubernetes-int-or-string":true},
      "ports":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],
        "items":{"type":"object","required":["name"],"properties":{"name":{"type":"string"},"port":{"type":"integer"}}}},
      "routes":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["host","protocol"],
        "items":{"type":"object","properties":{"host":{"type":"string"},"protocol":{"type":"string","default":"TCP"},"weight":{"type":"integer"}}}},
      "args":{"type":"array","items":{"type":"string"}},
      "tags":{"type":"array","x-kubernetes-list-type":"set","items":{"type":"string"}},
      "labels":{"type":"object","additionalProperties":{"type":"string"}},
      "selector":{"type":"object","x-kubernetes-map-type":"atomic","additionalProperties":{"type":"string"}},
      "config":{"type":"object","x-kubernetes-preserve-unknown-fields":true,"properties":{"level":{"type":"integer"}}},
      "template":{"type":"object","x-kubernetes-embedded-resource":true,"x-kubernetes-preserve-unknown-fields":true}
    }}}}
    """;

    private static readonly FieldManager Manager = new(
        ApplySchemas.For(StructuralSchema.Parse(JsonNode.Parse(Crd)!.AsObject()), preserveUnknownFields: false),
        "example.com/v1", "", FieldSet.Empty);

    private static JsonObject Widget(string spec) =>
        (JsonObject)JsonNode.Parse($$"""{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w","namespace":"d"},"spec":{{spec}}}""")!;

    private static JsonObject Empty() => (JsonObject)JsonNode.Parse("""{"apiVersion":"example.com/v1","kind":"Widget","metadata":{}}""")!;

    private static string Spec(JsonObject obj) => obj["spec"]!.ToJsonString();

    private static string Fields(JsonObject obj, string manager) => FieldsV1.Serialize(
        ManagedFieldsCodec.Decode(obj["metadata"]?["managedFields"]).Single(e => e.Manager == manager).Fields).ToJsonString(Relaxed);

    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Theory]
    [InlineData("a map list merges two managers' items by key", """{"ports":[{"name":"http","port":80}]}""", """{"ports":[{"name":"metrics","port":9090}]}""",
        """{"ports":[{"name":"http","port":80},{"name":"metrics","port":9090}]}""")]
    [InlineData("a map list with two keys merges by both, a key's default filling in", """{"routes":[{"host":"a","weight":1}]}""", """{"routes":[{"host":"a","protocol":"UDP","weight":2}]}""",
        """{"routes":[{"host":"a","weight":1},{"host":"a","protocol":"UDP","weight":2}]}""")]
    [InlineData("a set merges two managers' values", """{"tags":["a","b"]}""", """{"tags":["c"]}""", """{"tags":["a","b","c"]}""")]
    [InlineData("a granular map merges two managers' keys", """{"labels":{"a":"1"}}""", """{"labels":{"b":"2"}}""", """{"labels":{"a":"1","b":"2"}}""")]
    [InlineData("fields under preserve-unknown-fields merge key by key", """{"config":{"level":1,"x":{"y":1}}}""", """{"config":{"x":{"z":2}}}""",
        """{"config":{"level":1,"x":{"y":1,"z":2}}}""")]
    [InlineData("an embedded resource's metadata is ObjectMeta, its labels merge", """{"template":{"metadata":{"labels":{"a":"1"}}}}""", """{"template":{"metadata":{"labels":{"b":"2"}}}}""",
        """{"template":{"metadata":{"labels":{"a":"1","b":"2"}}}}""")]
    public void Two_managers_applying_different_parts_both_keep_theirs(string name, string first, string second, string merged)
    {
        _ = name;
        var live = Manager.Apply(Empty(), Widget(first), "a", force: false, T0);

        live = Manager.Apply(live, Widget(second), "b", force: false, T0);

        Assert.Equal(merged, Spec(live));
    }

    [Theory]
    [InlineData("the same key's field in a map list", """{"ports":[{"name":"http","port":80}]}""", """{"ports":[{"name":"http","port":81}]}""",
        "Apply failed with 1 conflict: conflict with \"a\": .spec.ports[name=\"http\"].port")]
    [InlineData("an atomic list (no list type) as a whole", """{"args":["x"]}""", """{"args":["y"]}""",
        "Apply failed with 1 conflict: conflict with \"a\": .spec.args")]
    [InlineData("an atomic map as a whole", """{"selector":{"app":"a"}}""", """{"selector":{"tier":"b"}}""",
        "Apply failed with 1 conflict: conflict with \"a\": .spec.selector")]
    [InlineData("an item keyed by two fields", """{"routes":[{"host":"a","protocol":"TCP","weight":1}]}""", """{"routes":[{"host":"a","weight":2}]}""",
        "Apply failed with 1 conflict: conflict with \"a\": .spec.routes[host=\"a\",protocol=\"TCP\"].weight")]
    public void A_second_manager_changing_an_owned_value_conflicts_as_upstream_says(string name, string first, string second, string message)
    {
        _ = name;
        var live = Manager.Apply(Empty(), Widget(first), "a", force: false, T0);

        var e = Assert.Throws<ApplyConflictException>(() => Manager.Apply(live, Widget(second), "b", force: false, T0));

        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void A_map_list_item_is_owned_by_its_key()
    {
        var live = Manager.Apply(Empty(), Widget("""{"ports":[{"name":"http","port":80}]}"""), "a", force: false, T0);

        Assert.Equal("""{"f:spec":{"f:ports":{"k:{\"name\":\"http\"}":{".":{},"f:name":{},"f:port":{}}}}}""", Fields(live, "a"));
    }

    [Fact]
    public void A_manager_dropping_its_item_removes_only_that_item()
    {
        var live = Manager.Apply(Empty(), Widget("""{"ports":[{"name":"http","port":80}]}"""), "a", force: false, T0);
        live = Manager.Apply(live, Widget("""{"ports":[{"name":"metrics","port":9090}]}"""), "b", force: false, T0);

        live = Manager.Apply(live, Widget("""{"image":"x"}"""), "a", force: false, T0);

        Assert.Equal("""{"ports":[{"name":"metrics","port":9090}],"image":"x"}""", Spec(live));
    }

    [Theory]
    [InlineData("a string for an integer", """{"replicas":"three"}""", ".spec.replicas: expected numeric (int or float), got string")]
    [InlineData("a number for a boolean", """{"paused":1}""", ".spec.paused: expected boolean, got &{1}")]
    [InlineData("a number for a string", """{"image":5}""", ".spec.image: expected string, got &value.valueUnstructured{Value:5}")]
    [InlineData("a map for a list", """{"args":{"a":1}}""", ".spec.args: expected list, got &{map[a:1]}")]
    [InlineData("a field the schema does not declare", """{"bogus":1}""", ".spec.bogus: field not declared in schema")]
    [InlineData("a map list item without its key", """{"ports":[{"port":80}]}""",
        ".spec.ports: element 0: associative list with keys has an element that omits key field \"name\" (and doesn't have default value)")]
    public void A_wrong_applied_value_is_refused_as_upstream_words_it(string name, string spec, string message)
    {
        _ = name;

        var e = Assert.Throws<ApplySchemaException>(() => Manager.Apply(Empty(), Widget(spec), "a", force: false, T0));

        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("an int-or-string takes a string", """{"port":"http"}""")]
    [InlineData("an int-or-string takes a number", """{"port":8080}""")]
    [InlineData("a formatted string is untyped", """{"since":"2024-01-01T00:00:00Z"}""")]
    [InlineData("an undeclared field under preserve-unknown-fields", """{"config":{"anything":[1,"a"]}}""")]
    public void Values_the_schema_leaves_open_are_accepted(string name, string spec)
    {
        _ = name;

        var live = Manager.Apply(Empty(), Widget(spec), "a", force: false, T0);

        Assert.Equal(spec, Spec(live));
    }

    [Fact]
    public void A_crd_without_schema_or_with_preserve_unknown_fields_is_deduced()
    {
        Assert.Equal(SchemaKind.Deduced, ApplySchemas.For(null, preserveUnknownFields: true).Kind);
        var open = ApplySchemas.For(StructuralSchema.Parse(JsonNode.Parse("""{"type":"object","properties":{"spec":{"type":"object","properties":{"a":{"type":"string"}}}}}""")!.AsObject()),
            preserveUnknownFields: true);
        Assert.True(open.Child("spec").Schema.TakesUndeclaredKeys);
    }
}
