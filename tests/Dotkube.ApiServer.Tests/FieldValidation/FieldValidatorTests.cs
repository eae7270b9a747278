using System.Text;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.FieldValidation;
using Dotkube.ApiServer.Http;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources;
using Dotkube.Machinery.Errors;

namespace Dotkube.ApiServer.Tests.FieldValidation;

public class FieldValidatorTests
{
    internal static ResourceDefinition Builtin(string group, string plural) =>
        BuiltinResources.All.Single(d => d.Group == group && d.Plural == plural);

    private static (JsonObject Body, List<string> Warnings) Check(FieldValidationDirective directive, string json, ResourceDefinition def, string version = "v1")
    {
        var warnings = new List<string>();
        var body = RequestBody.DecodeObject(Encoding.UTF8.GetBytes(json), "application/json", out var duplicates);
        new FieldValidator(directive, warnings.Add).CheckObject(body, duplicates, def, version);
        return (body, warnings);
    }

    private const string TypoDeployment =
        """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":1,"foo":1,"template":{"spec":{"containers":[{"name":"c","image":"nginx","imagePolicy":"x"}]}}}}""";

    [Fact]
    public void StrictRefusesUnknownFieldsWithUpstreamsBadRequest()
    {
        var e = Assert.Throws<StatusException>(() => Check(FieldValidationDirective.Strict, TypoDeployment, Builtin("apps", "deployments")));
        Assert.Equal(400, e.Code);
        Assert.Equal("BadRequest", e.Reason);
        Assert.Equal("Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field \"spec.foo\", unknown field \"spec.template.spec.containers[0].imagePolicy\"", e.Message);
    }

    [Fact]
    public void WarnDropsUnknownFieldsAndWarnsOfEach()
    {
        var (body, warnings) = Check(FieldValidationDirective.Warn, TypoDeployment, Builtin("apps", "deployments"));
        Assert.Equal(["unknown field \"spec.foo\"", "unknown field \"spec.template.spec.containers[0].imagePolicy\""], warnings);
        Assert.Null(body["spec"]!["foo"]);
        Assert.Null(body["spec"]!["template"]!["spec"]!["containers"]![0]!["imagePolicy"]);
        Assert.Equal("nginx", (string?)body["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
    }

    [Fact]
    public void IgnoreDropsUnknownFieldsSilently()
    {
        var (body, warnings) = Check(FieldValidationDirective.Ignore, TypoDeployment, Builtin("apps", "deployments"));
        Assert.Empty(warnings);
        Assert.Null(body["spec"]!["foo"]);
    }

    [Theory]
    [InlineData(FieldValidationDirective.Strict, true, new string[0], "1")]
    [InlineData(FieldValidationDirective.Warn, false, new[] { "duplicate field \"data.k\"" }, "2")]
    [InlineData(FieldValidationDirective.Ignore, false, new string[0], "2")]
    public void DuplicateKeysFollowTheDirectiveAndTheLastOneWins(FieldValidationDirective directive, bool refused, string[] warnings, string kept)
    {
        const string json = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"k":"1","k":"2"}}""";
        var def = Builtin("", "configmaps");
        if (refused)
        {
            var e = Assert.Throws<StatusException>(() => Check(directive, json, def));
            Assert.Equal("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: duplicate field \"data.k\"", e.Message);
            return;
        }
        var (body, got) = Check(directive, json, def);
        Assert.Equal(warnings, got);
        Assert.Equal(kept, (string?)body["data"]!["k"]);
    }

    [Theory]
    [InlineData(FieldValidationDirective.Strict)]
    [InlineData(FieldValidationDirective.Warn)]
    [InlineData(FieldValidationDirective.Ignore)]
    public void AValueOfTheWrongTypeIsRefusedWhateverTheDirective(FieldValidationDirective directive)
    {
        var e = Assert.Throws<StatusException>(() => Check(directive, """{"spec":{"replicas":"3","foo":1}}""", Builtin("apps", "deployments")));
        Assert.Equal(400, e.Code);
        Assert.Equal("Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32", e.Message);
    }

    [Fact]
    public void TheServedVersionsModelIsTheSchema()
    {
        // autoscaling/v1 has targetCPUUtilizationPercentage; v2 has metrics instead.
        var hpa = Builtin("autoscaling", "horizontalpodautoscalers");
        const string v1 = """{"spec":{"maxReplicas":3,"targetCPUUtilizationPercentage":50,"scaleTargetRef":{"kind":"Deployment","name":"web"}}}""";
        Assert.Empty(Check(FieldValidationDirective.Warn, v1, hpa, "v1").Warnings);
        Assert.Equal(["unknown field \"spec.targetCPUUtilizationPercentage\""], Check(FieldValidationDirective.Warn, v1, hpa, "v2").Warnings);
    }

    [Fact]
    public void AResourceWithoutAModelTypeIsNotChecked()
    {
        var custom = new ResourceDefinition
        {
            Group = "example.com",
            Versions = ["v1"],
            Kind = "Widget",
            Plural = "widgets",
            Singular = "widget",
            Namespaced = true,
            StoragePrefix = "/registry/example.com/widgets",
            Strategy = Builtin("", "configmaps").Strategy,
        };
        var (body, warnings) = Check(FieldValidationDirective.Strict, """{"spec":{"anything":1,"anything":2}}""", custom);
        Assert.Empty(warnings);
        Assert.Equal(2, (int)body["spec"]!["anything"]!);
    }

    private const string Metadata = """
        "metadata":{"name":"x","namespace":"n","labels":{"a":"b"},"annotations":{"c":"d"},
        "ownerReferences":[{"apiVersion":"v1","kind":"Pod","name":"p","uid":"u","controller":true}],"finalizers":["f"],
        "creationTimestamp":"2024-01-01T00:00:00Z",
        "managedFields":[{"manager":"m","operation":"Update","fieldsType":"FieldsV1","fieldsV1":{"f:data":{}}}]}
        """;

    [Fact]
    public void EveryBuiltinKindAcceptsItsOwnFieldsAndMetadata()
    {
        foreach (var def in BuiltinResources.All)
        {
            foreach (var (version, _) in def.ModelTypes)
            {
                var json = "{\"apiVersion\":\"" + def.GroupVersion(version) + "\",\"kind\":\"" + def.Kind + "\"," + Metadata + "}";
                var (_, warnings) = Check(FieldValidationDirective.Strict, json, def, version);
                Assert.True(warnings.Count == 0, $"{def.Plural}/{version}: {string.Join(", ", warnings)}");
            }
        }
    }
}
