using Dotkube.ApiServer.Authorization.Node;
using Dotkube.ApiServer.Authorization.Rbac;
using Dotkube.ApiServer.Lifecycle;

namespace Dotkube.ApiServer.Admission;

/// <summary>
/// kube-apiserver 1.32's admission plugins in its fixed order (AllOrderedPlugins): the order in
/// which enabled plugins run, whatever order the flags name them in. Mutating plugins run in this
/// order, then the registry validates, then validating plugins run in this order.
/// </summary>
public static class AdmissionPluginCatalog
{
    public static IReadOnlyList<AdmissionPluginEntry> All { get; } =
    [
        new("AlwaysAdmit", false, null),
        new("NamespaceAutoProvision", false, c => new NamespaceAutoProvision(c.GetNamespace, c.Objects)),
        new("NamespaceLifecycle", true, c => new NamespaceLifecycle(c.GetNamespace, c.ForgetNamespace)),
        new("NamespaceExists", false, c => new NamespaceExists(c.GetNamespace)),
        new("LimitPodHardAntiAffinityTopology", false, null),
        new("LimitRanger", true, c => new LimitRanger(c.Objects)),
        new("ServiceAccount", true, c => new ServiceAccountAdmission((ns, name, ct) => c.Objects.GetReadOnlyAsync("", "serviceaccounts", ns, name, ct))),
        // Off by default upstream, but every kubeadm cluster turns it on, and dotkube's nodes use node identities.
        new("NodeRestriction", true, _ => new NodeRestriction()),
        // On by default upstream. Off here until the node lifecycle controller removes the not-ready
        // taint once a node is Ready: until then every new node would stay unschedulable.
        new("TaintNodesByCondition", true, _ => new TaintNodesByCondition()),
        new("AlwaysPullImages", false, null),
        new("ImagePolicyWebhook", false, null),
        // PodSecurity (on by default upstream) plugs in here, between the image and node-selector plugins.
        new("PodSecurity", true, null),
        new("PodNodeSelector", false, null),
        new("Priority", true, c => new PriorityAdmission(c.Objects)),
        new("DefaultTolerationSeconds", true, c => new DefaultTolerationSeconds(c.Options.DefaultNotReadyTolerationSeconds, c.Options.DefaultUnreachableTolerationSeconds)),
        new("PodTolerationRestriction", false, null),
        new("EventRateLimit", false, null),
        new("ExtendedResourceToleration", false, null),
        new("DefaultStorageClass", true, c => new DefaultStorageClass(c.Objects)),
        // On by default upstream. Off here until the pvc-protection and pv-protection controllers
        // remove the finalizers it adds: until then no claim or volume could ever be deleted.
        new("StorageObjectInUseProtection", true, _ => new StorageObjectInUseProtection()),
        new("OwnerReferencesPermissionEnforcement", false, null),
        new("PersistentVolumeClaimResize", true, c => new PersistentVolumeClaimResize(c.Objects)),
        new("RuntimeClass", true, c => new RuntimeClassAdmission(c.Objects)),
        new("CertificateApproval", true, c => new CertificateApproval(c.Authorize)),
        new("CertificateSigning", true, c => new CertificateSigning(c.Authorize)),
        new("ClusterTrustBundleAttest", true, null),
        new("CertificateSubjectRestriction", true, _ => new CertificateSubjectRestriction()),
        new("DefaultIngressClass", true, c => new DefaultIngressClass(c.Objects)),
        new("DenyServiceExternalIPs", false, null),

        // Upstream: "webhook, resourcequota, and deny plugins must go at the end". Each of the
        // entries below is a slot its own helper branch fills in (replace null with a factory).
        new("MutatingAdmissionPolicy", false, null),
        new("MutatingAdmissionWebhook", true, c => Dynamic(c, "MutatingAdmissionWebhook")),
        new("ValidatingAdmissionPolicy", true, c => Dynamic(c, "ValidatingAdmissionPolicy")),
        new("ValidatingAdmissionWebhook", true, c => Dynamic(c, "ValidatingAdmissionWebhook")),
        new("ResourceQuota", true, c => new ResourceQuota.ResourceQuotaAdmission(c.ResourceQuotas ?? throw new InvalidOperationException("ResourceQuota needs the resourcequotas store"), c.Clock, c.Objects)),
        new("AlwaysDeny", false, null),
    ];

    /// <summary>
    /// Not admission plugins upstream but steps dotkube runs in the admission chain: always on,
    /// not selectable by the flags. The CSR requester runs first (upstream fills it in before
    /// admission), RBAC's escalation check last (upstream checks in the role storage).
    /// </summary>
    public static IReadOnlyList<AdmissionPluginEntry> AlwaysFirst { get; } =
    [
        new("CertificateSigningRequestRequester", true, _ => new CertificateSigningRequestRequester()),
    ];

    public static IReadOnlyList<AdmissionPluginEntry> AlwaysLast { get; } =
    [
        new("RBACEscalationCheck", true, c => new EscalationCheck(
            c.Rbac ?? throw new InvalidOperationException("RBACEscalationCheck needs the RBAC cache"), c.Authorizers)),
    ];

    /// <summary>
    /// The names of the plugins that run, in upstream's order: the default set plus
    /// <see cref="AdmissionOptions.Enable"/> minus <see cref="AdmissionOptions.Disable"/>. Refuses
    /// (ArgumentException, worded as kube-apiserver words it) unknown names, a name in both lists,
    /// and enabling a plugin dotkube does not implement.
    /// </summary>
    public static IReadOnlyList<AdmissionPluginEntry> Select(AdmissionOptions options)
    {
        var known = All.ToDictionary(e => e.Name, StringComparer.Ordinal);
        var errors = new List<string>();
        errors.AddRange(options.Enable.Where(n => !known.ContainsKey(n)).Select(n => $"enable-admission-plugins plugin \"{n}\" is unknown"));
        errors.AddRange(options.Disable.Where(n => !known.ContainsKey(n)).Select(n => $"disable-admission-plugins plugin \"{n}\" is unknown"));
        var overlap = options.Enable.Intersect(options.Disable, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (overlap.Count > 0)
        {
            errors.Add($"[{string.Join(" ", overlap)}] in enable-admission-plugins and disable-admission-plugins overlapped");
        }
        errors.AddRange(options.Enable.Where(n => known.TryGetValue(n, out var e) && !e.Implemented)
            .Select(n => $"enable-admission-plugins plugin \"{n}\" is not implemented by dotkube yet"));
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors));
        }
        return [.. All.Where(e => e.Implemented
            && (e.DefaultOn || options.Enable.Contains(e.Name, StringComparer.Ordinal))
            && !options.Disable.Contains(e.Name, StringComparer.Ordinal))];
    }

    private static IAdmissionPlugin Dynamic(AdmissionPluginContext c, string name) =>
        (c.Dynamic ?? throw new InvalidOperationException($"{name} needs the dynamic admission configurations")).Plugins.Single(p => p.Name == name);

    /// <summary>The chain's plugins: the always-first steps, the selected plugins in order, the always-last steps.</summary>
    public static List<IAdmissionPlugin> Build(AdmissionPluginContext context) =>
        [.. AlwaysFirst.Concat(Select(context.Options)).Concat(AlwaysLast).Select(e => e.Create!(context))];
}
