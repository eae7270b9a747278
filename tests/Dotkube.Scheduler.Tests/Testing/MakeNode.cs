using k8s.Models;

namespace Dotkube.Scheduler.Tests.Testing;

/// <summary>A fluent node builder; nodes get kubernetes.io/hostname and a default capacity of 4 CPUs, 8Gi, 110 pods.</summary>
public sealed class MakeNode
{
    private readonly V1Node _node;

    public MakeNode(string name)
    {
        _node = new V1Node
        {
            ApiVersion = "v1",
            Kind = "Node",
            Metadata = new V1ObjectMeta { Name = name, Uid = "uid-" + name, Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name } },
            Spec = new V1NodeSpec(),
            Status = new V1NodeStatus { Allocatable = MakePod.Quantities(["cpu", "4", "memory", "8Gi", "pods", "110", "ephemeral-storage", "100Gi"]) },
        };
    }

    public static implicit operator V1Node(MakeNode b) => b._node;

    public V1Node Obj() => _node;

    public MakeNode Label(string key, string value)
    {
        _node.Metadata.Labels[key] = value;
        return this;
    }

    public MakeNode Capacity(params string[] pairs)
    {
        _node.Status.Allocatable = MakePod.Quantities(pairs);
        return this;
    }

    public MakeNode Taint(string key, string? value, string effect)
    {
        _node.Spec.Taints ??= [];
        _node.Spec.Taints.Add(new V1Taint { Key = key, Value = value, Effect = effect });
        return this;
    }

    public MakeNode Unschedulable()
    {
        _node.Spec.Unschedulable = true;
        return this;
    }
}
