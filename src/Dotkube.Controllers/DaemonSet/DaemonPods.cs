using System.Text.Json;
using Dotkube.Client.Serialization;
using Dotkube.Controllers.Common;
using k8s.Models;

namespace Dotkube.Controllers.DaemonSet;

/// <summary>
/// Daemon pods as upstream's daemon controller makes them: the template plus the tolerations every
/// daemon pod gets, the controller-revision-hash and pod-template-generation labels, and a
/// required node affinity on metadata.name naming its node (the scheduler binds it there, as
/// upstream does since 1.12).
/// </summary>
public static class DaemonPods
{
    public const string RevisionHashLabel = "controller-revision-hash";
    public const string TemplateGenerationLabel = "pod-template-generation";
    public const string TemplateGenerationAnnotation = "deprecated.daemonset.template.generation";

    /// <summary>The tolerations upstream adds to daemon pods (AddOrUpdateDaemonPodTolerations), in its order.</summary>
    private static readonly (string Key, string Effect)[] Always =
    [
        ("node.kubernetes.io/not-ready", "NoExecute"),
        ("node.kubernetes.io/unreachable", "NoExecute"),
        ("node.kubernetes.io/disk-pressure", "NoSchedule"),
        ("node.kubernetes.io/memory-pressure", "NoSchedule"),
        ("node.kubernetes.io/pid-pressure", "NoSchedule"),
        ("node.kubernetes.io/unschedulable", "NoSchedule"),
    ];

    private const string NetworkUnavailable = "node.kubernetes.io/network-unavailable";

    /// <summary>The pod's tolerations with the daemon ones added (or replacing one with the same key, operator and effect).</summary>
    public static List<V1Toleration> WithDaemonTolerations(IEnumerable<V1Toleration>? existing, bool hostNetwork)
    {
        var result = (existing ?? []).ToList();
        var add = Always.ToList();
        if (hostNetwork)
        {
            add.Add((NetworkUnavailable, "NoSchedule"));
        }
        foreach (var (key, effect) in add)
        {
            var toleration = new V1Toleration { Key = key, OperatorProperty = "Exists", Effect = effect };
            var same = result.FindIndex(t => t.Key == key && t.Effect == effect && t.OperatorProperty == "Exists");
            if (same >= 0)
            {
                result[same] = toleration;
            }
            else
            {
                result.Add(toleration);
            }
        }
        return result;
    }

    /// <summary>The template generation the API server keeps in the annotation, or null.</summary>
    public static long? TemplateGeneration(V1DaemonSet ds) =>
        ds.Metadata.Annotations?.TryGetValue(TemplateGenerationAnnotation, out var v) == true
            && long.TryParse(v, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var g) ? g : null;

    /// <summary>Whether the pod is at the current template: its hash label matches, or its generation label does (upstream's IsPodUpdated).</summary>
    public static bool IsUpdated(V1Pod pod, string hash, long? generation)
    {
        var labels = pod.Metadata.Labels;
        var hashMatches = hash.Length > 0 && labels?.TryGetValue(RevisionHashLabel, out var h) == true && h == hash;
        var generationMatches = generation is { } g && labels?.TryGetValue(TemplateGenerationLabel, out var l) == true
            && l == g.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return hashMatches || generationMatches;
    }

    /// <summary>The node a daemon pod is for: its nodeName, else the metadata.name its required affinity names.</summary>
    public static string? TargetNode(V1Pod pod)
    {
        if (!string.IsNullOrEmpty(pod.Spec?.NodeName))
        {
            return pod.Spec.NodeName;
        }
        var terms = pod.Spec?.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms ?? [];
        foreach (var term in terms)
        {
            foreach (var field in term.MatchFields ?? [])
            {
                if (field.Key == "metadata.name" && field.OperatorProperty == "In" && field.Values is { Count: 1 } values)
                {
                    return values[0];
                }
            }
        }
        return null;
    }

    /// <summary>A new pod of the set for <paramref name="node"/> (upstream's CreatePodTemplate and ReplaceDaemonSetPodNodeNameNodeAffinity).</summary>
    public static V1Pod New(V1DaemonSet ds, string node, string hash)
    {
        var template = ds.Spec.Template;
        var spec = template?.Spec is { } s ? ObjectCopy.Of(s) : new V1PodSpec();
        spec.Tolerations = WithDaemonTolerations(spec.Tolerations, spec.HostNetwork == true);
        var term = new V1NodeSelectorTerm
        {
            MatchFields = [new V1NodeSelectorRequirement { Key = "metadata.name", OperatorProperty = "In", Values = [node] }],
        };
        spec.Affinity ??= new V1Affinity();
        spec.Affinity.NodeAffinity ??= new V1NodeAffinity();
        spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector { NodeSelectorTerms = [term] };
        var labels = new Dictionary<string, string>(template?.Metadata?.Labels ?? new Dictionary<string, string>());
        if (TemplateGeneration(ds) is { } generation)
        {
            labels[TemplateGenerationLabel] = generation.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (hash.Length > 0)
        {
            labels[RevisionHashLabel] = hash;
        }
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                GenerateName = ds.Metadata.Name + "-",
                NamespaceProperty = ds.Metadata.NamespaceProperty,
                Labels = labels,
                Annotations = template?.Metadata?.Annotations is { } annotations ? new Dictionary<string, string>(annotations) : null,
                Finalizers = template?.Metadata?.Finalizers?.ToList(),
                OwnerReferences = [OwnerRefs.NewControllerRef(ds.Metadata, "apps/v1", "DaemonSet")],
            },
            Spec = spec,
        };
    }

    /// <summary>Scheduled pods first, then oldest first, then by name (upstream's podByCreationTimestampAndPhase).</summary>
    public static List<V1Pod> OldestFirst(IEnumerable<V1Pod> pods) =>
        [.. pods.OrderBy(p => string.IsNullOrEmpty(p.Spec?.NodeName) ? 1 : 0)
            .ThenBy(p => p.Metadata.CreationTimestamp)
            .ThenBy(p => p.Metadata.Name, StringComparer.Ordinal)];

}
