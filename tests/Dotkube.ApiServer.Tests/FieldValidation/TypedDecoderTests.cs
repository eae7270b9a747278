using System.Text;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.FieldValidation;
using k8s.Models;

namespace Dotkube.ApiServer.Tests.FieldValidation;

public class TypedDecoderTests
{
    private static DecodeResult Decode(Type model, string json, DecodeStyle style = DecodeStyle.GoJson, bool strict = true)
    {
        var node = StrictJson.Parse(Encoding.UTF8.GetBytes(json), out var duplicates);
        return TypedDecoder.Decode(node, ModelSchemas.For(model), style, strict, duplicates);
    }

    public static TheoryData<string, Type, string, string[]> StrictCases => new()
    {
        { "a known manifest has nothing to report", typeof(V1Deployment),
            """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web"}},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx","ports":[{"containerPort":80}]}]}}}}""",
            [] },
        { "an unknown top-level field is named by itself", typeof(V1ConfigMap), """{"metadata":{"name":"x"},"dta":{}}""", ["unknown field \"dta\""] },
        { "an unknown nested field is named by its dotted path", typeof(V1Deployment), """{"spec":{"foo":1}}""", ["unknown field \"spec.foo\""] },
        { "list items are named by index", typeof(V1Deployment),
            """{"spec":{"template":{"spec":{"containers":[{"name":"a"},{"name":"b","imagePolicy":"x"}]}}}}""",
            ["unknown field \"spec.template.spec.containers[1].imagePolicy\""] },
        { "unknown fields are reported in document order", typeof(V1Pod), """{"zeta":1,"spec":{"alpha":1},"beta":2}""",
            ["unknown field \"zeta\"", "unknown field \"spec.alpha\"", "unknown field \"beta\""] },
        { "nothing is looked at beneath an unknown field", typeof(V1Pod), """{"spec":{"extra":{"a":1,"a":2,"b":{"c":1}}}}""", ["unknown field \"spec.extra\""] },
        { "field names match case-sensitively", typeof(V1Deployment), """{"spec":{"Replicas":1}}""", ["unknown field \"spec.Replicas\""] },
        { "metadata is checked too", typeof(V1ConfigMap), """{"metadata":{"name":"x","lables":{"a":"b"}}}""", ["unknown field \"metadata.lables\""] },
        { "map keys are free but their values are typed", typeof(V1Pod),
            """{"spec":{"containers":[{"name":"c","resources":{"limits":{"anything":"1"}}}],"nodeSelector":{"any.key/x":"v"}}}""", [] },
        { "raw extensions allow anything beneath them", typeof(V1ControllerRevision), """{"data":{"whatever":{"x":1}},"revision":1}""", [] },
        { "CRD schemas allow anything in free-form JSON", typeof(V1CustomResourceDefinition),
            """{"spec":{"versions":[{"name":"v1","schema":{"openAPIV3Schema":{"type":"object","default":{"any":1},"x-kubernetes-preserve-unknown-fields":true}}}]}}""", [] },
        { "CRD schemas are typed where upstream types them", typeof(V1CustomResourceDefinition),
            """{"spec":{"versions":[{"name":"v1","schema":{"openAPIV3Schema":{"properties":{"spec":{"typo":1}}}}}]}}""",
            ["unknown field \"spec.versions[0].schema.openAPIV3Schema.properties.spec.typo\""] },
        { "a repeated field is a duplicate", typeof(V1ConfigMap), """{"metadata":{"name":"a","name":"b"}}""", ["duplicate field \"metadata.name\""] },
        { "a repeated map key is a duplicate", typeof(V1ConfigMap), """{"data":{"k":"1","k":"2"}}""", ["duplicate field \"data.k\""] },
        { "a repeated unknown field is reported once, as unknown", typeof(V1ConfigMap), """{"x":1,"x":2}""", ["unknown field \"x\""] },
        { "a field repeated three times is reported once", typeof(V1ConfigMap), """{"kind":"ConfigMap","kind":"ConfigMap","kind":"ConfigMap"}""", ["duplicate field \"kind\""] },
        { "paths are quoted as Go quotes strings", typeof(V1ConfigMap), "{\"a\\\"b\\\\c\\n\":1}", ["unknown field \"a\\\"b\\\\c\\n\""] },
    };

    [Theory]
    [MemberData(nameof(StrictCases))]
    public void ReportsUnknownAndDuplicateFieldsLikeUpstream(string because, Type model, string json, string[] expected)
    {
        var result = Decode(model, json);
        Assert.True(result.Error is null, because + ": " + result.Error);
        Assert.Equal(expected, result.StrictErrors);
    }

    public static TheoryData<string, Type, string, string> TypeErrorCases => new()
    {
        { "a string for an int32", typeof(V1Deployment), """{"spec":{"replicas":"3"}}""",
            "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32" },
        { "a fraction for an int32", typeof(V1Deployment), """{"spec":{"replicas":1.5}}""",
            "json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32" },
        { "an int32 out of range", typeof(V1Deployment), """{"spec":{"replicas":3000000000}}""",
            "json: cannot unmarshal number 3000000000 into Go struct field DeploymentSpec.spec.replicas of type int32" },
        { "a number for a string, in a list item", typeof(V1Pod), """{"spec":{"containers":[{"name":"c","image":7}]}}""",
            "json: cannot unmarshal number into Go struct field Container.spec.containers.image of type string" },
        { "a string for a bool", typeof(V1Deployment), """{"spec":{"paused":"yes"}}""",
            "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.paused of type bool" },
        { "a string for a struct", typeof(V1Deployment), """{"spec":"x"}""",
            "json: cannot unmarshal string into Go struct field Deployment.spec of type v1.DeploymentSpec" },
        { "an object for a list", typeof(V1Pod), """{"spec":{"containers":{"name":"c"}}}""",
            "json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container" },
        { "a number in a map of strings", typeof(V1ConfigMap), """{"metadata":{"labels":{"a":1}}}""",
            "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string" },
        { "an array for a map", typeof(V1ConfigMap), """{"data":["a"]}""",
            "json: cannot unmarshal array into Go struct field ConfigMap.data of type map[string]string" },
        { "a quantity with an unknown suffix", typeof(V1Pod), """{"spec":{"containers":[{"name":"c","resources":{"limits":{"cpu":"1iM"}}}]}}""",
            "unable to parse quantity's suffix" },
        { "a bool for a quantity", typeof(V1Pod), """{"spec":{"containers":[{"name":"c","resources":{"limits":{"cpu":true}}}]}}""",
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'" },
        { "a malformed quantity", typeof(V1Pod), """{"spec":{"containers":[{"name":"c","resources":{"limits":{"cpu":"lots"}}}]}}""",
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'" },
        { "a fractional int-or-string", typeof(V1Service), """{"spec":{"ports":[{"port":80,"targetPort":8.5}]}}""",
            "json: cannot unmarshal number 8.5 into Go value of type int32" },
        { "a bool for an int-or-string", typeof(V1Service), """{"spec":{"ports":[{"port":80,"targetPort":true}]}}""",
            "json: cannot unmarshal bool into Go value of type int32" },
        { "a number for a time", typeof(V1ConfigMap), """{"metadata":{"creationTimestamp":5}}""",
            "json: cannot unmarshal number into Go value of type string" },
        { "malformed base64", typeof(V1Secret), """{"data":{"k":"no!"}}""", "illegal base64 data at input byte 2" },
        { "a decoder's own error wins over an earlier type error", typeof(V1Pod),
            """{"spec":{"hostname":1,"containers":[{"name":"c","resources":{"limits":{"cpu":"x"}}}]}}""",
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'" },
        { "the first type error wins over later ones", typeof(V1Pod), """{"spec":{"hostname":1,"subdomain":2}}""",
            "json: cannot unmarshal number into Go struct field PodSpec.spec.hostname of type string" },
    };

    [Theory]
    [MemberData(nameof(TypeErrorCases))]
    public void RefusesValuesOfTheWrongTypeWithTheDecodersWording(string because, Type model, string json, string expected)
    {
        Assert.True(Decode(model, json).Error == expected, because + ": " + Decode(model, json).Error);
        // Type errors do not depend on the directive.
        Assert.Equal(expected, Decode(model, json, strict: false).Error);
    }

    [Theory]
    [InlineData("quantities may be numbers", """{"spec":{"containers":[{"name":"c","resources":{"limits":{"cpu":0.5,"memory":"1Gi"}}}]}}""")]
    [InlineData("unusual quantity shapes parse too", """{"spec":{"containers":[{"name":"c","resources":{"limits":{"cpu":"1e3","memory":"+1.5Gi","x":" 2 "}}}]}}""")]
    [InlineData("int-or-string takes either", """{"spec":{"containers":[{"name":"c","ports":[{"containerPort":80}],"livenessProbe":{"httpGet":{"port":"http"}},"readinessProbe":{"httpGet":{"port":8080}}}]}}""")]
    [InlineData("null decodes to anything", """{"spec":{"containers":null,"hostname":null,"priority":null,"overhead":null},"metadata":{"labels":null}}""")]
    [InlineData("an integral number fits an int64", """{"spec":{"activeDeadlineSeconds":9223372036854775807}}""")]
    public void AcceptsWhatTheGoTypesAccept(string because, string json)
    {
        var result = Decode(typeof(V1Pod), json);
        Assert.True(result.Error is null && result.StrictErrors.Count == 0, because + ": " + result.Error + string.Join(",", result.StrictErrors));
    }

    [Fact]
    public void DroppingRemovesEveryUnknownFieldAndKeepsTheRest()
    {
        var node = (JsonObject)JsonNode.Parse("""{"spec":{"replicas":1,"foo":1,"template":{"spec":{"containers":[{"name":"c","bar":2}]}}},"baz":3}""")!;
        var result = TypedDecoder.Decode(node, ModelSchemas.For(typeof(V1Deployment)), DecodeStyle.GoJson, strict: false);
        Assert.Empty(result.StrictErrors);
        Assert.Equal(3, result.UnknownFieldCount);
        result.DropUnknownFields();
        Assert.Equal("""{"spec":{"replicas":1,"template":{"spec":{"containers":[{"name":"c"}]}}}}""", node.ToJsonString());
    }

    [Fact]
    public void DecodingDoesNotChangeTheJsonUntilAskedTo()
    {
        var node = JsonNode.Parse("""{"spec":{"foo":1}}""")!;
        TypedDecoder.Decode(node, ModelSchemas.For(typeof(V1Deployment)), DecodeStyle.GoJson, strict: true);
        Assert.Equal("""{"spec":{"foo":1}}""", node.ToJsonString());
    }

    [Fact]
    public void StopsCollectingStrictErrorsAtOneHundred()
    {
        var json = "{" + string.Join(",", Enumerable.Range(0, 150).Select(i => $"\"f{i}\":1")) + "}";
        Assert.Equal(100, Decode(typeof(V1ConfigMap), json).StrictErrors.Count);
    }

    public static TheoryData<string, string, string[], string?> UnstructuredCases => new()
    {
        { "unknown fields are sorted and their paths not quoted", """{"spec":{"zz":1,"template":{"spec":{"containers":[{"name":"c","b\"x":1}]}},"aa":2}}""",
            ["unknown field \"spec.aa\"", "unknown field \"spec.template.spec.containers[0].b\"x\"", "unknown field \"spec.zz\""], null },
        { "a string for an int32 is an unrecognized type", """{"spec":{"replicas":"3"}}""", [], "unrecognized type: int32" },
        { "an integer for a string cannot be converted", """{"metadata":{"name":5}}""", [], "cannot convert int64 to string" },
        { "a fraction for an int32 cannot be converted", """{"spec":{"replicas":1.5}}""", [], "cannot convert float64 to int32" },
        { "an integral float fits an int32", """{"spec":{"replicas":2.0}}""", [], null },
        { "a string for a struct cannot be restored", """{"spec":"x"}""", [], "cannot restore struct from: string" },
        { "an object for a list cannot be restored", """{"spec":{"template":{"spec":{"containers":{}}}}}""", [], "cannot restore slice from map" },
        { "a list for a map cannot be restored", """{"metadata":{"labels":[]}}""", [], "cannot restore map from slice" },
    };

    [Theory]
    [MemberData(nameof(UnstructuredCases))]
    public void StrategicMergeResultsUseTheConvertersWording(string because, string json, string[] strictErrors, string? error)
    {
        var result = Decode(typeof(V1Deployment), json, DecodeStyle.Unstructured);
        Assert.True(error == result.Error, because + ": " + result.Error);
        Assert.Equal(strictErrors, result.StrictErrors);
    }

    [Fact]
    public void JsonPatchOperationsAreCheckedForUnknownAndDuplicateKeys()
    {
        var node = StrictJson.Parse("""[{"op":"add","path":"/a","value":{"x":1,"x":2}},{"op":"remove","path":"/b","paht":"/c","op":"remove"}]"""u8.ToArray(), out var dups);
        var result = TypedDecoder.Decode(node, ModelSchemas.JsonPatchOperations, DecodeStyle.GoJson, strict: true, dups);
        Assert.Equal(["duplicate field \"[0].value.x\"", "unknown field \"[1].paht\"", "duplicate field \"[1].op\""], result.StrictErrors);
    }

    [Fact]
    public void JsonPatchOperationsOfTheWrongTypeAreAnError()
    {
        var node = JsonNode.Parse("""[{"op":1,"path":"/a"}]""");
        var result = TypedDecoder.Decode(node, ModelSchemas.JsonPatchOperations, DecodeStyle.GoJson, strict: true);
        Assert.Equal("json: cannot unmarshal number into Go struct field jsonPatchOp.op of type string", result.Error);
    }
}
