using System.Collections.Concurrent;

namespace Dotkube.Scheduler.Framework;

/// <summary>Per-cycle data plugins share between their extension points, keyed by plugin.</summary>
public sealed class CycleState
{
    private readonly ConcurrentDictionary<string, object> _data = new(StringComparer.Ordinal);

    /// <summary>Plugins whose PreFilter returned Skip: their Filter is not run this cycle.</summary>
    public HashSet<string> SkipFilterPlugins { get; } = new(StringComparer.Ordinal);

    public HashSet<string> SkipScorePlugins { get; } = new(StringComparer.Ordinal);

    public void Write(string key, object value) => _data[key] = value;

    public T? Read<T>(string key)
        where T : class => _data.TryGetValue(key, out var v) ? v as T : null;

    /// <summary>A copy for preemption's what-if runs; values that change must implement ICloneable.</summary>
    public CycleState Clone()
    {
        var copy = new CycleState();
        foreach (var (k, v) in _data)
        {
            copy._data[k] = v is ICloneable c ? c.Clone() : v;
        }

        copy.SkipFilterPlugins.UnionWith(SkipFilterPlugins);
        copy.SkipScorePlugins.UnionWith(SkipScorePlugins);
        return copy;
    }
}
