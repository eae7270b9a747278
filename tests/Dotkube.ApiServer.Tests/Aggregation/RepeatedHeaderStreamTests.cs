using System.Text;
using Dotkube.ApiServer.Aggregation;

namespace Dotkube.ApiServer.Tests.Aggregation;

public class RepeatedHeaderStreamTests
{
    [Theory]
    [InlineData("GET / HTTP/1.1\r\nX-Remote-Group: a, b\r\n\r\n", "GET / HTTP/1.1\r\nX-Remote-Group: a\r\nX-Remote-Group: b\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nX-Remote-Extra-Scopes: x, y\r\nAccept: a, b\r\n\r\n", "GET / HTTP/1.1\r\nX-Remote-Extra-Scopes: x\r\nX-Remote-Extra-Scopes: y\r\nAccept: a, b\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nX-Remote-User: jane\r\n\r\n", "GET / HTTP/1.1\r\nX-Remote-User: jane\r\n\r\n")]
    public void Group_and_extra_headers_go_out_one_line_per_value_and_others_are_untouched(string head, string expected) =>
        Assert.Equal(expected, RepeatedHeaderStream.Rewrite(head));

    [Fact]
    public async Task Heads_split_across_writes_are_rewritten_and_bodies_pass_through()
    {
        using var sink = new MemoryStream();
        var stream = new RepeatedHeaderStream(sink);
        var request = "POST /x HTTP/1.1\r\nX-Remote-Group: a, b\r\nContent-Length: 9\r\n\r\nX-Remote-Group: c, d"u8.ToArray();
        // Byte-by-byte around the blank line, so the terminator straddles writes.
        var cut = Encoding.ASCII.GetString(request).IndexOf("\r\n\r\n", StringComparison.Ordinal) + 2;
        await stream.WriteAsync(request.AsMemory(0, cut));
        await stream.WriteAsync(request.AsMemory(cut, 1));
        await stream.WriteAsync(request.AsMemory(cut + 1));
        Assert.Equal("POST /x HTTP/1.1\r\nX-Remote-Group: a\r\nX-Remote-Group: b\r\nContent-Length: 9\r\n\r\nX-Remote-Group: c, d",
            Encoding.ASCII.GetString(sink.ToArray()));
    }

    [Fact]
    public async Task Consecutive_bodyless_requests_on_one_connection_are_each_rewritten()
    {
        using var sink = new MemoryStream();
        var stream = new RepeatedHeaderStream(sink);
        await stream.WriteAsync("GET /a HTTP/1.1\r\nX-Remote-Group: a, b\r\n\r\n"u8.ToArray());
        await stream.WriteAsync("GET /b HTTP/1.1\r\nX-Remote-Group: c, d\r\n\r\n"u8.ToArray());
        Assert.Equal("GET /a HTTP/1.1\r\nX-Remote-Group: a\r\nX-Remote-Group: b\r\n\r\nGET /b HTTP/1.1\r\nX-Remote-Group: c\r\nX-Remote-Group: d\r\n\r\n",
            Encoding.ASCII.GetString(sink.ToArray()));
    }
}
