namespace Dotkube.Machinery.Quota;

/// <summary>The resource names quotas know (corev1.ResourceName constants) and how names are classified.</summary>
public static class QuotaResourceNames
{
    public const string Pods = "pods";
    public const string Services = "services";
    public const string ServicesNodePorts = "services.nodeports";
    public const string ServicesLoadBalancers = "services.loadbalancers";
    public const string PersistentVolumeClaims = "persistentvolumeclaims";
    public const string RequestsStorage = "requests.storage";
    public const string Cpu = "cpu";
    public const string Memory = "memory";
    public const string EphemeralStorage = "ephemeral-storage";
    public const string RequestsPrefix = "requests.";
    public const string LimitsPrefix = "limits.";
    public const string HugePagesPrefix = "hugepages-";
    public const string StorageClassSuffix = ".storageclass.storage.k8s.io/";

    /// <summary>The object-count name of a resource: count/pods, count/roles.rbac.authorization.k8s.io.</summary>
    public static string Count(string group, string resource) => group.Length == 0 ? $"count/{resource}" : $"count/{resource}.{group}";

    /// <summary>Core resources with an object-count name of their own besides count/…, as upstream's legacy names.</summary>
    public static bool HasLegacyCountName(string group, string resource) =>
        group.Length == 0 && resource is "pods" or "services" or "replicationcontrollers" or "resourcequotas" or "secrets" or "configmaps" or "persistentvolumeclaims";

    /// <summary>Extended resources (example.com/gpu): domain-qualified, outside kubernetes.io, not a requests. name.</summary>
    public static bool IsExtended(string name)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || name.StartsWith(RequestsPrefix, StringComparison.Ordinal))
        {
            return false;
        }
        var domain = name[..slash];
        return domain != "kubernetes.io" && !domain.EndsWith(".kubernetes.io", StringComparison.Ordinal);
    }

    /// <summary>Names the pod evaluator tracks (upstream's podResources plus the prefixed and extended families).</summary>
    public static bool IsPodResource(string name) =>
        name is Pods or "count/pods" or Cpu or Memory or EphemeralStorage
            or "requests.cpu" or "requests.memory" or "requests.ephemeral-storage"
            or "limits.cpu" or "limits.memory" or "limits.ephemeral-storage"
        || name.StartsWith(HugePagesPrefix, StringComparison.Ordinal)
        || name.StartsWith(RequestsPrefix + HugePagesPrefix, StringComparison.Ordinal)
        || (name.StartsWith(RequestsPrefix, StringComparison.Ordinal) && IsExtended(name[RequestsPrefix.Length..]));

    /// <summary>The compute names whose absence from a container is refused when a quota tracks them.</summary>
    public static readonly IReadOnlySet<string> RequiredOnContainers = new HashSet<string>(StringComparer.Ordinal)
    {
        Cpu, Memory, "requests.cpu", "requests.memory", "limits.cpu", "limits.memory",
    };
}
