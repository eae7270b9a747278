namespace Dotkube.Storage;

/// <summary>
/// A store several API servers share. Each server runs a compactor; before compacting, a compactor claims the
/// round, so that one server compacts per interval instead of every server.
/// </summary>
public interface ICoordinatedCompaction
{
    /// <summary>True when this server may compact to <paramref name="revision"/> now; false when another server did this round.</summary>
    Task<bool> TryClaimCompactionAsync(long revision, CancellationToken cancellationToken = default);
}
