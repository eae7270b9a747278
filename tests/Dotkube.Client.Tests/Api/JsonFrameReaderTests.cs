using System.Text;

namespace Dotkube.Client.Tests.Api;

public sealed class JsonFrameReaderTests
{
    /// <summary>A stream that hands out at most <c>chunk</c> bytes per read, to split values anywhere.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(chunk, buffer.Length)], cancellationToken);
    }

    [Theory]
    [InlineData("{\"a\":1}\n{\"b\":\"}{\"}\n", 1, 2)]
    [InlineData("{\"a\":1}{\"b\":[1,2,{\"c\":null}]}", 3, 2)]
    [InlineData("  \n{\"a\":\"\\\"}\"}\r\n\n", 2, 1)]
    [InlineData("", 5, 0)]
    public async Task Values_are_split_whatever_the_read_sizes_and_separators(string text, int chunk, int expected)
    {
        var reader = new JsonFrameReader(new TrickleStream(Encoding.UTF8.GetBytes(text), chunk), initialBufferSize: 4);
        var frames = new List<string>();
        while (await reader.ReadAsync(default) is { } frame)
        {
            frames.Add(Encoding.UTF8.GetString(frame.Span));
        }
        Assert.Equal(expected, frames.Count);
        Assert.All(frames, f => Assert.StartsWith("{", f));
    }

    [Fact]
    public async Task A_stream_cut_inside_a_value_is_an_error_not_a_clean_end()
    {
        var reader = new JsonFrameReader(new MemoryStream(Encoding.UTF8.GetBytes("{\"a\":1}{\"b\":")));
        Assert.NotNull(await reader.ReadAsync(default));
        await Assert.ThrowsAsync<EndOfStreamException>(async () => await reader.ReadAsync(default));
    }
}
