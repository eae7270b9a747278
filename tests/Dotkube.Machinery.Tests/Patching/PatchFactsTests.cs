using Dotkube.Machinery.Patching;
using k8s.Models;

namespace Dotkube.Machinery.Tests.Patching;

public class PatchFactsTests
{
    [Theory]
    [InlineData("V1PodSpec", "containers", "merge", "name", "map", "name")]
    [InlineData("V1PodSpec", "initContainers", "merge", "name", "map", "name")]
    [InlineData("V1PodSpec", "volumes", "merge,retainKeys", "name", "map", "name")]
    [InlineData("V1PodSpec", "hostAliases", "merge", "ip", "map", "ip")]
    [InlineData("V1PodSpec", "imagePullSecrets", "merge", "name", "map", "name")]
    [InlineData("V1PodSpec", "topologySpreadConstraints", "merge", "topologyKey", "map", "topologyKey,whenUnsatisfiable")]
    [InlineData("V1Container", "ports", "merge", "containerPort", "map", "containerPort,protocol")]
    [InlineData("V1Container", "env", "merge", "name", "map", "name")]
    [InlineData("V1Container", "volumeMounts", "merge", "mountPath", "map", "mountPath")]
    [InlineData("V1Container", "volumeDevices", "merge", "devicePath", "map", "devicePath")]
    [InlineData("V1EphemeralContainer", "env", "merge", "name", "map", "name")]
    [InlineData("V1ObjectMeta", "ownerReferences", "merge", "uid", "map", "uid")]
    [InlineData("V1ObjectMeta", "finalizers", "merge", null, "set", null)]
    [InlineData("V1ObjectMeta", "managedFields", null, null, "atomic", null)]
    [InlineData("V1PodSpec", "tolerations", null, null, "atomic", null)]
    [InlineData("V1DeploymentSpec", "strategy", "retainKeys", null, null, null)]
    [InlineData("V1DeploymentStatus", "conditions", "merge", "type", "map", "type")]
    [InlineData("V1PodStatus", "conditions", "merge", "type", "map", "type")]
    [InlineData("V1PodStatus", "podIPs", "merge", "ip", "map", "ip")]
    [InlineData("V1NodeStatus", "addresses", "merge", "type", "map", "type")]
    [InlineData("V1ServiceSpec", "ports", "merge", "port", "map", "port,protocol")]
    [InlineData("V1ClusterRole", "rules", null, null, "atomic", null)]
    [InlineData("V1RoleBinding", "subjects", null, null, "atomic", null)]
    [InlineData("V1JobStatus", "conditions", "merge", "type", "atomic", null)]
    [InlineData("V2HorizontalPodAutoscalerSpec", "metrics", null, null, "atomic", null)]
    [InlineData("V1PodTemplateSpec", "metadata", null, null, null, null)]
    public void Upstream_struct_tags_and_markers_are_in_the_table(
        string type, string field, string? strategy, string? mergeKey, string? listType, string? listMapKeys)
    {
        var fact = PatchFacts.Lookup(type, field);
        if (strategy is null && listType is null)
        {
            Assert.Null(fact);
            return;
        }
        Assert.NotNull(fact);
        Assert.Equal(strategy, fact.Strategy);
        Assert.Equal(mergeKey, fact.MergeKey);
        Assert.Equal(listType, fact.ListType);
        Assert.Equal(listMapKeys, fact.ListMapKeys is null ? null : string.Join(",", fact.ListMapKeys));
    }

    [Fact]
    public void Map_and_struct_markers_are_kept()
    {
        Assert.Equal("atomic", PatchFacts.Lookup("V1PodSpec", "nodeSelector")?.MapType);
        Assert.Equal("atomic", PatchFacts.StructType("V1LabelSelector"));
        Assert.Null(PatchFacts.StructType("V1PodSpec"));
    }

    [Fact]
    public void Merge_and_retainKeys_are_read_from_the_strategy()
    {
        var volumes = PatchFacts.Lookup(typeof(V1PodSpec), "volumes")!;
        Assert.True(volumes.MergesLists);
        Assert.True(volumes.RetainsKeys);
        var strategy = PatchFacts.Lookup(typeof(V1DeploymentSpec), "strategy")!;
        Assert.False(strategy.MergesLists);
        Assert.True(strategy.RetainsKeys);
    }

    [Fact]
    public void Unknown_types_and_fields_have_no_facts()
    {
        Assert.Null(PatchFacts.Lookup("V1NoSuchType", "containers"));
        Assert.Null(PatchFacts.Lookup("V1PodSpec", "noSuchField"));
    }

    [Theory]
    [InlineData("V1Pod")]
    [InlineData("V1ConfigMap")]
    [InlineData("V1Deployment")]
    [InlineData("V1StatefulSet")]
    [InlineData("V1Job")]
    [InlineData("V1CronJob")]
    [InlineData("V1HorizontalPodAutoscaler")]
    [InlineData("V2HorizontalPodAutoscaler")]
    [InlineData("V1Ingress")]
    [InlineData("V1NetworkPolicy")]
    [InlineData("V1PodDisruptionBudget")]
    [InlineData("V1ClusterRole")]
    [InlineData("Rbacv1Subject")]
    [InlineData("V1StorageClass")]
    [InlineData("V1PriorityClass")]
    [InlineData("V1Lease")]
    [InlineData("Eventsv1Event")]
    [InlineData("Corev1Event")]
    [InlineData("V1EndpointSlice")]
    [InlineData("V1RuntimeClass")]
    [InlineData("V1FlowSchema")]
    [InlineData("Flowcontrolv1Subject")]
    [InlineData("V1ObjectMeta")]
    [InlineData("V1ManagedFieldsEntry")]
    [InlineData("V1CustomResourceDefinition")]
    [InlineData("V1APIService")]
    public void Every_listed_group_is_covered(string type) => Assert.Contains(type, PatchFacts.KnownTypes);

    [Fact]
    public void Every_known_type_is_a_client_model_class()
    {
        var missing = PatchFacts.KnownTypes.Where(t => PatchFacts.FindModelType(t) is null).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_fact_names_a_real_json_property_of_its_model()
    {
        var missing = PatchFacts.All
            .Where(f => PatchFacts.FindModelType(f.Type) is not { } type || PatchFacts.GetField(type, f.Field) is null)
            .Select(f => f.Type + "." + f.Field)
            .ToList();
        Assert.Empty(missing);
        Assert.True(PatchFacts.All.Count() > 400);
    }

    [Fact]
    public void Fields_are_found_by_json_name_with_their_item_model_type()
    {
        var containers = PatchFacts.GetField(typeof(V1PodSpec), "containers")!;
        Assert.Equal(ModelFieldKind.List, containers.Kind);
        Assert.Equal(typeof(V1Container), containers.ModelType);

        var labels = PatchFacts.GetField(typeof(V1ObjectMeta), "labels")!;
        Assert.Equal(ModelFieldKind.Map, labels.Kind);
        Assert.Equal(typeof(string), labels.ItemType);
        Assert.Null(labels.ModelType);

        var resources = PatchFacts.GetField(typeof(V1Container), "resources")!;
        Assert.Equal(ModelFieldKind.Object, resources.Kind);
        Assert.Equal(typeof(V1ResourceRequirements), resources.ModelType);

        var limits = PatchFacts.GetField(typeof(V1ResourceRequirements), "limits")!;
        Assert.Equal(ModelFieldKind.Map, limits.Kind);
        Assert.Null(limits.ModelType);

        var targetPort = PatchFacts.GetField(typeof(V1ServicePort), "targetPort")!;
        Assert.Equal(ModelFieldKind.Scalar, targetPort.Kind);
        Assert.Null(targetPort.ModelType);

        var finalizers = PatchFacts.GetField(typeof(V1ObjectMeta), "finalizers")!;
        Assert.Equal(ModelFieldKind.List, finalizers.Kind);
        Assert.Equal(typeof(string), finalizers.ItemType);

        Assert.Null(PatchFacts.GetField(typeof(V1PodSpec), "noSuchField"));
        Assert.Equal(typeof(V1PodSpec), PatchFacts.FindModelType("V1PodSpec"));
    }
}
