using k8s.Models;

namespace Dotkube.Controllers.RootCaCertPublisher;

/// <summary>What the published ConfigMap holds, and whether a stored one needs fixing.</summary>
public static class RootCaConfigMap
{
    public const string Name = "kube-root-ca.crt";
    public const string DataKey = "ca.crt";
    public const string DescriptionAnnotation = "kubernetes.io/description";
    public const string Description = "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.";

    public static V1ConfigMap New(string rootCaPem) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta { Name = Name, Annotations = new Dictionary<string, string> { [DescriptionAnnotation] = Description } },
        Data = new Dictionary<string, string> { [DataKey] = rootCaPem },
    };

    /// <summary>Upstream's check: the data is exactly the bundle (no other keys) and the description annotation is set.</summary>
    public static bool IsCurrent(V1ConfigMap cm, string rootCaPem) =>
        cm.Data is { Count: 1 } data && data.TryGetValue(DataKey, out var ca) && ca == rootCaPem
        && cm.Metadata.Annotations?.TryGetValue(DescriptionAnnotation, out var d) == true && d.Length > 0;

    /// <summary>The stored ConfigMap brought up to date (on a copy): the bundle as its only data, the annotation added.</summary>
    public static V1ConfigMap Fixed(V1ConfigMap stored, string rootCaPem)
    {
        var cm = Common.ObjectCopy.Of(stored);
        cm.Data = new Dictionary<string, string> { [DataKey] = rootCaPem };
        cm.Metadata.Annotations ??= new Dictionary<string, string>();
        cm.Metadata.Annotations[DescriptionAnnotation] = Description;
        return cm;
    }
}
