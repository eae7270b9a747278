using k8s.Models;

namespace Dotkube.Scheduler.Framework;

/// <summary>A host port a pod claims: (IP, protocol, port); an empty or 0.0.0.0 IP means every address.</summary>
public readonly record struct HostPort(string Ip, string Protocol, int Port)
{
    public const string AnyIp = "0.0.0.0";

    public bool ConflictsWith(HostPort other) =>
        Port == other.Port && Protocol == other.Protocol && (Ip == other.Ip || Ip == AnyIp || other.Ip == AnyIp);

    public static IReadOnlyList<HostPort> Of(V1Pod pod)
    {
        List<HostPort>? ports = null;
        foreach (var c in (pod.Spec?.InitContainers ?? []).Concat(pod.Spec?.Containers ?? []))
        {
            foreach (var p in c.Ports ?? [])
            {
                if (p.HostPort is > 0)
                {
                    ports ??= [];
                    ports.Add(new HostPort(string.IsNullOrEmpty(p.HostIP) ? AnyIp : p.HostIP, string.IsNullOrEmpty(p.Protocol) ? "TCP" : p.Protocol, p.HostPort.Value));
                }
            }
        }

        return ports is null ? [] : ports;
    }
}
