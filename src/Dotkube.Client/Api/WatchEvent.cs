using k8s.Models;

namespace Dotkube.Client;

/// <summary>
/// One event of a watch stream. <see cref="Object"/> is set for Added, Modified, Deleted and
/// Bookmark (a bookmark carries only metadata.resourceVersion); <see cref="Status"/> for Error.
/// </summary>
public sealed record WatchEvent<T>(WatchEventType Type, T? Object, V1Status? Status, string? ResourceVersion)
    where T : class;
