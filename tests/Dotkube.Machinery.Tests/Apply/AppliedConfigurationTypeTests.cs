using System.Text.Json.Nodes;
using Dotkube.Machinery.Apply;
using k8s.Models;

namespace Dotkube.Machinery.Tests.Apply;

/// <summary>An applied configuration is checked against its type as upstream's typed patch object is.</summary>
public class AppliedConfigurationTypeTests
{
    private static readonly TypeSchema Deployment = TypeSchema.ForModel(typeof(V1Deployment));

    [Theory]
    [InlineData("a string where a number belongs", """{"spec":{"replicas":"3"}}""", ".spec.replicas: expected numeric (int or float), got string")]
    [InlineData("a boolean where a number belongs", """{"spec":{"replicas":true}}""", ".spec.replicas: expected numeric (int or float), got bool")]
    [InlineData("a string where an object belongs", """{"spec":{"template":"x"}}""", ".spec.template: expected map, got &{x}")]
    [InlineData("a number where a list belongs", """{"spec":{"template":{"spec":{"containers":3}}}}""", ".spec.template.spec.containers: expected list, got &{3}")]
    [InlineData("a number where a string belongs", """{"metadata":{"labels":{"app":1}}}""", ".metadata.labels.app: expected string, got &value.valueUnstructured{Value:1}")]
    [InlineData("a string where a boolean belongs", """{"spec":{"paused":"yes"}}""", ".spec.paused: expected boolean, got &{yes}")]
    [InlineData("two problems at once", """{"spec":{"replicas":"3","paused":"no"}}""",
        "errors:\n  .spec.replicas: expected numeric (int or float), got string\n  .spec.paused: expected boolean, got &{no}")]
    public void A_value_of_the_wrong_type_is_refused_in_upstreams_words(string name, string config, string expected)
    {
        var e = Assert.Throws<ApplySchemaException>(() => ObjectFields.Of(JsonNode.Parse(config), Deployment, rejectUnknown: true));
        Assert.True(expected == e.Message, $"{name}: {e.Message}");
    }

    [Theory]
    [InlineData("int-or-string fields take either", """{"spec":{"strategy":{"rollingUpdate":{"maxSurge":1,"maxUnavailable":"25%"}}}}""")]
    [InlineData("quantities take strings and numbers", """{"spec":{"template":{"spec":{"containers":[{"name":"c","resources":{"limits":{"cpu":1,"memory":"1Gi"}}}]}}}}""")]
    [InlineData("nulls fit anything", """{"spec":{"replicas":null,"template":null}}""")]
    public void Values_that_fit_are_accepted(string name, string config)
    {
        var set = ObjectFields.Of(JsonNode.Parse(config), Deployment, rejectUnknown: true);
        Assert.False(set.IsEmpty, name);
    }
}
