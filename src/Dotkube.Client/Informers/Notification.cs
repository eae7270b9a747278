namespace Dotkube.Client.Informers;

internal enum NotificationKind
{
    Add,
    Update,
    Delete,
}

/// <summary>One queued call to a handler: Add (Flag = initial list), Update (Old, New), Delete (Flag = final state unknown).</summary>
internal readonly record struct Notification<T>(NotificationKind Kind, T? Old, T New, bool Flag)
    where T : class;
