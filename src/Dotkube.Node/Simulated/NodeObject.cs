using Dotkube.Client.Serialization;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using k8s.Models;

namespace Dotkube.Node.Simulated;

/// <summary>
/// The Node a simulated kubelet registers and the status it reports, shaped like a kubelet 1.32
/// on Debian 12 with containerd so that <c>kubectl get nodes -o wide</c> and <c>kubectl describe
/// node</c> read as upstream. Addresses come from 172.20.0.0/16 (the node's index).
/// </summary>
public static class NodeObject
{
    public const string KubeletVersion = "v1.32.0";
    public const string ContainerRuntime = "containerd://1.7.24";
    public const string OsImage = "Debian GNU/Linux 12 (bookworm)";
    public const string KernelVersion = "6.1.0-28-amd64";

    /// <summary>The InternalIP of the node with this 0-based index.</summary>
    public static string InternalIp(int index) =>
        string.Create(CultureInfo.InvariantCulture, $"172.20.{(index + 1) / 254 % 256}.{(index + 1) % 254 + 1}");

    /// <summary>The object to register: labels, annotations and status; no spec (podCIDR is node IPAM's).</summary>
    public static V1Node Registration(string name, int index, NodeProfile profile, DateTimeOffset now)
    {
        var labels = new Dictionary<string, string>
        {
            ["beta.kubernetes.io/arch"] = "amd64",
            ["beta.kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = "amd64",
            ["kubernetes.io/hostname"] = name,
            ["kubernetes.io/os"] = "linux",
            ["node.dotkube.io/simulated"] = "true",
        };
        if (profile.Zones.Count > 0)
        {
            labels["topology.kubernetes.io/zone"] = profile.Zones[index % profile.Zones.Count];
        }
        foreach (var (key, value) in profile.Labels)
        {
            labels[key] = value;
        }
        return new V1Node
        {
            ApiVersion = "v1",
            Kind = "Node",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Labels = labels,
                Annotations = new Dictionary<string, string>
                {
                    ["node.alpha.kubernetes.io/ttl"] = "0",
                    ["volumes.kubernetes.io/controller-managed-attach-detach"] = "true",
                },
            },
            Status = Status(name, index, profile, ready: true, now, previous: null),
        };
    }

    /// <summary>
    /// The node's status as its kubelet reports it; condition transition times move only when a
    /// condition's status changes (heartbeats move every time).
    /// </summary>
    public static V1NodeStatus Status(string name, int index, NodeProfile profile, bool ready, DateTimeOffset now, V1NodeStatus? previous)
    {
        var t = MetaTime.From(now);
        V1NodeCondition Condition(string type, bool status, string reason, string message)
        {
            var text = status ? "True" : "False";
            var old = previous?.Conditions?.FirstOrDefault(c => c.Type == type);
            return new V1NodeCondition
            {
                Type = type,
                Status = text,
                Reason = reason,
                Message = message,
                LastHeartbeatTime = t,
                LastTransitionTime = old is not null && old.Status == text && old.LastTransitionTime is { } kept ? kept : t,
            };
        }

        var ip = InternalIp(index);
        return new V1NodeStatus
        {
            Capacity = profile.Capacity().ToDictionary(kv => kv.Key, kv => new ResourceQuantity(kv.Value)),
            Allocatable = profile.Allocatable().ToDictionary(kv => kv.Key, kv => new ResourceQuantity(kv.Value)),
            Conditions =
            [
                Condition("MemoryPressure", false, "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                Condition("DiskPressure", false, "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                Condition("PIDPressure", false, "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                ready
                    ? Condition("Ready", true, "KubeletReady", "kubelet is posting ready status")
                    : Condition("Ready", false, "KubeletNotReady", "container runtime is down"),
            ],
            Addresses = [new V1NodeAddress { Type = "InternalIP", Address = ip }, new V1NodeAddress { Type = "Hostname", Address = name }],
            DaemonEndpoints = new V1NodeDaemonEndpoints { KubeletEndpoint = new V1DaemonEndpoint { Port = 10250 } },
            NodeInfo = new V1NodeSystemInfo
            {
                Architecture = "amd64",
                BootID = Id(name, "boot"),
                ContainerRuntimeVersion = ContainerRuntime,
                KernelVersion = KernelVersion,
                KubeProxyVersion = KubeletVersion,
                KubeletVersion = KubeletVersion,
                MachineID = Id(name, "machine").Replace("-", "", StringComparison.Ordinal),
                OperatingSystem = "linux",
                OsImage = OsImage,
                SystemUUID = Id(name, "system"),
            },
            Images = previous?.Images,
        };
    }

    /// <summary>A stable UUID-shaped identifier per node and purpose.</summary>
    private static string Id(string name, string purpose)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(purpose + "/" + name));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }
}
