namespace Dotkube.Client;

public enum WatchEventType
{
    Added,
    Modified,
    Deleted,
    Bookmark,
    Error,
}
