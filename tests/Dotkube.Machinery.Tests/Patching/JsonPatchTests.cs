using System.Text.Json.Nodes;
using Dotkube.Machinery.Errors;
using Dotkube.Machinery.Patching;

namespace Dotkube.Machinery.Tests.Patching;

public class JsonPatchTests
{
    private static string Apply(string doc, string patch) =>
        JsonPatch.Apply(JsonNode.Parse(doc)!, JsonNode.Parse(patch)!.AsArray()).ToJsonString();

    // Cases from RFC 6902 appendix A, plus the patch library's own behaviour.
    [Theory]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux"}]""", """{"foo":"bar","baz":"qux"}""")]
    [InlineData("""{"foo":["bar","baz"]}""", """[{"op":"add","path":"/foo/1","value":"qux"}]""", """{"foo":["bar","qux","baz"]}""")]
    [InlineData("""{"baz":"qux","foo":"bar"}""", """[{"op":"remove","path":"/baz"}]""", """{"foo":"bar"}""")]
    [InlineData("""{"foo":["bar","qux","baz"]}""", """[{"op":"remove","path":"/foo/1"}]""", """{"foo":["bar","baz"]}""")]
    [InlineData("""{"baz":"qux","foo":"bar"}""", """[{"op":"replace","path":"/baz","value":"boo"}]""", """{"baz":"boo","foo":"bar"}""")]
    [InlineData("""{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}""", """[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]""", """{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}""")]
    [InlineData("""{"foo":["all","grass","cows","eat"]}""", """[{"op":"move","from":"/foo/1","path":"/foo/3"}]""", """{"foo":["all","cows","eat","grass"]}""")]
    [InlineData("""{"baz":"qux","foo":["a",2,"c"]}""", """[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]""", """{"baz":"qux","foo":["a",2,"c"]}""")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/child","value":{"grandchild":{}}}]""", """{"foo":"bar","child":{"grandchild":{}}}""")]
    [InlineData("""{"foo":["bar"]}""", """[{"op":"add","path":"/foo/-","value":["abc","def"]}]""", """{"foo":["bar",["abc","def"]]}""")]
    [InlineData("""{"foo":null}""", """[{"op":"test","path":"/foo","value":null}]""", """{"foo":null}""")]
    [InlineData("""{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":10},{"op":"add","path":"/a~1b","value":1}]""", """{"/":9,"~1":10,"a/b":1}""")]
    [InlineData("""{"a":{"b":1}}""", """[{"op":"copy","from":"/a","path":"/c"}]""", """{"a":{"b":1},"c":{"b":1}}""")]
    [InlineData("""{"a":[1,2,3]}""", """[{"op":"remove","path":"/a/-1"}]""", """{"a":[1,2]}""")]
    [InlineData("""{"a":[1,2,3]}""", """[{"op":"replace","path":"/a/-3","value":0}]""", """{"a":[0,2,3]}""")]
    [InlineData("""{"a":[1,2]}""", """[{"op":"add","path":"/a/-1","value":9}]""", """{"a":[1,2,9]}""")]
    [InlineData("""{"a":1}""", """[{"op":"replace","path":"/b","value":2}]""", """{"a":1,"b":2}""")]
    [InlineData("""{"a":1}""", """[{"op":"replace","path":"","value":{"b":2}}]""", """{"b":2}""")]
    [InlineData("""{"a":1}""", """[{"op":"test","path":"/missing","value":null}]""", """{"a":1}""")]
    [InlineData("""{"metadata":{"labels":{"a":"b"}}}""", """[{"op":"add","path":"/metadata/labels/app.kubernetes.io~1name","value":"x"}]""", """{"metadata":{"labels":{"a":"b","app.kubernetes.io/name":"x"}}}""")]
    public void Operations_apply_as_RFC_6902_and_the_upstream_library_say(string doc, string patch, string expected) =>
        Assert.Equal(JsonNode.Parse(expected)!.ToJsonString(), Apply(doc, patch));

    [Theory]
    [InlineData("""{"baz":"qux"}""", """[{"op":"test","path":"/baz","value":"bar"}]""", "testing value /baz failed: test failed")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/baz/bat","value":"qux"}]""", "add operation does not apply: doc is missing path: \"/baz/bat\": missing value")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"remove","path":"/baz"}]""", "error in remove for path: '/baz': Unable to remove nonexistent key: baz: missing value")]
    [InlineData("""{"a":[1]}""", """[{"op":"replace","path":"/a/5","value":2}]""", "replace operation does not apply: doc is missing key: /a/5: missing value")]
    [InlineData("""{"a":[1]}""", """[{"op":"add","path":"/a/5","value":2}]""", "error in add for path: '/a/5': Unable to access invalid index: 5: invalid index referenced")]
    [InlineData("""{"a":[1]}""", """[{"op":"add","path":"/a/x","value":2}]""", "error in add for path: '/a/x': value was not a proper array index: 'x': strconv.Atoi: parsing \"x\": invalid syntax")]
    [InlineData("""{"a":1}""", """[{"op":"replace","path":"/x/y","value":2}]""", "replace operation does not apply: doc is missing path: /x/y: missing value")]
    [InlineData("""{"a":1}""", """[{"op":"move","from":"/x/y","path":"/b"}]""", "move operation does not apply: doc is missing from path: /x/y: missing value")]
    [InlineData("""{"a":1}""", """[{"op":"copy","from":"/a","path":"/x/y"}]""", "copy operation does not apply: doc is missing destination path: /x/y: missing value")]
    [InlineData("""{"a":1}""", """[{"op":"jump","path":"/a"}]""", "Unexpected kind: jump")]
    [InlineData("""{"a":1}""", """[{"path":"/a"}]""", "Unexpected kind: unknown")]
    [InlineData("""{"a":1}""", """[{"op":"add","value":1}]""", "add operation failed to decode path: missing value")]
    [InlineData("""{"a":[1]}""", """[{"op":"test","path":"/a/3","value":1}]""", "error in test for path: '/a/3': Unable to access invalid index: 3: invalid index referenced")]
    [InlineData("""{"a":"1"}""", """[{"op":"test","path":"/a","value":1}]""", "testing value /a failed: test failed")]
    public void A_failing_operation_is_a_422_with_the_library_message_inside(string doc, string patch, string detail)
    {
        var e = Assert.Throws<StatusException>(() => Apply(doc, patch));
        Assert.Equal(422, e.Code);
        Assert.Equal("Invalid", e.Reason);
        Assert.Equal("the server rejected our request due to an error in our request", e.Message);
        Assert.Equal(detail, Assert.IsType<JsonPatchException>(e.InnerException).Message);
    }

    [Fact]
    public void The_target_is_not_changed()
    {
        var doc = JsonNode.Parse("""{"a":{"b":1}}""")!;
        var patch = JsonNode.Parse("""[{"op":"replace","path":"/a/b","value":2},{"op":"add","path":"/c","value":{"d":[1]}}]""")!.AsArray();
        var result = JsonPatch.Apply(doc, patch);
        Assert.Equal("""{"a":{"b":1}}""", doc.ToJsonString());
        Assert.Equal("""{"a":{"b":2},"c":{"d":[1]}}""", result.ToJsonString());
        // The patch's values are copied, not shared.
        Assert.Equal("""[{"op":"replace","path":"/a/b","value":2},{"op":"add","path":"/c","value":{"d":[1]}}]""", patch.ToJsonString());
    }

    [Fact]
    public void More_than_10000_operations_is_too_large()
    {
        var patch = new JsonArray();
        for (var i = 0; i < 10001; i++)
        {
            patch.Add(new JsonObject { ["op"] = "test", ["path"] = "/a", ["value"] = 1 });
        }
        var e = Assert.Throws<StatusException>(() => JsonPatch.Apply(JsonNode.Parse("""{"a":1}""")!, patch));
        Assert.Equal(413, e.Code);
        Assert.Equal("The allowed maximum operations in a JSON patch is 10000, got 10001", e.Message);
    }

    [Theory]
    [InlineData("""["add"]""", "json: cannot unmarshal string into Go value of type jsonpatch.Operation")]
    public void An_operation_that_is_not_an_object_is_a_bad_request(string patch, string message)
    {
        var e = Assert.Throws<StatusException>(() => Apply("{}", patch));
        Assert.Equal(400, e.Code);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Parsing_a_body_that_is_not_an_array_is_a_bad_request()
    {
        Assert.Equal(2, JsonPatch.Parse("""[{"op":"test","path":"/a"},{"op":"remove","path":"/a"}]""").Count);
        Assert.Equal("json: cannot unmarshal object into Go value of type jsonpatch.Patch",
            Assert.Throws<StatusException>(() => JsonPatch.Parse("""{"op":"add"}""")).Message);
        Assert.Equal(400, Assert.Throws<StatusException>(() => JsonPatch.Parse("[")).Code);
    }

    [Theory]
    [InlineData("a~1b", "a/b")]
    [InlineData("m~0n", "m~n")]
    [InlineData("~01", "~1")]
    [InlineData("plain", "plain")]
    public void Pointer_tokens_unescape_left_to_right(string token, string key)
    {
        Assert.Equal(key, JsonPointer.Unescape(token));
        Assert.Equal(key, JsonPointer.Unescape(JsonPointer.Escape(key)));
    }
}
