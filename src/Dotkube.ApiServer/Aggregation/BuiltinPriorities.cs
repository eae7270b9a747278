namespace Dotkube.ApiServer.Aggregation;

/// <summary>
/// The groupPriorityMinimum and versionPriority kube-apiserver gives the APIServices of its own
/// group-versions (facts from upstream's table), and the defaults it gives CRD groups.
/// </summary>
public static class BuiltinPriorities
{
    /// <summary>CRD group-versions: low group priority, one version priority (versions then sort kube-like).</summary>
    public static (int Group, int Version) CustomResources => (1000, 100);

    private static readonly Dictionary<string, (int Group, int Version)> Table = new()
    {
        ["/v1"] = (18000, 1),
        ["apiregistration.k8s.io/v1"] = (18000, 15),
        ["apps/v1"] = (17800, 15),
        ["events.k8s.io/v1"] = (17750, 15),
        ["events.k8s.io/v1beta1"] = (17750, 5),
        ["authentication.k8s.io/v1"] = (17700, 15),
        ["authentication.k8s.io/v1beta1"] = (17700, 9),
        ["authentication.k8s.io/v1alpha1"] = (17700, 1),
        ["authorization.k8s.io/v1"] = (17600, 15),
        ["autoscaling/v1"] = (17500, 15),
        ["autoscaling/v2"] = (17500, 30),
        ["autoscaling/v2beta1"] = (17500, 9),
        ["autoscaling/v2beta2"] = (17500, 1),
        ["batch/v1"] = (17400, 15),
        ["batch/v1beta1"] = (17400, 9),
        ["certificates.k8s.io/v1"] = (17300, 15),
        ["certificates.k8s.io/v1beta1"] = (17300, 9),
        ["certificates.k8s.io/v1alpha1"] = (17300, 1),
        ["networking.k8s.io/v1"] = (17200, 15),
        ["networking.k8s.io/v1beta1"] = (17200, 9),
        ["policy/v1"] = (17100, 15),
        ["policy/v1beta1"] = (17100, 9),
        ["rbac.authorization.k8s.io/v1"] = (17000, 15),
        ["storage.k8s.io/v1"] = (16800, 15),
        ["storage.k8s.io/v1beta1"] = (16800, 9),
        ["storage.k8s.io/v1alpha1"] = (16800, 1),
        ["apiextensions.k8s.io/v1"] = (16700, 15),
        ["admissionregistration.k8s.io/v1"] = (16700, 15),
        ["admissionregistration.k8s.io/v1beta1"] = (16700, 12),
        ["admissionregistration.k8s.io/v1alpha1"] = (16700, 9),
        ["scheduling.k8s.io/v1"] = (16600, 15),
        ["coordination.k8s.io/v1"] = (16500, 15),
        ["coordination.k8s.io/v1beta1"] = (16500, 13),
        ["coordination.k8s.io/v1alpha2"] = (16500, 12),
        ["node.k8s.io/v1"] = (16300, 15),
        ["node.k8s.io/v1beta1"] = (16300, 9),
        ["node.k8s.io/v1alpha1"] = (16300, 1),
        ["discovery.k8s.io/v1"] = (16200, 15),
        ["discovery.k8s.io/v1beta1"] = (16200, 12),
        ["resource.k8s.io/v1beta1"] = (16200, 9),
        ["resource.k8s.io/v1alpha3"] = (16200, 1),
        ["flowcontrol.apiserver.k8s.io/v1"] = (16100, 21),
        ["flowcontrol.apiserver.k8s.io/v1beta3"] = (16100, 18),
        ["flowcontrol.apiserver.k8s.io/v1beta2"] = (16100, 15),
        ["flowcontrol.apiserver.k8s.io/v1beta1"] = (16100, 12),
        ["internal.apiserver.k8s.io/v1alpha1"] = (16000, 9),
        ["storagemigration.k8s.io/v1alpha1"] = (15800, 9),
    };

    /// <summary>The priorities of a built-in group-version, or null for one upstream doesn't list (a CRD's).</summary>
    public static (int Group, int Version)? For(string group, string version) =>
        Table.TryGetValue($"{group}/{version}", out var p) ? p : null;
}
