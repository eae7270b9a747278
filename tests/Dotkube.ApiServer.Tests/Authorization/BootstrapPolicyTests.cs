using Dotkube.ApiServer.Authorization.Bootstrap;
using Dotkube.ApiServer.Authorization.Rbac;
using Dotkube.ApiServer.Registry;

namespace Dotkube.ApiServer.Tests.Authorization;

/// <summary>
/// The default roles compared with Kubernetes 1.32's published bootstrap policy
/// (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata), written here as facts: one line per
/// rule, "verbs | groups | resources [| names]", with aggregated roles in their aggregated form.
/// </summary>
public sealed class BootstrapPolicyTests
{
    private const string Read = "get,list,watch";
    private const string Write = "create,delete,deletecollection,patch,update";

    private static readonly string[] ViewFacts =
    [
        $"{Read} | | configmaps,endpoints,persistentvolumeclaims,persistentvolumeclaims/status,pods,replicationcontrollers,replicationcontrollers/scale,serviceaccounts,services,services/status",
        $"{Read} | | bindings,events,limitranges,namespaces/status,pods/log,pods/status,replicationcontrollers/status,resourcequotas,resourcequotas/status",
        $"{Read} | | namespaces",
        $"{Read} | discovery.k8s.io | endpointslices",
        $"{Read} | apps | controllerrevisions,daemonsets,daemonsets/status,deployments,deployments/scale,deployments/status,replicasets,replicasets/scale,replicasets/status,statefulsets,statefulsets/scale,statefulsets/status",
        $"{Read} | autoscaling | horizontalpodautoscalers,horizontalpodautoscalers/status",
        $"{Read} | batch | cronjobs,cronjobs/status,jobs,jobs/status",
        $"{Read} | extensions | daemonsets,daemonsets/status,deployments,deployments/scale,deployments/status,ingresses,ingresses/status,networkpolicies,replicasets,replicasets/scale,replicasets/status,replicationcontrollers/scale",
        $"{Read} | policy | poddisruptionbudgets,poddisruptionbudgets/status",
        $"{Read} | networking.k8s.io | ingresses,ingresses/status,networkpolicies",
    ];

    private static readonly string[] EditOwnFacts =
    [
        $"{Read} | | pods/attach,pods/exec,pods/portforward,pods/proxy,secrets,services/proxy",
        "impersonate | | serviceaccounts",
        $"{Write} | | pods,pods/attach,pods/exec,pods/portforward,pods/proxy",
        "create | | pods/eviction",
        $"{Write} | | configmaps,events,persistentvolumeclaims,replicationcontrollers,replicationcontrollers/scale,secrets,serviceaccounts,services,services/proxy",
        "create | | serviceaccounts/token",
        $"{Write} | apps | daemonsets,deployments,deployments/rollback,deployments/scale,replicasets,replicasets/scale,statefulsets,statefulsets/scale",
        $"{Write} | autoscaling | horizontalpodautoscalers",
        $"{Write} | batch | cronjobs,jobs",
        $"{Write} | extensions | daemonsets,deployments,deployments/rollback,deployments/scale,ingresses,networkpolicies,replicasets,replicasets/scale,replicationcontrollers/scale",
        $"{Write} | policy | poddisruptionbudgets",
        $"{Write} | networking.k8s.io | ingresses,networkpolicies",
        "create,delete,deletecollection,get,list,patch,update,watch | coordination.k8s.io | leases",
    ];

    private static readonly string[] AdminOwnFacts =
    [
        "create | authorization.k8s.io | localsubjectaccessreviews",
        "create,delete,deletecollection,get,list,patch,update,watch | rbac.authorization.k8s.io | rolebindings,roles",
    ];

    private static readonly string[] NodeFacts =
    [
        "create | authentication.k8s.io | tokenreviews",
        "create | authorization.k8s.io | localsubjectaccessreviews,subjectaccessreviews",
        $"{Read} | | services",
        "create,get,list,watch | | nodes",
        "patch,update | | nodes/status",
        "patch,update | | nodes",
        "create,patch,update | | events",
        $"{Read} | | pods",
        "create,delete | | pods",
        "patch,update | | pods/status",
        "create | | pods/eviction",
        $"{Read} | | configmaps,secrets",
        "get | | persistentvolumeclaims,persistentvolumes",
        "get | | endpoints",
        "create,get,list,watch | certificates.k8s.io | certificatesigningrequests",
        "create,delete,get,patch,update | coordination.k8s.io | leases",
        "get | storage.k8s.io | volumeattachments",
        "create | | serviceaccounts/token",
        "get,patch,update | | persistentvolumeclaims/status",
        $"{Read} | storage.k8s.io | csidrivers",
        "create,delete,get,patch,update | storage.k8s.io | csinodes",
        $"{Read} | node.k8s.io | runtimeclasses",
    ];

    private static readonly string[] SchedulerFacts =
    [
        "create,patch,update | ,events.k8s.io | events",
        "create | coordination.k8s.io | leases",
        "get,update | coordination.k8s.io | leases | kube-scheduler",
        $"{Read} | | nodes",
        "delete,get,list,watch | | pods",
        "create | | bindings,pods/binding",
        "patch,update | | pods/status",
        $"{Read} | | replicationcontrollers,services",
        $"{Read} | apps,extensions | replicasets",
        $"{Read} | apps | statefulsets",
        $"{Read} | policy | poddisruptionbudgets",
        $"{Read} | | persistentvolumeclaims,persistentvolumes",
        "create | authentication.k8s.io | tokenreviews",
        "create | authorization.k8s.io | subjectaccessreviews",
        $"{Read} | storage.k8s.io | csinodes",
        $"{Read} | | namespaces",
        $"{Read} | storage.k8s.io | csidrivers",
        $"{Read} | storage.k8s.io | csistoragecapacities",
    ];

    private static readonly string[] DeploymentControllerFacts =
    [
        "get,list,update,watch | apps,extensions | deployments",
        "update | apps,extensions | deployments/status",
        "update | apps,extensions | deployments/finalizers",
        "create,delete,get,list,patch,update,watch | apps,extensions | replicasets",
        "get,list,update,watch | | pods",
        "create,patch,update | ,events.k8s.io | events",
    ];

    private const string Events = "create,patch,update | ,events.k8s.io | events";

    // The controller manager's own role: the tokens controller and the shared informers write and read with it.
    private static readonly string[] ControllerManagerFacts =
    [
        Events,
        "create | coordination.k8s.io | leases",
        "get,update | coordination.k8s.io | leases | kube-controller-manager",
        "create | | secrets,serviceaccounts",
        "delete | | secrets",
        "get | | configmaps,namespaces,secrets,serviceaccounts",
        "update | | secrets,serviceaccounts",
        "create | authentication.k8s.io | tokenreviews",
        "create | authorization.k8s.io | subjectaccessreviews",
        "list,watch | * | *",
        "create | | serviceaccounts/token",
    ];

    private static readonly string[] CertificateControllerFacts =
    [
        "delete,get,list,watch | certificates.k8s.io | certificatesigningrequests",
        "update | certificates.k8s.io | certificatesigningrequests/approval,certificatesigningrequests/status",
        "approve | certificates.k8s.io | signers | kubernetes.io/kube-apiserver-client-kubelet",
        "sign | certificates.k8s.io | signers | kubernetes.io/kube-apiserver-client,kubernetes.io/kube-apiserver-client-kubelet,kubernetes.io/kubelet-serving,kubernetes.io/legacy-unknown",
        "create | authorization.k8s.io | subjectaccessreviews",
        Events,
    ];

    public static TheoryData<string, string[]> Roles() => new()
    {
        { "view", ViewFacts },
        { "edit", [.. EditOwnFacts, .. ViewFacts] },
        { "admin", [.. AdminOwnFacts, .. EditOwnFacts, .. ViewFacts] },
        { "system:node", NodeFacts },
        { "system:kube-scheduler", SchedulerFacts },
        { "system:controller:deployment-controller", DeploymentControllerFacts },
        { "system:kube-controller-manager", ControllerManagerFacts },
        { "system:controller:certificate-controller", CertificateControllerFacts },
        { "system:controller:clusterrole-aggregation-controller", ["escalate,get,list,patch,update,watch | rbac.authorization.k8s.io | clusterroles"] },
        { "system:controller:root-ca-cert-publisher", ["create,update | | configmaps", Events] },
        { "system:controller:service-account-controller", ["create | | serviceaccounts", Events] },
    };

    // Kubernetes 1.32's controller roles with its default feature gates: the DRA, multi-CIDR,
    // SELinux-change and volume-attributes-class controllers' roles exist only with their gates on.
    private static readonly string[] UpstreamControllerRoles =
    [
        "attachdetach-controller", "certificate-controller", "clusterrole-aggregation-controller", "cronjob-controller",
        "daemon-set-controller", "deployment-controller", "disruption-controller", "endpoint-controller",
        "endpointslice-controller", "endpointslicemirroring-controller", "ephemeral-volume-controller", "expand-controller",
        "generic-garbage-collector", "horizontal-pod-autoscaler", "job-controller", "legacy-service-account-token-cleaner",
        "namespace-controller", "node-controller", "persistent-volume-binder", "pod-garbage-collector",
        "pv-protection-controller", "pvc-protection-controller", "replicaset-controller", "replication-controller",
        "resourcequota-controller", "root-ca-cert-publisher", "route-controller", "service-account-controller",
        "service-controller", "statefulset-controller", "ttl-after-finished-controller", "ttl-controller",
        "validatingadmissionpolicy-status-controller",
    ];

    [Fact]
    public void TheControllerRolesAreKubernetes132sPlusDotkubesLocalPathProvisioner()
    {
        var actual = BootstrapPolicy.ClusterRoles.Select(o => o.Name).Where(n => n.StartsWith("system:controller:", StringComparison.Ordinal))
            .Select(n => n["system:controller:".Length..]).Order(StringComparer.Ordinal);
        Assert.Equal([.. UpstreamControllerRoles.Append("local-path-provisioner").Order(StringComparer.Ordinal)], actual);
    }

    [Fact]
    public void TheSystemNodeBindingHasNoSubjectsAsUpstream()
    {
        var b = BootstrapPolicy.All.Single(o => o.Definition.Plural == "clusterrolebindings" && o.Name == "system:node");
        Assert.Empty(RbacBinding.FromJson(b.Object).Subjects);
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public void DefaultRolesGrantWhatKubernetes132Grants(string role, string[] facts)
    {
        var expected = facts.Select(Parse).ToList();
        var actual = BootstrapPolicy.EffectiveRulesOf(role);
        // Same permissions both ways; aggregated roles may order their pieces differently.
        Assert.Empty(RuleCoverage.Missing(actual, expected));
        Assert.Empty(RuleCoverage.Missing(expected, actual));
        Assert.Equal(expected.Count, actual.Count);
    }

    private static PolicyRule Parse(string fact)
    {
        var parts = fact.Split('|').Select(p => p.Trim()).ToArray();
        return PolicyRule.Resource(parts[0].Split(','), parts[1].Split(','), parts[2].Split(','), parts.Length > 3 ? parts[3].Split(',') : []);
    }

    [Theory]
    [InlineData("cluster-admin", "Group", "system:masters")]
    [InlineData("system:discovery", "Group", "system:authenticated")]
    [InlineData("system:basic-user", "Group", "system:authenticated")]
    [InlineData("system:public-info-viewer", "Group", "system:unauthenticated")]
    [InlineData("system:kube-scheduler", "User", "system:kube-scheduler")]
    [InlineData("system:node-proxier", "User", "system:kube-proxy")]
    [InlineData("system:controller:deployment-controller", "ServiceAccount", "deployment-controller")]
    public void DefaultClusterRoleBindingsNameTheUpstreamSubjects(string binding, string kind, string subject)
    {
        var b = BootstrapPolicy.All.Single(o => o.Definition.Plural == "clusterrolebindings" && o.Name == binding);
        Assert.Contains(RbacBinding.FromJson(b.Object).Subjects, s => s.Kind == kind && s.Name == subject);
    }

    [Fact]
    public void EveryDefaultObjectCarriesTheBootstrappingLabelAndAutoupdateAnnotation()
    {
        Assert.All(BootstrapPolicy.All, o =>
        {
            Assert.Equal("rbac-defaults", ObjectJson.Labels(o.Object)["kubernetes.io/bootstrapping"]);
            Assert.Equal("true", ObjectJson.Metadata(o.Object)["annotations"]!["rbac.authorization.kubernetes.io/autoupdate"]!.GetValue<string>());
        });
    }

    [Fact]
    public void EveryBindingReferencesADefaultRole()
    {
        var roles = BootstrapPolicy.All.Where(o => o.Definition.Plural is "roles" or "clusterroles").Select(o => (o.Definition.Kind, o.Namespace, o.Name)).ToHashSet();
        foreach (var b in BootstrapPolicy.All.Where(o => o.Definition.Plural is "rolebindings" or "clusterrolebindings").Select(o => RbacBinding.FromJson(o.Object)))
        {
            Assert.Contains((b.RoleKind, b.RoleKind == "Role" ? b.Namespace : "", b.RoleName), roles);
        }
    }
}
