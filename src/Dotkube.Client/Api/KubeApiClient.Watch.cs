using System.Runtime.CompilerServices;
using Dotkube.Client.Serialization;

namespace Dotkube.Client;

public sealed partial class KubeApiClient
{
    /// <summary>
    /// Opens a watch and yields its events as they arrive, decoded one by one from the stream. The
    /// sequence ends when the server closes the stream (its timeout, a restart); errors opening it
    /// throw <see cref="KubeApiException"/> (410 when the resourceVersion is compacted), a broken
    /// connection throws <see cref="HttpRequestException"/> or <see cref="IOException"/>. An ERROR
    /// event is yielded, not thrown, so the caller sees its Status (e.g. 410 Expired).
    /// </summary>
    public IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(ResourceType type, string? ns, WatchOptions? options = null, CancellationToken cancellationToken = default)
        where T : class => WatchAsync(type, ns, options, ObjectCodec<T>.Default, cancellationToken);

    internal async IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(ResourceType type, string? ns, WatchOptions? options, ObjectCodec<T> codec, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        options ??= new WatchOptions();
        var query = new QueryString()
            .Add("watch", "true")
            .Add("resourceVersion", options.ResourceVersion)
            .Add("resourceVersionMatch", options.ResourceVersionMatch)
            .Add("labelSelector", options.LabelSelector)
            .Add("fieldSelector", options.FieldSelector)
            .Add("allowWatchBookmarks", options.AllowBookmarks ? true : null)
            .Add("sendInitialEvents", options.SendInitialEvents)
            .Add("timeoutSeconds", options.TimeoutSeconds);
        using var request = new HttpRequestMessage(HttpMethod.Get, type.Path(ns) + query);
        if (codec.ObjectAccept is { } accept)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }
        using var response = await SendAsync(request, streaming: true, cancellationToken).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var frames = new JsonFrameReader(stream);
        while (await frames.ReadAsync(cancellationToken).ConfigureAwait(false) is { } frame)
        {
            yield return WatchEventDecoder.Decode(frame.Span, codec);
        }
    }
}
