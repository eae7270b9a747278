using Dotkube.ApiServer.OpenApi;
using k8s.Models;

namespace Dotkube.ApiServer.Tests.OpenApi;

public class ModelSchemasTests
{
    private static Schema Field(Type model, string name) =>
        ModelSchemas.Definition(model).Properties!.Single(p => p.Key == name).Value;

    private static string? Extension(Schema schema, string name) =>
        schema.Extensions.SingleOrDefault(e => e.Key == name).Value?.ToJsonString();

    [Fact]
    public void PodContainersAreAListMergedByName()
    {
        var containers = Field(typeof(V1PodSpec), "containers");
        Assert.Equal("array", containers.Type);
        Assert.Equal("io.k8s.api.core.v1.Container", containers.Items!.Ref);
        Assert.Equal("\"name\"", Extension(containers, "x-kubernetes-patch-merge-key"));
        Assert.Equal("\"merge\"", Extension(containers, "x-kubernetes-patch-strategy"));
        Assert.Equal("\"map\"", Extension(containers, "x-kubernetes-list-type"));
        Assert.Equal("[\"name\"]", Extension(containers, "x-kubernetes-list-map-keys"));
    }

    [Fact]
    public void FieldsCarryTheirDescriptions() =>
        Assert.StartsWith("List of containers belonging to the pod.", Field(typeof(V1PodSpec), "containers").Description);

    [Fact]
    public void PropertiesAreSortedByJsonName()
    {
        var names = ModelSchemas.Definition(typeof(V1Container)).Properties!.Select(p => p.Key).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Contains("imagePullPolicy", names);
    }

    public static TheoryData<Type, string, string?, string?, string?> Fields => new()
    {
        // model, field, type, format, reference
        { typeof(V1Container), "name", "string", null, null },
        { typeof(V1ContainerPort), "containerPort", "integer", "int32", null },
        { typeof(V1PodSpec), "activeDeadlineSeconds", "integer", "int64", null },
        { typeof(V1PodSpec), "hostNetwork", "boolean", null, null },
        { typeof(V1ObjectMeta), "creationTimestamp", null, null, "io.k8s.apimachinery.pkg.apis.meta.v1.Time" },
        { typeof(V1ObjectMeta), "labels", "object", null, null },
        { typeof(V1Pod), "metadata", null, null, "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
        { typeof(V1RollingUpdateDeployment), "maxSurge", null, null, "io.k8s.apimachinery.pkg.util.intstr.IntOrString" },
        { typeof(V1ControllerRevision), "data", null, null, null },
    };

    [Theory]
    [MemberData(nameof(Fields))]
    public void FieldTypesMapToOpenApiTypes(Type model, string field, string? type, string? format, string? reference)
    {
        var schema = Field(model, field);
        Assert.Equal(type, schema.Type);
        Assert.Equal(format, schema.Format);
        Assert.Equal(reference, schema.Ref);
    }

    [Fact]
    public void ResourceListsAreMapsOfQuantities()
    {
        var limits = Field(typeof(V1ResourceRequirements), "limits");
        Assert.Equal("object", limits.Type);
        Assert.Equal("io.k8s.apimachinery.pkg.api.resource.Quantity", limits.AdditionalProperties!.Ref);
    }

    [Fact]
    public void SecretDataIsAMapOfBase64Strings()
    {
        var data = Field(typeof(V1Secret), "data");
        Assert.Equal(("string", "byte"), (data.AdditionalProperties!.Type, data.AdditionalProperties.Format));
    }

    [Theory]
    [InlineData(typeof(V1ContainerPort), "containerPort")]
    [InlineData(typeof(V1Condition), "lastTransitionTime")]
    [InlineData(typeof(V1TopologySpreadConstraint), "maxSkew")]
    public void NonNullableScalarFieldsAreRequired(Type model, string field) =>
        Assert.Contains(field, ModelSchemas.Definition(model).Required ?? []);

    [Theory]
    [InlineData(typeof(V1Container), "name")]
    [InlineData(typeof(V1PodSpec), "containers")]
    [InlineData(typeof(V1DeploymentSpec), "selector,template")]
    [InlineData(typeof(V1OwnerReference), "apiVersion,kind,name,uid")]
    [InlineData(typeof(V1Condition), "type,status,lastTransitionTime,reason,message")]
    [InlineData(typeof(V1ObjectMeta), "")]
    [InlineData(typeof(V1Toleration), "")]
    public void RequiredListsAreUpstreamsInDeclarationOrder(Type model, string fields) =>
        Assert.Equal(fields, string.Join(",", ModelSchemas.Definition(model).Required ?? []));

    [Fact]
    public void OptionalScalarFieldsAreNotRequired() =>
        Assert.DoesNotContain("hostPort", ModelSchemas.Definition(typeof(V1ContainerPort)).Required ?? []);

    [Fact]
    public void AtomicStructsSayTheirMapType() =>
        Assert.Equal("\"atomic\"", Extension(ModelSchemas.Definition(typeof(V1LabelSelector)), "x-kubernetes-map-type"));

    [Fact]
    public void ContainerPortsAreAMapKeyedByPortAndProtocol()
    {
        var ports = Field(typeof(V1Container), "ports");
        Assert.Equal("\"containerPort\"", Extension(ports, "x-kubernetes-patch-merge-key"));
        Assert.Equal("[\"containerPort\",\"protocol\"]", Extension(ports, "x-kubernetes-list-map-keys"));
    }
}
