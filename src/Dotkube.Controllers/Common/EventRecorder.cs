using Dotkube.Client;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.Common;

/// <summary>
/// Writes core/v1 Events about an object, as upstream controllers' event recorders do
/// (source.component is the controller's name). Failing to record is logged, never fatal.
/// </summary>
public sealed class EventRecorder(KubeApiClient client, string component, TimeProvider clock, ILogger logger)
{
    public async Task RecordAsync(V1ObjectReference involved, string type, string reason, string message, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ev = new Corev1Event
        {
            ApiVersion = "v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta
            {
                Name = $"{involved.Name}.{now.Ticks:x}{Random.Shared.Next(0x1000):x3}",
                NamespaceProperty = involved.NamespaceProperty,
            },
            InvolvedObject = involved,
            Reason = reason,
            Message = message,
            Type = type,
            Source = new V1EventSource { Component = component },
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
            ReportingComponent = component,
            ReportingInstance = component,
        };
        try
        {
            await client.Resource<Corev1Event>(ResourceType.Events).CreateAsync(ev, cancellationToken: ct);
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException or TimeoutException)
        {
            logger.LogWarning("could not record event {Reason} on {Kind} {Name}: {Message}", reason, involved.Kind, involved.Name, e.Message);
        }
    }

    public static V1ObjectReference Reference(V1ObjectMeta meta, string apiVersion, string kind) => new()
    {
        ApiVersion = apiVersion,
        Kind = kind,
        Name = meta.Name,
        NamespaceProperty = meta.NamespaceProperty,
        Uid = meta.Uid,
        ResourceVersion = meta.ResourceVersion,
    };
}
