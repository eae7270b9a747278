namespace Dotkube.Storage.Watch;

/// <summary>A backend's durable event history, read when a watch resumes from before the in-memory ring.</summary>
internal interface IWatchHistory
{
    /// <summary>
    /// Yields the events under <paramref name="prefix"/> with afterRevision &lt; revision &lt;= upToRevision, in order.
    /// </summary>
    /// <exception cref="CompactedException">part of the range has been compacted away.</exception>
    IAsyncEnumerable<WatchEvent> ReadHistoryAsync(string prefix, long afterRevision, long upToRevision, CancellationToken cancellationToken);
}
