using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.FieldValidation;

namespace Dotkube.ApiServer.Tests.FieldValidation;

public class JsonTextRepairTests
{
    [Theory]
    [InlineData("a lone high surrogate becomes U+FFFD", "{\"a\":\"x\\ud800y\"}", "x\ufffdy")]
    [InlineData("a lone low surrogate becomes U+FFFD", "{\"a\":\"\\uDC00\"}", "\ufffd")]
    [InlineData("a pair is kept", "{\"a\":\"\\ud83d\\ude00\"}", "\U0001F600")]
    [InlineData("an escaped backslash before u is not an escape", "{\"a\":\"\\\\ud800\"}", "\\ud800")]
    [InlineData("a high surrogate before another escape is lone", "{\"a\":\"\\ud800\\n\"}", "\ufffd\n")]
    public void UnpairedSurrogateEscapesBecomeTheReplacementCharacter(string because, string json, string expected)
    {
        var node = StrictJson.Parse(Encoding.UTF8.GetBytes(json), out _)!;
        Assert.True(expected == node["a"]!.GetValue<string>(), because);
    }

    [Fact]
    public void InvalidUtf8InAStringBecomesTheReplacementCharacter()
    {
        byte[] json = [.. "{\"a\":\"x"u8, 0xff, 0xfe, .. "y\"}"u8];
        var node = StrictJson.Parse(json, out _)!;
        Assert.Equal("x\ufffd\ufffdy", node["a"]!.GetValue<string>());
    }

    [Fact]
    public void InvalidUtf8OutsideStringsIsStillMalformed()
    {
        byte[] json = [.. "{\"a\":1"u8, 0xff, .. "}"u8];
        Assert.ThrowsAny<JsonException>(() => StrictJson.Parse(json, out _));
    }
}
