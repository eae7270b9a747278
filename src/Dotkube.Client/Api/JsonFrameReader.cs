using System.Text.Json;

namespace Dotkube.Client;

/// <summary>
/// Splits a stream of concatenated JSON values (a watch body: one event after another, usually
/// newline-separated, but that is not required) into whole values as they arrive.
/// </summary>
internal sealed class JsonFrameReader(Stream stream, int initialBufferSize = 64 * 1024)
{
    private byte[] buffer = new byte[initialBufferSize];
    private int start;
    private int end;

    /// <summary>The next whole JSON value, valid until the next call; null at a clean end of stream.</summary>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryTakeFrame(out var frame))
            {
                return frame;
            }
            if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            if (end == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }
            var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                SkipWhitespace();
                if (start == end)
                {
                    return null;
                }
                throw new EndOfStreamException($"the stream ended inside a JSON value ({end - start} bytes pending)");
            }
            end += read;
        }
    }

    private bool TryTakeFrame(out ReadOnlyMemory<byte> frame)
    {
        frame = default;
        SkipWhitespace();
        if (start == end)
        {
            return false;
        }
        var reader = new Utf8JsonReader(buffer.AsSpan(start, end - start), isFinalBlock: false, state: default);
        if (!reader.Read() || !reader.TrySkip())
        {
            return false;
        }
        var length = (int)reader.BytesConsumed;
        frame = buffer.AsMemory(start, length);
        start += length;
        return true;
    }

    private void SkipWhitespace()
    {
        while (start < end && buffer[start] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
        {
            start++;
        }
    }
}
