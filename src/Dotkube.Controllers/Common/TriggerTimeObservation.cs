namespace Dotkube.Controllers.Common;

/// <summary>What one endpoints sync sees (<see cref="TriggerTimeTracker.Observe"/>): the trigger time to write and the state to keep once it is written.</summary>
public sealed class TriggerTimeObservation
{
    internal TriggerTimeObservation(string key, DateTime? time, TriggerTimeTracker.State seen)
    {
        Key = key;
        Time = time;
        Seen = seen;
    }

    /// <summary>The annotation's time; null when nothing changed since the last committed sync.</summary>
    public DateTime? Time { get; }

    internal string Key { get; }

    internal TriggerTimeTracker.State Seen { get; }
}
