using System.Collections.Concurrent;
using System.Threading.Channels;
using k8s;

namespace Dotkube.E2E.Client;

/// <summary>
/// Reads a KubernetesClient watch in the background so a test can await its events one at a time,
/// each with a deadline: a watch that goes quiet fails the test with a timeout instead of hanging it.
/// ERROR events (a Status, e.g. 410 Gone) and transport failures are collected in <see cref="Errors"/>.
/// </summary>
public sealed class WatchRecorder<T> : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly Channel<(WatchEventType Type, T Object)> _events = Channel.CreateUnbounded<(WatchEventType, T)>();
    private readonly Channel<Exception> _errors = Channel.CreateUnbounded<Exception>();
    private readonly ConcurrentQueue<Exception> _allErrors = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;

    private WatchRecorder(Func<Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> open)
    {
        _pump = Task.Run(() => PumpAsync(open));
    }

    /// <summary>Errors seen so far: ERROR events as <see cref="KubernetesException"/>, or transport failures.</summary>
    public IReadOnlyCollection<Exception> Errors => _allErrors;

    /// <summary>Completes when the stream ends, whether the server closed it or it broke.</summary>
    public Task Ended => _pump;

    /// <summary>
    /// Starts reading <paramref name="open"/>: one of the client's own <c>WatchList...Async(onError, cancellationToken)</c>
    /// calls, which issue <c>?watch=true</c> and decode the event stream.
    /// </summary>
    public static WatchRecorder<T> Start(Func<Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> open) => new(open);

    /// <summary>The next event, or a <see cref="TimeoutException"/> when none arrives in time.</summary>
    public async Task<(WatchEventType Type, T Object)> NextAsync(TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            return await _events.Reader.ReadAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no watch event within {(timeout ?? DefaultTimeout).TotalSeconds:0.#} s{DescribeErrors()}");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"the watch ended before another event arrived{DescribeErrors()}");
        }
    }

    /// <summary>The next error (ERROR event or transport failure), or a <see cref="TimeoutException"/>.</summary>
    public async Task<Exception> NextErrorAsync(TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            return await _errors.Reader.ReadAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no watch error within {(timeout ?? DefaultTimeout).TotalSeconds:0.#} s");
        }
    }

    /// <summary>Events that arrive within <paramref name="window"/>; used to show that nothing more comes.</summary>
    public async Task<List<(WatchEventType Type, T Object)>> DrainAsync(TimeSpan window)
    {
        var seen = new List<(WatchEventType, T)>();
        using var deadline = new CancellationTokenSource(window);
        try
        {
            while (await _events.Reader.WaitToReadAsync(deadline.Token))
            {
                while (_events.Reader.TryRead(out var e))
                {
                    seen.Add(e);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The window is over: whatever arrived is the answer.
        }

        return seen;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _pump;
        }
        catch (OperationCanceledException)
        {
            // Stopping the watch is what dispose asked for.
        }

        _stop.Dispose();
    }

    private async Task PumpAsync(Func<Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> open)
    {
        try
        {
            await foreach (var e in open(AddError, _stop.Token).WithCancellation(_stop.Token))
            {
                await _events.Writer.WriteAsync(e);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed.
        }
        catch (Exception e)
        {
            AddError(e);
        }
        finally
        {
            _events.Writer.TryComplete();
            _errors.Writer.TryComplete();
        }
    }

    private void AddError(Exception e)
    {
        _allErrors.Enqueue(e);
        _errors.Writer.TryWrite(e);
    }

    private string DescribeErrors() =>
        _allErrors.IsEmpty ? "" : "; watch errors: " + string.Join(" | ", _allErrors.Select(e => $"{e.GetType().Name}: {e.Message}"));
}
