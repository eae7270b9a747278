using k8s.Models;

namespace Dotkube.Controllers.Tests.ReplicaSet;

/// <summary>Builds pods for tests.</summary>
internal static class Pods
{
    public static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static V1Pod Make(string name, string? node = "node1", string phase = "Running", bool ready = true, int restarts = 0,
        int createdSecond = 0, int readySecond = 0, Dictionary<string, string>? labels = null, string? ownerUid = null) => new()
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = "default",
                Uid = "uid-" + name,
                CreationTimestamp = T0.AddSeconds(createdSecond),
                Labels = labels ?? new Dictionary<string, string> { ["app"] = "web" },
                OwnerReferences = ownerUid is null ? null : [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "web", Uid = ownerUid, Controller = true }],
            },
            Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "c", Image = "nginx" }] },
            Status = new V1PodStatus
            {
                Phase = phase,
                Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False", LastTransitionTime = T0.AddSeconds(readySecond) }],
                ContainerStatuses = [new V1ContainerStatus { Name = "c", RestartCount = restarts, Image = "nginx", ImageID = "", Ready = ready }],
            },
        };
}
