using System.Text.Json.Nodes;
using Dotkube.Machinery.Errors;
using Dotkube.Machinery.Patching;

namespace Dotkube.Machinery.Tests.Patching;

public class MergePatchTests
{
    // RFC 7386 appendix A, with the patch library's treatment of non-object documents.
    [Theory]
    [InlineData("""{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"a":null}""", """{}""")]
    [InlineData("""{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""")]
    [InlineData("""{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""")]
    [InlineData("""{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""")]
    [InlineData("""{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""")]
    [InlineData("""["a","b"]""", """["c","d"]""", """["c","d"]""")]
    [InlineData("""{"a":"b"}""", """["c"]""", """["c"]""")]
    [InlineData("""{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""")]
    [InlineData("""[1,2]""", """{"a":"b","c":null}""", """{"a":"b"}""")]
    [InlineData("""{}""", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""")]
    [InlineData("""{"a":"x"}""", """{"a":{"b":null,"c":1}}""", """{"a":{"c":1}}""")]
    [InlineData("""{"a":{}}""", """{"a":[{"x":null}]}""", """{"a":[{"x":null}]}""")]
    [InlineData("""{}""", """{"a":[{"x":null},null]}""", """{"a":[{},null]}""")]
    [InlineData("""{"metadata":{"labels":{"a":"1","b":"2"}}}""", """{"metadata":{"labels":{"a":null,"c":"3"}}}""", """{"metadata":{"labels":{"b":"2","c":"3"}}}""")]
    public void Merge_patches_apply_as_RFC_7386_says(string target, string patch, string expected) =>
        Assert.Equal(JsonNode.Parse(expected)!.ToJsonString(), MergePatch.Apply(JsonNode.Parse(target), JsonNode.Parse(patch)!).ToJsonString());

    [Theory]
    [InlineData("\"bar\"")]
    [InlineData("null")]
    [InlineData("1")]
    public void A_patch_that_is_not_an_object_or_array_is_a_bad_request(string patch)
    {
        var e = Assert.Throws<StatusException>(() => MergePatch.Apply(JsonNode.Parse("""{"a":1}"""), JsonNode.Parse(patch)));
        Assert.Equal(400, e.Code);
        Assert.Equal("Invalid JSON Patch", e.Message);
    }

    [Fact]
    public void The_target_is_not_changed()
    {
        var target = JsonNode.Parse("""{"a":{"b":1}}""")!;
        MergePatch.Apply(target, JsonNode.Parse("""{"a":{"b":2}}""")!);
        Assert.Equal("""{"a":{"b":1}}""", target.ToJsonString());
    }

    [Theory]
    [InlineData("""{"a":1,"b":2}""", """{"a":1,"b":3}""", """{"b":3}""", true)]
    [InlineData("""{"a":1,"b":2}""", """{"a":1}""", """{"b":null}""", true)]
    [InlineData("""{"a":{"x":1,"y":2}}""", """{"a":{"x":1,"y":3}}""", """{"a":{"y":3}}""", true)]
    [InlineData("""{"a":{"x":1}}""", """{"a":{"x":1}}""", """{}""", true)]
    [InlineData("""{"a":[1,2]}""", """{"a":[1,2,3]}""", """{"a":[1,2,3]}""", true)]
    [InlineData("""{"a":[1,2]}""", """{"a":[1,2]}""", """{}""", true)]
    [InlineData("""{"a":"1"}""", """{"a":1}""", """{"a":1}""", true)]
    [InlineData("""{"a":1}""", """{"a":1.0}""", """{}""", false)]
    [InlineData("""{}""", """{"n":null}""", """{"n":null}""", false)]
    [InlineData("""[{"a":1},{"b":1}]""", """[{"a":2},{"b":1}]""", """[{"a":2},{}]""", false)]
    public void Created_patches_hold_only_the_differences(string original, string modified, string expected, bool roundTrips)
    {
        var patch = MergePatch.Create(JsonNode.Parse(original)!, JsonNode.Parse(modified)!);
        Assert.Equal(JsonNode.Parse(expected)!.ToJsonString(), patch.ToJsonString());
        // Applying the patch gives the modified document back (nulls and number spellings aside).
        if (roundTrips)
        {
            Assert.Equal(JsonNode.Parse(modified)!.ToJsonString(), MergePatch.Apply(JsonNode.Parse(original), patch).ToJsonString());
        }
    }

    [Fact]
    public void Creating_a_patch_between_an_object_and_an_array_fails() =>
        Assert.Equal("Mismatched JSON Documents",
            Assert.Throws<StatusException>(() => MergePatch.Create(JsonNode.Parse("{}")!, JsonNode.Parse("[]")!)).Message);
}
