namespace Dotkube.Client.Events;

/// <summary>The two event types of core/v1 Events.</summary>
public static class EventTypes
{
    public const string Normal = "Normal";

    public const string Warning = "Warning";
}
