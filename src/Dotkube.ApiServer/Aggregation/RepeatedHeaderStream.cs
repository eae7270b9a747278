using System.Text;

namespace Dotkube.ApiServer.Aggregation;

/// <summary>
/// The plaintext HTTP/1.1 stream to a backend, rewriting each request head so that identity
/// headers with several values go out as one line per value. .NET's HTTP client joins a header's
/// values into one line ("a, b"), but upstream's request-header authenticator (in every Go
/// extension server) takes each line as one group, so joined groups would be one bogus group.
/// Requests with a body are sent with Connection: close, so after such a head the rest of the
/// connection is body bytes and passes through untouched.
/// </summary>
public sealed class RepeatedHeaderStream(Stream inner) : Stream
{
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();
    private readonly MemoryStream head = new();
    private bool passthrough;

    /// <summary>Header names whose values are split into one line each.</summary>
    public static bool IsRepeated(string name) =>
        name.Equals(ProxyHeaders.Group, StringComparison.OrdinalIgnoreCase)
        || name.StartsWith(ProxyHeaders.ExtraPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>A request head with repeated identity headers on lines of their own; the pure part, for tests.</summary>
    public static string Rewrite(string requestHead)
    {
        var lines = requestHead.Split("\r\n");
        var sb = new StringBuilder(requestHead.Length + 64);
        foreach (var line in lines)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && IsRepeated(line[..colon]))
            {
                var name = line[..colon];
                foreach (var value in line[(colon + 1)..].Trim().Split(", "))
                {
                    sb.Append(name).Append(": ").Append(value).Append("\r\n");
                }
                continue;
            }
            sb.Append(line).Append("\r\n");
        }
        return sb.ToString(0, sb.Length - 2);
    }

    private static bool HasBody(string requestHead)
    {
        foreach (var line in requestHead.Split("\r\n"))
        {
            if (line.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase) && line["Content-Length:".Length..].Trim() != "0")
            {
                return true;
            }
        }
        return false;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (buffer.Length > 0 && !passthrough)
        {
            var end = FindHeadEnd(buffer.Span);
            if (end < 0)
            {
                head.Write(buffer.Span);
                return;
            }
            head.Write(buffer.Span[..end]);
            buffer = buffer[end..];
            var text = Encoding.Latin1.GetString(head.GetBuffer(), 0, (int)head.Length);
            head.SetLength(0);
            await inner.WriteAsync(Encoding.Latin1.GetBytes(Rewrite(text)), cancellationToken);
            passthrough = HasBody(text);
        }
        if (buffer.Length > 0)
        {
            await inner.WriteAsync(buffer, cancellationToken);
        }
    }

    /// <summary>The index just past the head's blank line, counting bytes already held, or -1.</summary>
    private int FindHeadEnd(ReadOnlySpan<byte> buffer)
    {
        // The terminator may straddle writes: check the held tail joined with the new bytes.
        var held = head.Length;
        var tail = (int)Math.Min(3, held);
        Span<byte> joined = stackalloc byte[tail + Math.Min(buffer.Length, 3)];
        head.GetBuffer().AsSpan((int)held - tail, tail).CopyTo(joined);
        buffer[..Math.Min(buffer.Length, 3)].CopyTo(joined[tail..]);
        var straddle = joined.IndexOf(HeadEnd);
        if (straddle >= 0)
        {
            return straddle + HeadEnd.Length - tail;
        }
        var at = buffer.IndexOf(HeadEnd);
        return at < 0 ? -1 : at + HeadEnd.Length;
    }

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            head.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await head.DisposeAsync();
        await base.DisposeAsync();
    }
}
