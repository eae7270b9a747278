using k8s.Models;

namespace Dotkube.Scheduler.Tests.Testing;

/// <summary>A fluent pod builder for tests, in the spirit of upstream's st.MakePod().</summary>
public sealed class MakePod
{
    private readonly V1Pod _pod;

    public MakePod(string name, string ns = "default")
    {
        _pod = new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Uid = "uid-" + ns + "-" + name, Labels = new Dictionary<string, string>(), CreationTimestamp = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc) },
            Spec = new V1PodSpec { Containers = [], SchedulerName = "default-scheduler" },
            Status = new V1PodStatus { Phase = "Pending" },
        };
    }

    public static implicit operator V1Pod(MakePod b) => b._pod;

    public V1Pod Obj() => _pod;

    public MakePod Label(string key, string value)
    {
        _pod.Metadata.Labels[key] = value;
        return this;
    }

    public MakePod Node(string nodeName)
    {
        _pod.Spec.NodeName = nodeName;
        return this;
    }

    public MakePod Priority(int priority)
    {
        _pod.Spec.Priority = priority;
        return this;
    }

    public MakePod PreemptionPolicy(string policy)
    {
        _pod.Spec.PreemptionPolicy = policy;
        return this;
    }

    public MakePod SchedulerName(string name)
    {
        _pod.Spec.SchedulerName = name;
        return this;
    }

    public MakePod StartTime(DateTime t)
    {
        _pod.Status.StartTime = t;
        return this;
    }

    public MakePod Terminating()
    {
        _pod.Metadata.DeletionTimestamp = DateTime.UtcNow;
        return this;
    }

    /// <summary>Adds a container requesting the given resources ("cpu", "500m", "memory", "1Gi", …).</summary>
    public MakePod Req(params string[] pairs) => Container(pairs, init: false, sidecar: false);

    public MakePod InitReq(params string[] pairs) => Container(pairs, init: true, sidecar: false);

    public MakePod SidecarReq(params string[] pairs) => Container(pairs, init: true, sidecar: true);

    public MakePod Overhead(params string[] pairs)
    {
        _pod.Spec.Overhead = Quantities(pairs);
        return this;
    }

    public MakePod HostPort(int port, string protocol = "TCP", string? hostIp = null)
    {
        var c = new V1Container { Name = "p" + port, Image = "x", Ports = [new V1ContainerPort { ContainerPort = port, HostPort = port, Protocol = protocol, HostIP = hostIp }] };
        _pod.Spec.Containers.Add(c);
        return this;
    }

    public MakePod NodeSelector(string key, string value)
    {
        _pod.Spec.NodeSelector ??= new Dictionary<string, string>();
        _pod.Spec.NodeSelector[key] = value;
        return this;
    }

    public MakePod NodeAffinityIn(string key, params string[] values)
    {
        var na = NodeAffinity();
        na.RequiredDuringSchedulingIgnoredDuringExecution ??= new V1NodeSelector { NodeSelectorTerms = [] };
        na.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms.Add(new V1NodeSelectorTerm
        {
            MatchExpressions = [new V1NodeSelectorRequirement { Key = key, OperatorProperty = "In", Values = values }],
        });
        return this;
    }

    public MakePod PreferredNodeAffinity(int weight, string key, string value)
    {
        var na = NodeAffinity();
        na.PreferredDuringSchedulingIgnoredDuringExecution ??= [];
        na.PreferredDuringSchedulingIgnoredDuringExecution.Add(new V1PreferredSchedulingTerm
        {
            Weight = weight,
            Preference = new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = key, OperatorProperty = "In", Values = [value] }] },
        });
        return this;
    }

    public MakePod Toleration(string key, string? value, string effect, string op = "Equal")
    {
        _pod.Spec.Tolerations ??= [];
        _pod.Spec.Tolerations.Add(new V1Toleration { Key = key, Value = value, Effect = effect, OperatorProperty = op });
        return this;
    }

    public MakePod PodAffinity(string topologyKey, string labelKey, string labelValue, bool anti = false, int weight = 0, IList<string>? namespaces = null, V1LabelSelector? namespaceSelector = null)
    {
        _pod.Spec.Affinity ??= new V1Affinity();
        var term = new V1PodAffinityTerm
        {
            TopologyKey = topologyKey,
            LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [labelKey] = labelValue } },
            Namespaces = namespaces,
            NamespaceSelector = namespaceSelector,
        };
        if (anti)
        {
            _pod.Spec.Affinity.PodAntiAffinity ??= new V1PodAntiAffinity();
            var a = _pod.Spec.Affinity.PodAntiAffinity;
            if (weight == 0)
            {
                (a.RequiredDuringSchedulingIgnoredDuringExecution ??= []).Add(term);
            }
            else
            {
                (a.PreferredDuringSchedulingIgnoredDuringExecution ??= []).Add(new V1WeightedPodAffinityTerm { Weight = weight, PodAffinityTerm = term });
            }
        }
        else
        {
            _pod.Spec.Affinity.PodAffinity ??= new V1PodAffinity();
            var a = _pod.Spec.Affinity.PodAffinity;
            if (weight == 0)
            {
                (a.RequiredDuringSchedulingIgnoredDuringExecution ??= []).Add(term);
            }
            else
            {
                (a.PreferredDuringSchedulingIgnoredDuringExecution ??= []).Add(new V1WeightedPodAffinityTerm { Weight = weight, PodAffinityTerm = term });
            }
        }

        return this;
    }

    public MakePod PodAntiAffinity(string topologyKey, string labelKey, string labelValue, int weight = 0) =>
        PodAffinity(topologyKey, labelKey, labelValue, anti: true, weight: weight);

    public MakePod SpreadConstraint(int maxSkew, string topologyKey, string whenUnsatisfiable, string labelKey, string labelValue, int? minDomains = null, string? nodeAffinityPolicy = null, string? nodeTaintsPolicy = null, IList<string>? matchLabelKeys = null)
    {
        _pod.Spec.TopologySpreadConstraints ??= [];
        _pod.Spec.TopologySpreadConstraints.Add(new V1TopologySpreadConstraint
        {
            MaxSkew = maxSkew,
            TopologyKey = topologyKey,
            WhenUnsatisfiable = whenUnsatisfiable,
            LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [labelKey] = labelValue } },
            MinDomains = minDomains,
            NodeAffinityPolicy = nodeAffinityPolicy,
            NodeTaintsPolicy = nodeTaintsPolicy,
            MatchLabelKeys = matchLabelKeys,
        });
        return this;
    }

    public MakePod SchedulingGate(string name)
    {
        _pod.Spec.SchedulingGates ??= [];
        _pod.Spec.SchedulingGates.Add(new V1PodSchedulingGate { Name = name });
        return this;
    }

    public MakePod Claim(string claimName, string? volumeName = null)
    {
        _pod.Spec.Volumes ??= [];
        _pod.Spec.Volumes.Add(new V1Volume { Name = volumeName ?? claimName, PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = claimName } });
        return this;
    }

    private V1NodeAffinity NodeAffinity()
    {
        _pod.Spec.Affinity ??= new V1Affinity();
        return _pod.Spec.Affinity.NodeAffinity ??= new V1NodeAffinity();
    }

    private MakePod Container(string[] pairs, bool init, bool sidecar)
    {
        var list = init ? (_pod.Spec.InitContainers ??= []) : _pod.Spec.Containers;
        var c = new V1Container { Name = "c" + list.Count, Image = "x", Resources = new V1ResourceRequirements { Requests = Quantities(pairs) } };
        if (sidecar)
        {
            c.RestartPolicy = "Always";
        }

        list.Add(c);
        return this;
    }

    internal static Dictionary<string, ResourceQuantity> Quantities(string[] pairs)
    {
        var d = new Dictionary<string, ResourceQuantity>();
        for (var i = 0; i + 1 < pairs.Length; i += 2)
        {
            d[pairs[i]] = new ResourceQuantity(pairs[i + 1]);
        }

        return d;
    }
}
