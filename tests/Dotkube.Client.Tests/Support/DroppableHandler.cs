using System.Collections.Concurrent;

namespace Dotkube.Client.Tests.Support;

/// <summary>
/// A handler in front of the test server that can break every open stream and refuse new
/// requests (as when a server process dies), then let them through again.
/// </summary>
public sealed class DroppableHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly ConcurrentDictionary<CancellationTokenSource, byte> open = new();
    private volatile bool down;

    public int Requests;

    public bool IsDown => down;

    /// <summary>Aborts every request and stream in flight; new ones fail until <see cref="Restore"/>.</summary>
    public void Drop()
    {
        down = true;
        foreach (var cts in open.Keys)
        {
            cts.Cancel();
        }
    }

    /// <summary>Aborts what is in flight once, but lets new requests through.</summary>
    public void Interrupt()
    {
        foreach (var cts in open.Keys)
        {
            cts.Cancel();
        }
    }

    public void Restore() => down = false;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Requests);
        if (down)
        {
            throw new HttpRequestException("connection refused (test: server down)");
        }
        var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        open[cts] = 0;
        try
        {
            var response = await base.SendAsync(request, cts.Token);
            var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var content = new StreamContent(new BreakableStream(body, cts.Token, () => open.TryRemove(cts, out _)));
            foreach (var h in response.Content.Headers)
            {
                content.Headers.TryAddWithoutValidation(h.Key, h.Value);
            }
            response.Content = content;
            return response;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            open.TryRemove(cts, out _);
            throw new HttpRequestException("connection reset (test)");
        }
    }

    private sealed class BreakableStream(Stream inner, CancellationToken broken, Action onDispose) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, broken);
            try
            {
                return await inner.ReadAsync(buffer, linked.Token);
            }
            catch (OperationCanceledException) when (broken.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new IOException("connection reset (test)");
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                onDispose();
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
