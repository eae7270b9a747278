using System.Text.Json.Nodes;
using Dotkube.Machinery.Patching;
using k8s.Models;

namespace Dotkube.Machinery.Tests.Patching;

public class StrategicMergePatchCreateTests
{
    private static JsonObject O(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>JSON with object keys sorted, so patches compare regardless of key order.</summary>
    private static string Canonical(JsonNode? node) => node switch
    {
        JsonObject o => "{" + string.Join(",", o.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => System.Text.Json.JsonSerializer.Serialize(kv.Key) + ":" + Canonical(kv.Value))) + "}",
        JsonArray a => "[" + string.Join(",", a.Select(Canonical)) + "]",
        null => "null",
        _ => node.ToJsonString(),
    };

    // Cases from upstream's strategic merge patch tests (original, modified, current, two-way, three-way, result),
    // on real fields with the same strategies: containers merge by name, finalizers merge as a set.
    public static TheoryData<string, string, string, string, string, string, Type> Cases => new()
    {
        {
            """{"containers":[{"name":"1"},{"name":"2","image":"2"}]}""",
            """{"containers":[{"name":"4","image":"4"},{"name":"1"},{"name":"2","image":"2"},{"name":"3","image":"3"}]}""",
            """{"containers":[{"name":"1","tty":true},{"name":"2","image":"2","stdin":true}]}""",
            """{"$setElementOrder/containers":[{"name":"4"},{"name":"1"},{"name":"2"},{"name":"3"}],"containers":[{"name":"4","image":"4"},{"name":"3","image":"3"}]}""",
            """{"$setElementOrder/containers":[{"name":"4"},{"name":"1"},{"name":"2"},{"name":"3"}],"containers":[{"name":"4","image":"4"},{"name":"3","image":"3"}]}""",
            """{"containers":[{"name":"4","image":"4"},{"name":"1","tty":true},{"name":"2","image":"2","stdin":true},{"name":"3","image":"3"}]}""",
            typeof(V1PodSpec)
        },
        {
            """{"containers":[{"name":"1"},{"name":"2"}]}""",
            """{"containers":[{"name":"2"}]}""",
            """{"containers":[{"name":"1"},{"name":"2","tty":true}]}""",
            """{"$setElementOrder/containers":[{"name":"2"}],"containers":[{"$patch":"delete","name":"1"}]}""",
            """{"$setElementOrder/containers":[{"name":"2"}],"containers":[{"$patch":"delete","name":"1"}]}""",
            """{"containers":[{"name":"2","tty":true}]}""",
            typeof(V1PodSpec)
        },
        {
            """{"finalizers":["1","2","3"]}""",
            """{"finalizers":["1","2"]}""",
            """{"finalizers":["1","2","3","4"]}""",
            """{"$deleteFromPrimitiveList/finalizers":["3"],"$setElementOrder/finalizers":["1","2"]}""",
            """{"$deleteFromPrimitiveList/finalizers":["3"],"$setElementOrder/finalizers":["1","2"]}""",
            """{"finalizers":["1","2","4"]}""",
            typeof(V1ObjectMeta)
        },
        {
            """{"finalizers":["1","2"]}""",
            """{"finalizers":["1","2","3"]}""",
            """{"finalizers":["1","2","4"]}""",
            """{"$setElementOrder/finalizers":["1","2","3"],"finalizers":["3"]}""",
            """{"$setElementOrder/finalizers":["1","2","3"],"finalizers":["3"]}""",
            """{"finalizers":["1","2","3","4"]}""",
            typeof(V1ObjectMeta)
        },
        {
            """{}""",
            """{"strategy":{"type":"Recreate"}}""",
            """{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}""",
            """{"strategy":{"type":"Recreate"}}""",
            """{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}""",
            """{"strategy":{"type":"Recreate"}}""",
            typeof(V1DeploymentSpec)
        },
        {
            """{"labels":{"a":"1","b":"2"}}""",
            """{"labels":{"a":"1","c":"3"}}""",
            """{"labels":{"a":"1","b":"2","d":"4"}}""",
            """{"labels":{"b":null,"c":"3"}}""",
            """{"labels":{"b":null,"c":"3"}}""",
            """{"labels":{"a":"1","c":"3","d":"4"}}""",
            typeof(V1ObjectMeta)
        },
        {
            """{"tolerations":[{"key":"a"}]}""",
            """{"tolerations":[{"key":"b"}]}""",
            """{"tolerations":[{"key":"a"},{"key":"x"}]}""",
            """{"tolerations":[{"key":"b"}]}""",
            """{"tolerations":[{"key":"b"}]}""",
            """{"tolerations":[{"key":"b"}]}""",
            typeof(V1PodSpec)
        },
        {
            """{"containers":[{"name":"a","image":"x","command":["sh"]}]}""",
            """{"containers":[{"name":"a","image":"y"}]}""",
            """{"containers":[{"name":"a","image":"x","command":["sh"],"imagePullPolicy":"Always"}]}""",
            """{"$setElementOrder/containers":[{"name":"a"}],"containers":[{"command":null,"image":"y","name":"a"}]}""",
            """{"$setElementOrder/containers":[{"name":"a"}],"containers":[{"command":null,"image":"y","name":"a"}]}""",
            """{"containers":[{"name":"a","image":"y","imagePullPolicy":"Always"}]}""",
            typeof(V1PodSpec)
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Two_and_three_way_patches_match_upstream_and_apply_to_the_expected_result(
        string original, string modified, string current, string twoWay, string threeWay, string result, Type type)
    {
        Assert.Equal(Canonical(JsonNode.Parse(twoWay)), Canonical(StrategicMergePatch.CreateTwoWay(O(original), O(modified), type)));
        var patch = StrategicMergePatch.CreateThreeWay(O(original), O(modified), O(current), type);
        Assert.Equal(Canonical(JsonNode.Parse(threeWay)), Canonical(patch));
        Assert.Equal(Canonical(JsonNode.Parse(result)), Canonical(StrategicMergePatch.Apply(O(current), patch, type)));
    }

    [Fact]
    public void Identical_objects_give_an_empty_patch()
    {
        var pod = O("""{"metadata":{"name":"p","labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i"}]}}""");
        Assert.Empty(StrategicMergePatch.CreateTwoWay(pod, pod, typeof(V1Pod)));
        Assert.Empty(StrategicMergePatch.CreateThreeWay(pod, pod, pod, typeof(V1Pod)));
    }
}
