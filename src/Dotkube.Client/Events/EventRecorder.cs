using System.Text.Json.Nodes;
using System.Threading.Channels;
using Dotkube.Client.Serialization;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dotkube.Client.Events;

/// <summary>
/// Records core/v1 Events about objects, as client-go's recorder does: events are queued and
/// written in the background (a controller never waits or fails because of one); an event
/// identical to one recorded before (same source, object, type, reason and message) is not
/// created again but patched with count+1 and a new lastTimestamp; a source flooding one object
/// is rate-limited (burst 25, then one per 5 minutes).
/// </summary>
public sealed partial class EventRecorder : IAsyncDisposable
{
    private readonly KubeApiClient client;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Channel<Corev1Event> queue;
    private readonly Task writer;
    private readonly CancellationTokenSource stopping = new();
    private long dropped;
    private long lastNanos;
    private long pending;

    public EventRecorder(KubeApiClient client, string component, string? host = null, EventRecorderOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        this.client = client;
        Component = component;
        Host = host ?? "";
        Options = options ?? new EventRecorderOptions();
        time = timeProvider ?? TimeProvider.System;
        this.logger = logger ?? NullLogger.Instance;
        queue = Channel.CreateBounded<Corev1Event>(new BoundedChannelOptions(Options.QueueLength) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
        writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>source.component and reportingComponent of every event, e.g. "deployment-controller".</summary>
    public string Component { get; }

    /// <summary>source.host and reportingInstance (a node name for kubelets; often empty for controllers).</summary>
    public string Host { get; }

    public EventRecorderOptions Options { get; }

    /// <summary>Events dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    /// <summary>Records an event about an object (a KubernetesClient model or an untyped object).</summary>
    /// <param name="resource">names kind and apiVersion when the object does not carry them (list items often do not).</param>
    public void Event<T>(T obj, string type, string reason, string message, ResourceType? resource = null)
        where T : class => Event(Reference(obj, resource), type, reason, message);

    /// <summary>Records an event about the object <paramref name="involved"/> refers to.</summary>
    public void Event(V1ObjectReference involved, string type, string reason, string message)
    {
        var now = time.GetUtcNow();
        var ev = new Corev1Event
        {
            ApiVersion = "v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta
            {
                Name = $"{involved.Name}.{UniqueNanos(now):x}",
                NamespaceProperty = string.IsNullOrEmpty(involved.NamespaceProperty) ? "default" : involved.NamespaceProperty,
            },
            InvolvedObject = involved,
            Reason = reason,
            Message = message,
            Type = type,
            Count = 1,
            FirstTimestamp = MetaTime.From(now),
            LastTimestamp = MetaTime.From(now),
            Source = new V1EventSource { Component = Component, Host = string.IsNullOrEmpty(Host) ? null : Host },
            ReportingComponent = Component,
            ReportingInstance = Host,
        };
        Interlocked.Increment(ref pending);
        if (!queue.Writer.TryWrite(ev))
        {
            Interlocked.Decrement(ref pending);
            Interlocked.Increment(ref dropped);
            logger.LogWarning("event recorder {Component}: queue full, dropped {Type} {Reason} for {Kind} {Name}: {Message}", Component, type, reason, involved.Kind, involved.Name, message);
        }
    }

    /// <summary>Waits until every event queued so far has been written (or given up).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        while (Interlocked.Read(ref pending) > 0)
        {
            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes what is queued (for up to 5 seconds), then abandons the rest.</summary>
    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        if (await Task.WhenAny(writer, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false) != writer)
        {
            logger.LogWarning("event recorder {Component}: {Pending} events not written at shutdown", Component, Interlocked.Read(ref pending));
        }
        await stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await writer.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Abandoned at shutdown, as logged above.
        }
        stopping.Dispose();
    }

    // Event names are "<object>.<unix nanoseconds in hex>" as upstream; kept strictly increasing
    // so two events in one clock tick (or on a fake clock) do not collide.
    private long UniqueNanos(DateTimeOffset now)
    {
        var nanos = (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        while (true)
        {
            var last = Interlocked.Read(ref lastNanos);
            var next = Math.Max(nanos, last + 1);
            if (Interlocked.CompareExchange(ref lastNanos, next, last) == last)
            {
                return next;
            }
        }
    }

    /// <summary>A reference to <paramref name="obj"/> for involvedObject / regarding fields.</summary>
    public static V1ObjectReference Reference<T>(T obj, ResourceType? resource = null)
        where T : class
    {
        var codec = ObjectCodec<T>.Default;
        string? kind = null, apiVersion = null;
        switch (obj)
        {
            case IKubernetesObject typed:
                (kind, apiVersion) = (typed.Kind, typed.ApiVersion);
                break;
            case JsonObject untyped:
                (kind, apiVersion) = ((string?)untyped["kind"], (string?)untyped["apiVersion"]);
                break;
        }
        if (kind is null && resource is null && typeof(T) != typeof(JsonObject))
        {
            resource = ResourceType.For<T>();
        }
        return new V1ObjectReference
        {
            Kind = kind ?? resource?.Kind,
            ApiVersion = apiVersion ?? resource?.ApiVersion,
            NamespaceProperty = codec.Namespace(obj),
            Name = codec.Name(obj),
            Uid = codec.Uid(obj),
            ResourceVersion = codec.ResourceVersion(obj),
        };
    }
}
