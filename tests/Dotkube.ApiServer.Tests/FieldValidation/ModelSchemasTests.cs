using Dotkube.ApiServer.FieldValidation;
using Dotkube.ApiServer.Resources;
using k8s.Models;

namespace Dotkube.ApiServer.Tests.FieldValidation;

public class ModelSchemasTests
{
    [Theory]
    [InlineData(typeof(V1DeploymentSpec), "v1", "DeploymentSpec")]
    [InlineData(typeof(V1ObjectMeta), "v1", "ObjectMeta")]
    [InlineData(typeof(V2HorizontalPodAutoscalerSpec), "v2", "HorizontalPodAutoscalerSpec")]
    [InlineData(typeof(Admissionregistrationv1ServiceReference), "v1", "ServiceReference")]
    [InlineData(typeof(Eventsv1EventSeries), "v1", "EventSeries")]
    public void NamesModelClassesAsUpstreamsGoTypes(Type type, string package, string name)
    {
        Assert.Equal((package, name), GoNames.Of(type));
    }

    [Theory]
    [InlineData(typeof(V1PodSpec), "containers", "[]v1.Container")]
    [InlineData(typeof(V1PodSpec), "nodeSelector", "map[string]string")]
    [InlineData(typeof(V1PodSpec), "overhead", "v1.ResourceList")]
    [InlineData(typeof(V1PodSpec), "activeDeadlineSeconds", "int64")]
    [InlineData(typeof(V1Secret), "data", "map[string][]uint8")]
    [InlineData(typeof(V1DeploymentSpec), "template", "v1.PodTemplateSpec")]
    public void PrintsFieldTypesAsGoDoes(Type type, string field, string goType)
    {
        Assert.True(ModelSchemas.For(type).Object!.TryGetField(field, out var schema));
        Assert.Equal(goType, schema.GoType);
    }

    [Fact]
    public void EveryServedModelTypeResolvesToAStructSchema()
    {
        foreach (var def in BuiltinResources.All)
        {
            foreach (var (version, type) in def.ModelTypes)
            {
                var schema = ModelSchemas.For(type);
                Assert.True(schema.Kind == ValueKind.Object, $"{def.Plural}/{version}");
                Assert.True(schema.Object!.TryGetField("metadata", out _), $"{def.Plural}/{version} has metadata");
            }
        }
    }

    [Fact]
    public void SchemasAreCachedPerType()
    {
        Assert.Same(ModelSchemas.For(typeof(V1Pod)), ModelSchemas.For(typeof(V1Pod)));
    }
}
