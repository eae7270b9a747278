using Dotkube.E2E.Harness;

namespace Dotkube.E2E.KubectlCli;

/// <summary><c>kubectl api-resources</c> and <c>kubectl api-versions</c>, read from discovery.</summary>
[Collection(SharedServerCollection.Name)]
public class ApiResourcesTests(SharedServerFixture fixture)
{
    [Fact]
    public async Task Api_resources_prints_the_five_upstream_columns()
    {
        var result = (await fixture.Server.Kubectl("api-resources")).EnsureSuccess();

        var table = KubectlTable.Parse(result.Stdout);
        Assert.Equal(["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"], table.Headers);
        Assert.Equal("", result.Stderr);
    }

    [Theory]
    [InlineData("pods", "po", "v1", "true", "Pod")]
    [InlineData("configmaps", "cm", "v1", "true", "ConfigMap")]
    [InlineData("secrets", "", "v1", "true", "Secret")]
    [InlineData("services", "svc", "v1", "true", "Service")]
    [InlineData("namespaces", "ns", "v1", "false", "Namespace")]
    [InlineData("nodes", "no", "v1", "false", "Node")]
    [InlineData("persistentvolumeclaims", "pvc", "v1", "true", "PersistentVolumeClaim")]
    [InlineData("serviceaccounts", "sa", "v1", "true", "ServiceAccount")]
    [InlineData("resourcequotas", "quota", "v1", "true", "ResourceQuota")]
    [InlineData("deployments", "deploy", "apps/v1", "true", "Deployment")]
    [InlineData("replicasets", "rs", "apps/v1", "true", "ReplicaSet")]
    [InlineData("statefulsets", "sts", "apps/v1", "true", "StatefulSet")]
    [InlineData("daemonsets", "ds", "apps/v1", "true", "DaemonSet")]
    [InlineData("jobs", "", "batch/v1", "true", "Job")]
    [InlineData("cronjobs", "cj", "batch/v1", "true", "CronJob")]
    [InlineData("horizontalpodautoscalers", "hpa", "autoscaling/v2", "true", "HorizontalPodAutoscaler")]
    [InlineData("ingresses", "ing", "networking.k8s.io/v1", "true", "Ingress")]
    [InlineData("networkpolicies", "netpol", "networking.k8s.io/v1", "true", "NetworkPolicy")]
    [InlineData("poddisruptionbudgets", "pdb", "policy/v1", "true", "PodDisruptionBudget")]
    [InlineData("roles", "", "rbac.authorization.k8s.io/v1", "true", "Role")]
    [InlineData("clusterroles", "", "rbac.authorization.k8s.io/v1", "false", "ClusterRole")]
    [InlineData("rolebindings", "", "rbac.authorization.k8s.io/v1", "true", "RoleBinding")]
    [InlineData("clusterrolebindings", "", "rbac.authorization.k8s.io/v1", "false", "ClusterRoleBinding")]
    [InlineData("priorityclasses", "pc", "scheduling.k8s.io/v1", "false", "PriorityClass")]
    [InlineData("storageclasses", "sc", "storage.k8s.io/v1", "false", "StorageClass")]
    [InlineData("leases", "", "coordination.k8s.io/v1", "true", "Lease")]
    [InlineData("endpointslices", "", "discovery.k8s.io/v1", "true", "EndpointSlice")]
    [InlineData("certificatesigningrequests", "csr", "certificates.k8s.io/v1", "false", "CertificateSigningRequest")]
    [InlineData("tokenreviews", "", "authentication.k8s.io/v1", "false", "TokenReview")]
    [InlineData("selfsubjectreviews", "", "authentication.k8s.io/v1", "false", "SelfSubjectReview")]
    [InlineData("customresourcedefinitions", "crd,crds", "apiextensions.k8s.io/v1", "false", "CustomResourceDefinition")]
    [InlineData("apiservices", "", "apiregistration.k8s.io/v1", "false", "APIService")]
    [InlineData("validatingwebhookconfigurations", "", "admissionregistration.k8s.io/v1", "false", "ValidatingWebhookConfiguration")]
    [InlineData("mutatingwebhookconfigurations", "", "admissionregistration.k8s.io/v1", "false", "MutatingWebhookConfiguration")]
    [InlineData("validatingadmissionpolicies", "", "admissionregistration.k8s.io/v1", "false", "ValidatingAdmissionPolicy")]
    [InlineData("validatingadmissionpolicybindings", "", "admissionregistration.k8s.io/v1", "false", "ValidatingAdmissionPolicyBinding")]
    public async Task Api_resources_lists_each_built_in_resource_as_upstream(
        string name, string shortNames, string apiVersion, string namespaced, string kind)
    {
        var table = KubectlTable.Parse((await fixture.Server.Kubectl("api-resources")).EnsureSuccess().Stdout);

        var row = table.Rows.SingleOrDefault(r => r["NAME"] == name && r["APIVERSION"] == apiVersion);
        Assert.True(row is not null, $"no row for {name} in {apiVersion}");
        Assert.Equal(shortNames, row["SHORTNAMES"]);
        Assert.Equal(namespaced, row["NAMESPACED"]);
        Assert.Equal(kind, row["KIND"]);
    }

    [Fact]
    public async Task Api_resources_filters_by_group_and_prints_names_qualified_by_group()
    {
        var result = (await fixture.Server.Kubectl("api-resources", "--api-group=apps", "-o", "name")).EnsureSuccess();

        var names = Lines(result.Stdout);
        Assert.Equal(
            ["controllerrevisions.apps", "daemonsets.apps", "deployments.apps", "replicasets.apps", "statefulsets.apps"],
            names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Api_resources_filters_cluster_scoped_resources()
    {
        var table = KubectlTable.Parse((await fixture.Server.Kubectl("api-resources", "--namespaced=false")).EnsureSuccess().Stdout);

        Assert.All(table.Rows, r => Assert.Equal("false", r["NAMESPACED"]));
        Assert.Contains("namespaces", table.Column("NAME"));
        Assert.Contains("clusterroles", table.Column("NAME"));
        Assert.DoesNotContain("pods", table.Column("NAME"));
    }

    [Fact]
    public async Task Api_resources_filters_by_verb_from_discovery()
    {
        // Discovery advertises each resource's verbs; every listed resource supports list.
        var table = KubectlTable.Parse((await fixture.Server.Kubectl("api-resources", "--verbs=list,watch", "--namespaced=true")).EnsureSuccess().Stdout);

        Assert.Contains("configmaps", table.Column("NAME"));
        Assert.Contains("deployments", table.Column("NAME"));
        Assert.All(table.Rows, r => Assert.Equal("true", r["NAMESPACED"]));
    }

    [Fact]
    public async Task Api_versions_lists_every_served_group_version_sorted()
    {
        var result = (await fixture.Server.Kubectl("api-versions")).EnsureSuccess();

        var versions = Lines(result.Stdout);
        foreach (var expected in new[]
        {
            "v1", "apps/v1", "batch/v1", "autoscaling/v1", "autoscaling/v2", "rbac.authorization.k8s.io/v1",
            "networking.k8s.io/v1", "policy/v1", "coordination.k8s.io/v1", "scheduling.k8s.io/v1",
            "storage.k8s.io/v1", "discovery.k8s.io/v1", "events.k8s.io/v1", "apiextensions.k8s.io/v1",
            "apiregistration.k8s.io/v1", "admissionregistration.k8s.io/v1",
        })
        {
            Assert.Contains(expected, versions);
        }

        Assert.Equal(versions.Order(StringComparer.Ordinal), versions);
        Assert.Equal(versions.Distinct(), versions);
    }

    private static List<string> Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
