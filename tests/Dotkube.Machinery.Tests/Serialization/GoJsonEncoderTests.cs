using System.Text;
using System.Text.Json.Nodes;
using Dotkube.Machinery.Protobuf;
using Dotkube.Machinery.Serialization;

namespace Dotkube.Machinery.Tests.Serialization;

public class GoJsonEncoderTests
{
    [Theory]
    [InlineData("HTML-sensitive characters", "a<b>&c", "\"a\\u003cb\\u003e\\u0026c\"")]
    [InlineData("non-ASCII and emoji raw", "café 😀", "\"café 😀\"")]
    [InlineData("line separator escaped", "a\u2028b", "\"a\\u2028b\"")]
    public void Compact_options_write_strings_as_go_does(string name, string value, string expected)
    {
        _ = name;

        Assert.Equal(expected, JsonValue.Create(value).ToJsonString(GoJsonEncoder.Options));
    }

    [Fact]
    public void A_raw_extension_in_protobuf_carries_gos_encoding_of_its_json()
    {
        // kubectl rollout undo compares these bytes with its own json.Marshal of the template.
        var revision = (JsonObject)JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"ControllerRevision","metadata":{"name":"r"},"revision":1,
             "data":{"spec":{"template":{"$patch":"replace","spec":{"containers":[{"env":[{"name":"G","value":"a < b && café"}]}]}}}}}
            """)!;

        var bytes = KubeProtobuf.EncodeObject(revision);

        var expected = Encoding.UTF8.GetBytes("""{"spec":{"template":{"$patch":"replace","spec":{"containers":[{"env":[{"name":"G","value":"a \u003c b \u0026\u0026 café"}]}]}}}}""");
        Assert.True(bytes.AsSpan().IndexOf(expected) >= 0, Encoding.UTF8.GetString(bytes));
    }
}
