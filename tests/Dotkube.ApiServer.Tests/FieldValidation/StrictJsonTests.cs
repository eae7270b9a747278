using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.FieldValidation;

namespace Dotkube.ApiServer.Tests.FieldValidation;

public class StrictJsonTests
{
    [Theory]
    [InlineData("an object without repeats parses as usual", """{"a":1,"b":{"c":[1,2]}}""", """{"a":1,"b":{"c":[1,2]}}""", false)]
    [InlineData("a repeated key keeps its last value, as Go's decoder does", """{"a":1,"a":2}""", """{"a":2}""", true)]
    [InlineData("a repeat deep inside keeps the last value there", """{"x":[{"a":"p","b":1,"a":"q"}]}""", """{"x":[{"a":"q","b":1}]}""", true)]
    [InlineData("the same key in different objects is no repeat", """{"a":{"a":1},"b":{"a":2}}""", """{"a":{"a":1},"b":{"a":2}}""", false)]
    public void RepeatedKeysKeepTheLastValue(string because, string json, string expected, bool repeats)
    {
        var node = StrictJson.Parse(Encoding.UTF8.GetBytes(json), out var duplicates);
        Assert.True(expected == node!.ToJsonString(), because);
        Assert.Equal(repeats, duplicates.Any);
    }

    [Fact]
    public void TheParsedTreeCanBeReadAndChangedWithoutErrors()
    {
        var node = (JsonObject)StrictJson.Parse("""{"n":5,"n":7,"s":"x"}"""u8.ToArray(), out _)!;
        Assert.Equal(7, node["n"]!.GetValue<int>());
        Assert.Equal(7L, node["n"]!.GetValue<long>());
        node["s"] = "y";
        Assert.Equal("""{"n":7,"s":"y"}""", node.ToJsonString());
    }

    [Theory]
    [InlineData("{\"a\":")]
    [InlineData("{\"a\":1,\"a\":2")]
    [InlineData("{\"a\":1} x")]
    public void MalformedJsonStillThrowsJsonException(string json)
    {
        Assert.ThrowsAny<JsonException>(() => StrictJson.Parse(Encoding.UTF8.GetBytes(json), out _));
    }
}
