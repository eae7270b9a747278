using System.Collections.Concurrent;

namespace Dotkube.Controllers.DaemonSet;

/// <summary>
/// Per DaemonSet and node, how long to wait before killing another failed daemon pod (upstream's
/// failedPodsBackoff: 1 s doubling to 15 min), so the controller does not fight a node that keeps
/// rejecting pods in a hot loop.
/// </summary>
public sealed class FailedPodBackoff(TimeProvider clock)
{
    public static readonly TimeSpan Initial = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Max = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<string, (TimeSpan Delay, DateTimeOffset Since)> entries = new();

    /// <summary>Whether the last kill for this key was less than its delay ago; the delay to wait if so.</summary>
    public bool InBackoff(string key, out TimeSpan delay)
    {
        delay = TimeSpan.Zero;
        if (!entries.TryGetValue(key, out var e))
        {
            return false;
        }
        delay = e.Delay;
        return clock.GetUtcNow() - e.Since < e.Delay;
    }

    /// <summary>Records a kill: the next one waits twice as long (up to <see cref="Max"/>); quiet for twice the maximum starts over.</summary>
    public void Next(string key)
    {
        var now = clock.GetUtcNow();
        entries.AddOrUpdate(key, _ => (Initial, now), (_, e) => now - e.Since > 2 * Max
            ? (Initial, now)
            : (TimeSpan.FromTicks(Math.Min(e.Delay.Ticks * 2, Max.Ticks)), now));
    }

    public static string Key(string dsKey, string node) => $"{dsKey}/{node}";
}
