using System.Text.Json.Nodes;
using Dotkube.Machinery.Apply;
using k8s.Models;

namespace Dotkube.Machinery.Tests.Apply;

public class ObjectFieldsTests
{
    private static readonly TypeSchema Deployment = TypeSchema.ForModel(typeof(V1Deployment));
    private static readonly TypeSchema ConfigMap = TypeSchema.ForModel(typeof(V1ConfigMap));

    [Theory]
    [InlineData("a configmap's data keys and labels",
        """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app":"web"}},"data":{"color":"blue"}}""",
        """{"f:apiVersion":{},"f:data":{"f:color":{}},"f:kind":{},"f:metadata":{"f:labels":{"f:app":{}},"f:name":{}}}""")]
    [InlineData("an empty struct field is a member",
        """{"data":{}}""",
        """{"f:data":{}}""")]
    [InlineData("a null field is a member",
        """{"data":null}""",
        """{"f:data":{}}""")]
    public void ConfigMap_fields(string name, string obj, string expected) =>
        Assert.True(expected == FieldsV1.Serialize(ObjectFields.Of(JsonNode.Parse(obj), ConfigMap)).ToJsonString(Relaxed.Options), name);

    [Fact]
    public void A_deployment_owns_list_items_by_key_and_the_atomic_selector_whole()
    {
        var obj = JsonNode.Parse("""
            {"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
             "template":{"metadata":{"labels":{"app":"web"}},
              "spec":{"containers":[{"name":"nginx","image":"nginx","ports":[{"containerPort":80}]}]}}}}
            """);

        var set = ObjectFields.Of(obj, Deployment);

        Assert.Equal(
            """{"f:spec":{"f:replicas":{},"f:selector":{},"f:template":{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{".":{},"f:image":{},"f:name":{},"f:ports":{"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}}}}}}}}""",
            FieldsV1.Serialize(set).ToJsonString(Relaxed.Options));
    }

    [Fact]
    public void An_applied_configuration_with_an_undeclared_field_is_refused()
    {
        var e = Assert.Throws<ApplySchemaException>(() =>
            ObjectFields.Of(JsonNode.Parse("""{"spec":{"replicaz":1}}"""), Deployment, rejectUnknown: true));
        Assert.Equal(".spec.replicaz: field not declared in schema", e.Message);
    }

    [Fact]
    public void Comparing_reports_added_modified_and_removed_and_new_maps_as_a_whole()
    {
        var before = JsonNode.Parse("""{"metadata":{"name":"c"},"data":{"a":"1","b":"2"}}""");
        var after = JsonNode.Parse("""{"metadata":{"name":"c","labels":{"x":"y"}},"data":{"a":"9","c":"3"}}""");

        var c = Comparison.Of(before, after, ConfigMap);

        Assert.Equal("""{"f:data":{"f:c":{}},"f:metadata":{"f:labels":{".":{},"f:x":{}}}}""", FieldsV1.Serialize(c.Added).ToJsonString(Relaxed.Options));
        Assert.Equal("""{"f:data":{"f:a":{}}}""", FieldsV1.Serialize(c.Modified).ToJsonString(Relaxed.Options));
        Assert.Equal("""{"f:data":{"f:b":{}}}""", FieldsV1.Serialize(c.Removed).ToJsonString(Relaxed.Options));
    }

    [Fact]
    public void Go_shape_fills_the_struct_fields_Go_always_writes()
    {
        var shaped = GoShape.Normalize(JsonNode.Parse("""{"spec":{"template":{"spec":{"containers":[{"name":"a"}]}}}}"""), Deployment);

        Assert.Equal("""{"spec":{"template":{"spec":{"containers":[{"name":"a","resources":{}}]},"metadata":{}},"strategy":{}},"metadata":{},"status":{}}""", shaped!.ToJsonString(Relaxed.Options));
    }
}
