using System.Text.Json.Nodes;
using Dotkube.Machinery.Apply;
using k8s.Models;

namespace Dotkube.Machinery.Tests.Apply;

public class ApplyMergeTests
{
    private static readonly TypeSchema Deployment = TypeSchema.ForModel(typeof(V1Deployment));
    private static readonly TypeSchema Pod = TypeSchema.ForModel(typeof(V1Pod));

    private static JsonNode Parse(string json) => JsonNode.Parse(json)!;

    public static TheoryData<string, string, string, string> Merges => new()
    {
        {
            "map keys merge one by one",
            """{"metadata":{"labels":{"a":"1","b":"2"}}}""",
            """{"metadata":{"labels":{"b":"3","c":"4"}}}""",
            """{"metadata":{"labels":{"a":"1","b":"3","c":"4"}}}"""
        },
        {
            "containers merge by name, keeping live-only fields and items",
            """{"spec":{"containers":[{"name":"a","image":"x","imagePullPolicy":"Always"},{"name":"b","image":"y"}]}}""",
            """{"spec":{"containers":[{"name":"a","image":"z"}]}}""",
            """{"spec":{"containers":[{"name":"a","image":"z","imagePullPolicy":"Always"},{"name":"b","image":"y"}]}}"""
        },
        {
            "container ports merge by port and protocol, the protocol defaulting to TCP",
            """{"spec":{"containers":[{"name":"a","ports":[{"containerPort":80,"protocol":"TCP","name":"http"}]}]}}""",
            """{"spec":{"containers":[{"name":"a","ports":[{"containerPort":80},{"containerPort":443}]}]}}""",
            """{"spec":{"containers":[{"name":"a","ports":[{"containerPort":80,"protocol":"TCP","name":"http"},{"containerPort":443}]}]}}"""
        },
        {
            "an atomic list is replaced whole",
            """{"spec":{"containers":[{"name":"a","command":["sh","-c"]}]}}""",
            """{"spec":{"containers":[{"name":"a","command":["bash"]}]}}""",
            """{"spec":{"containers":[{"name":"a","command":["bash"]}]}}"""
        },
        {
            "finalizers merge as a set",
            """{"metadata":{"finalizers":["a","b"]}}""",
            """{"metadata":{"finalizers":["c","a"]}}""",
            """{"metadata":{"finalizers":["c","a","b"]}}"""
        },
        {
            "an atomic map (nodeSelector) is replaced whole",
            """{"spec":{"nodeSelector":{"a":"1","b":"2"}}}""",
            """{"spec":{"nodeSelector":{"c":"3"}}}""",
            """{"spec":{"nodeSelector":{"c":"3"}}}"""
        },
        {
            "shared items follow the configuration's order and live-only items stay before the shared item they preceded",
            """{"spec":{"containers":[{"name":"a"},{"name":"x"},{"name":"b"}]}}""",
            """{"spec":{"containers":[{"name":"b"},{"name":"a"}]}}""",
            """{"spec":{"containers":[{"name":"x"},{"name":"b"},{"name":"a"}]}}"""
        },
    };

    [Theory]
    [MemberData(nameof(Merges))]
    public void Applied_configuration_merges_into_the_live_pod(string name, string live, string config, string expected)
    {
        var merged = ApplyMerge.Merge(Parse(live), Parse(config), Pod);
        Assert.True(JsonNode.DeepEquals(Parse(expected), merged), $"{name}: {merged!.ToJsonString()}");
    }

    [Fact]
    public void An_atomic_struct_like_the_label_selector_is_replaced_whole()
    {
        var merged = ApplyMerge.Merge(
            Parse("""{"spec":{"selector":{"matchLabels":{"a":"1"},"matchExpressions":[{"key":"k","operator":"Exists"}]}}}"""),
            Parse("""{"spec":{"selector":{"matchLabels":{"b":"2"}}}}"""),
            Deployment);

        Assert.Equal("""{"spec":{"selector":{"matchLabels":{"b":"2"}}}}""", merged!.ToJsonString());
    }

    [Fact]
    public void Untyped_objects_merge_maps_and_replace_lists()
    {
        var merged = ApplyMerge.Merge(
            Parse("""{"spec":{"a":1,"list":[1,2],"nested":{"x":1}}}"""),
            Parse("""{"spec":{"list":[3],"nested":{"y":2}}}"""),
            TypeSchema.Deduced);

        Assert.Equal("""{"spec":{"a":1,"list":[3],"nested":{"x":1,"y":2}}}""", merged!.ToJsonString());
    }

    [Fact]
    public void A_configuration_with_two_items_of_one_key_is_refused()
    {
        var e = Assert.Throws<ApplySchemaException>(() => ApplyMerge.Merge(
            Parse("""{"spec":{"containers":[]}}"""),
            Parse("""{"spec":{"containers":[{"name":"a"},{"name":"a"}]}}"""),
            Pod));
        Assert.Equal(".spec.containers: duplicate entries for key [name=\"a\"]", e.Message);
    }

    [Fact]
    public void An_item_without_its_key_is_refused_with_upstreams_words()
    {
        var e = Assert.Throws<ApplySchemaException>(() => ObjectFields.Of(Parse("""{"spec":{"containers":[{"image":"x"}]}}"""), Pod));
        Assert.Equal(".spec.containers: element 0: associative list with keys has an element that omits key field \"name\" (and doesn't have default value)", e.Message);
    }
}
