using System.Globalization;
using System.Text;

namespace Dotkube.ApiServer.Aggregation;

/// <summary>Decodes an HTTP/1.1 chunked body (RFC 9112 §7.1) from a raw connection; trailers are read and dropped.</summary>
internal static class ChunkedBody
{
    public static async Task CopyAsync(Stream from, Stream to, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var sizeLine = await ReadLineAsync(from, ct);
            var semicolon = sizeLine.IndexOf(';', StringComparison.Ordinal);
            var hex = (semicolon >= 0 ? sizeLine[..semicolon] : sizeLine).Trim();
            if (!long.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
            {
                throw new IOException($"bad chunk size line \"{sizeLine}\"");
            }
            if (size == 0)
            {
                while ((await ReadLineAsync(from, ct)).Length > 0)
                {
                }
                return;
            }
            while (size > 0)
            {
                var read = await from.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, size)), ct);
                if (read == 0)
                {
                    throw new IOException("the connection ended inside a chunk");
                }
                await to.WriteAsync(buffer.AsMemory(0, read), ct);
                size -= read;
            }
            await ReadLineAsync(from, ct);
        }
    }

    private static async Task<string> ReadLineAsync(Stream from, CancellationToken ct)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            if (await from.ReadAsync(one, ct) == 0)
            {
                throw new IOException("the connection ended inside a chunk header");
            }
            if (one[0] == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }
            line.Append((char)one[0]);
        }
    }
}
