namespace Dotkube.E2E.Harness;

/// <summary>
/// The lines a server process printed, newest kept: a bounded buffer, so a server that runs
/// through a whole test suite cannot grow it without limit. Thread-safe.
/// </summary>
public sealed class OutputLog(int capacity = 5000)
{
    private readonly Queue<string> _lines = new();
    private readonly Lock _lock = new();
    private long _dropped;

    public void Add(string line)
    {
        lock (_lock)
        {
            _lines.Enqueue(line);
            if (_lines.Count > capacity)
            {
                _lines.Dequeue();
                _dropped++;
            }
        }
    }

    public bool Contains(string text)
    {
        lock (_lock)
        {
            return _lines.Any(l => l.Contains(text, StringComparison.Ordinal));
        }
    }

    public override string ToString()
    {
        lock (_lock)
        {
            var header = _dropped > 0 ? $"[{_dropped} earlier lines dropped]\n" : "";
            return header + string.Join('\n', _lines);
        }
    }
}
