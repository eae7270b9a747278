using System.Text;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.FieldValidation;
using Dotkube.ApiServer.Http;
using Dotkube.Machinery.Errors;

namespace Dotkube.ApiServer.Tests.FieldValidation;

public class PatchValidationTests
{
    private static readonly Dotkube.ApiServer.Registry.ResourceDefinition Deployments = FieldValidatorTests.Builtin("apps", "deployments");

    private static (JsonObject Result, List<string> Warnings) Check(FieldValidationDirective directive, string contentType, string patch, string patched)
    {
        var warnings = new List<string>();
        var validation = new FieldValidator(directive, warnings.Add).ForPatch(contentType, Encoding.UTF8.GetBytes(patch));
        var result = (JsonObject)JsonNode.Parse(patched)!;
        validation.CheckResult(result, Deployments, "v1");
        return (result, warnings);
    }

    private const string Patched = """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":2,"foo":"bar"}}""";

    [Fact]
    public void StrictRefusesAMergePatchResultWithAnUnknownField()
    {
        var e = Assert.Throws<StatusException>(() => Check(FieldValidationDirective.Strict, MediaTypes.MergePatch, """{"spec":{"foo":"bar"}}""", Patched));
        Assert.Equal(422, e.Code);
        Assert.Equal("Invalid", e.Reason);
        const string patchedValue = """"{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\"},\"spec\":{\"replicas\":2,\"foo\":\"bar\"}}"""";
        Assert.Equal(" \"\" is invalid: patch: Invalid value: \"" + patchedValue + "\": strict decoding error: unknown field \"spec.foo\"", e.Message);
        var cause = Assert.Single(e.Causes);
        Assert.Equal(("FieldValueInvalid", "patch"), (cause.Reason, cause.Field));
    }

    [Fact]
    public void StrictRefusesAStrategicPatchResultShowingThePatchAsAGoMap()
    {
        var e = Assert.Throws<StatusException>(() =>
            Check(FieldValidationDirective.Strict, MediaTypes.StrategicMergePatch, """{"spec":{"foo":"bar","replicas":2}}""", Patched));
        Assert.Equal(" \"\" is invalid: patch: Invalid value: \"map[spec:map[foo:bar replicas:2]]\": strict decoding error: unknown field \"spec.foo\"", e.Message);
    }

    [Fact]
    public void DuplicateKeysInThePatchComeFirst()
    {
        var e = Assert.Throws<StatusException>(() =>
            Check(FieldValidationDirective.Strict, MediaTypes.StrategicMergePatch, """{"spec":{"replicas":1,"replicas":2}}""", Patched));
        Assert.EndsWith("strict decoding error: duplicate field \"spec.replicas\", unknown field \"spec.foo\"", e.Message);
    }

    [Fact]
    public void JsonPatchOperationsWithUnknownKeysAreReportedAsJsonPatchErrors()
    {
        var (_, warnings) = Check(FieldValidationDirective.Warn, MediaTypes.JsonPatch,
            """[{"op":"replace","path":"/spec/replicas","value":2,"valeu":3}]""", """{"spec":{"replicas":2}}""");
        Assert.Equal(["json patch unknown field \"[0].valeu\""], warnings);
    }

    [Fact]
    public void AJsonPatchOperationOfTheWrongTypeIsABadRequest()
    {
        var e = Assert.Throws<StatusException>(() =>
            Check(FieldValidationDirective.Strict, MediaTypes.JsonPatch, """[{"op":"replace","path":5}]""", """{"spec":{}}"""));
        Assert.Equal(400, e.Code);
        Assert.Equal("error decoding patch: json: cannot unmarshal number into Go struct field jsonPatchOp.path of type string", e.Message);
    }

    [Theory]
    [InlineData(FieldValidationDirective.Warn, new[] { "unknown field \"spec.foo\"" })]
    [InlineData(FieldValidationDirective.Ignore, new string[0])]
    public void WarnAndIgnoreDropTheUnknownFieldsFromTheResult(FieldValidationDirective directive, string[] expected)
    {
        var (result, warnings) = Check(directive, MediaTypes.MergePatch, """{"spec":{"foo":"bar"}}""", Patched);
        Assert.Equal(expected, warnings);
        Assert.Equal("""{"replicas":2}""", result["spec"]!.ToJsonString());
    }

    [Theory]
    [InlineData(MediaTypes.MergePatch, "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32")]
    [InlineData(MediaTypes.JsonPatch, "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32")]
    [InlineData(MediaTypes.StrategicMergePatch, "unrecognized type: int32")]
    public void AResultOfTheWrongTypeIsInvalidEvenUnderIgnore(string contentType, string detail)
    {
        var patch = contentType == MediaTypes.JsonPatch ? """[{"op":"replace","path":"/spec/replicas","value":"3"}]""" : """{"spec":{"replicas":"3"}}""";
        var e = Assert.Throws<StatusException>(() => Check(FieldValidationDirective.Ignore, contentType, patch, """{"spec":{"replicas":"3"}}"""));
        Assert.Equal(422, e.Code);
        Assert.EndsWith(": " + detail, e.Message);
    }

    [Fact]
    public void RetriesOfTheSamePatchWarnAgainAndTheRecorderDedupes()
    {
        var warnings = new List<string>();
        var validation = new FieldValidator(FieldValidationDirective.Warn, warnings.Add).ForPatch(MediaTypes.MergePatch, """{"x":1,"x":2}"""u8.ToArray());
        validation.CheckResult((JsonObject)JsonNode.Parse("""{"spec":{}}""")!, Deployments, "v1");
        validation.CheckResult((JsonObject)JsonNode.Parse("""{"spec":{}}""")!, Deployments, "v1");
        Assert.Equal(["duplicate field \"x\"", "duplicate field \"x\""], warnings);
    }
}
