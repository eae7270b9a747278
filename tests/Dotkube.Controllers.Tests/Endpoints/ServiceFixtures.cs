using k8s.Models;

namespace Dotkube.Controllers.Tests.Endpoints;

/// <summary>Services and pods for the endpoints tests.</summary>
public static class ServiceFixtures
{
    public static V1Service Service(
        string name = "web",
        string? clusterIP = "10.96.0.10",
        bool publishNotReady = false,
        Dictionary<string, string>? selector = null,
        bool noPorts = false,
        params V1ServicePort[] ports) => new()
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Uid = "svc-uid", CreationTimestamp = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc) },
            Spec = new V1ServiceSpec
            {
                ClusterIP = clusterIP,
                Selector = selector ?? new Dictionary<string, string> { ["app"] = "web" },
                PublishNotReadyAddresses = publishNotReady,
                Ports = noPorts ? [] : ports.Length > 0 ? ports : [Port("http", 80, "http")],
            },
        };

    public static V1ServicePort Port(string? name, int port, string? target = null, string protocol = "TCP") =>
        new() { Name = name, Port = port, Protocol = protocol, TargetPort = target is null ? null : (IntOrString)target };

    public static V1Pod Pod(
        string name,
        string? ip = "10.244.0.5",
        bool ready = true,
        string phase = "Running",
        bool terminating = false,
        string? node = "node1",
        string? hostname = null,
        string? subdomain = null,
        int httpPort = 8080,
        int readySecond = 0) => new()
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = "default",
                Uid = "uid-" + name,
                Labels = new Dictionary<string, string> { ["app"] = "web" },
                DeletionTimestamp = terminating ? new DateTime(2026, 1, 1, 0, 5, 0, DateTimeKind.Utc) : null,
            },
            Spec = new V1PodSpec
            {
                NodeName = node,
                Hostname = hostname,
                Subdomain = subdomain,
                Containers = [new V1Container { Name = "c", Ports = [new V1ContainerPort { Name = "http", ContainerPort = httpPort, Protocol = "TCP" }] }],
            },
            Status = new V1PodStatus
            {
                Phase = phase,
                PodIP = ip,
                PodIPs = ip is null ? null : [new V1PodIP { Ip = ip }],
                Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False", LastTransitionTime = new DateTime(2026, 1, 1, 0, 1, readySecond, DateTimeKind.Utc) }],
            },
        };
}
