using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;

namespace Dotkube.ApiServer.Tests.RegistryTests;

/// <summary>Stored values and responses escape strings exactly as Go's encoding/json (what kube-apiserver writes).</summary>
public class GoJsonEncoderTests
{
    // Expected texts are Go's json.Marshal output for the same string.
    public static TheoryData<string, string, string> Cases => new()
    {
        { "HTML-sensitive characters are escaped", "a<b>&c", """ "a\u003cb\u003e\u0026c" """ },
        { "quotes and backslashes take a backslash", "say \"hi\" \\ bye", """ "say \"hi\" \\ bye" """ },
        { "newline, tab, return, backspace and form feed are short escapes", "1\n2\t3\r4\b5\f", """ "1\n2\t3\r4\b5\f" """ },
        { "other control characters are lower-case \\u00XX", "\u0001\u001b\u001f", """ "\u0001\u001b\u001f" """ },
        { "DEL is raw", "a\u007fb", "\"a\u007fb\"" },
        { "non-ASCII letters are raw UTF-8", "é ü 日本 â", "\"é ü 日本 â\"" },
        { "characters outside the BMP are raw UTF-8", "ok 😀", "\"ok 😀\"" },
        { "line and paragraph separators are escaped", "a\u2028b\u2029c", """ "a\u2028b\u2029c" """ },
        { "other characters led by the same UTF-8 byte are raw", "en–dash … “quotes”", "\"en–dash … “quotes”\"" },
        { "an apostrophe and a plus are raw", "it's 1+1", "\"it's 1+1\"" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_string_built_in_code_is_written_as_go_writes_it(string name, string value, string expected)
    {
        _ = name;

        var bytes = ObjectJson.ToBytes(new JsonObject { [value] = value });

        Assert.Equal($"{{{expected.Trim()}:{expected.Trim()}}}", Encoding.UTF8.GetString(bytes));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_string_parsed_from_a_request_is_written_as_go_writes_it(string name, string value, string expected)
    {
        _ = name;
        // Received escaped and unescaped, as clients send either.
        foreach (var encoded in new[] { JsonSerializer.Serialize(value), expected.Trim() })
        {
            var parsed = ObjectJson.Parse(Encoding.UTF8.GetBytes($"{{\"k\":{encoded}}}"))!;

            Assert.Equal($"{{\"k\":{expected.Trim()}}}", Encoding.UTF8.GetString(ObjectJson.ToBytes(parsed)));
        }
    }

    [Fact]
    public void The_streaming_writer_escapes_the_same_way()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, ObjectJson.StreamWriterOptions))
        {
            ObjectJson.Parse("""{"cmd":"a && b > c","e":"😀"}"""u8)!.WriteTo(writer);
        }

        Assert.Equal("""{"cmd":"a \u0026\u0026 b \u003e c","e":"😀"}""", Encoding.UTF8.GetString(buffer.ToArray()));
    }

    [Fact]
    public void A_long_string_with_a_late_escape_keeps_its_prefix()
    {
        var value = new string('x', 5000) + "<" + new string('y', 3);

        var text = Encoding.UTF8.GetString(ObjectJson.ToBytes(JsonValue.Create(value)));

        Assert.Equal("\"" + new string('x', 5000) + "\\u003c" + "yyy\"", text);
    }
}
