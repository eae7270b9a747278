using System.Text.Json.Nodes;
using Dotkube.ApiServer.OpenApi;

namespace Dotkube.ApiServer.Tests.OpenApi;

/// <summary>Decodes /openapi/v2's protobuf by the field numbers of gnostic's OpenAPIv2.proto.</summary>
public class GnosticProtobufTests
{
    private static readonly OpenApiDocuments Documents = new(TestResources.Core);
    private static readonly ProtoMessage Document = new(Documents.V2Protobuf.Content.Span);
    private static readonly JsonObject Json = JsonNode.Parse(Documents.V2Json.Content.Span)!.AsObject();

    // Document: swagger = 1, info = 2, paths = 8, definitions = 9.
    private static Dictionary<string, ProtoMessage> Definitions =>
        Document.Message(9)!.Named(1).ToDictionary(d => d.Name, d => d.Value);

    private static Dictionary<string, ProtoMessage> Paths =>
        Document.Message(8)!.Named(2).ToDictionary(p => p.Name, p => p.Value);

    // Schema: vendor_extension = 31 (NamedAny; Any.yaml = 2); properties = 25 (NamedSchema list in field 1).
    private static Dictionary<string, string> Extensions(ProtoMessage message, int field) =>
        message.Named(field).ToDictionary(e => e.Name, e => e.Value.String(2)!);

    private static ProtoMessage Property(ProtoMessage schema, string name) =>
        schema.Message(25)!.Named(1).Single(p => p.Name == name).Value;

    [Fact]
    public void TheDocumentIsSwagger20WithInfo()
    {
        Assert.Equal("2.0", Document.String(1));
        Assert.Equal("Kubernetes", Document.Message(2)!.String(1));
    }

    [Fact]
    public void ItHasTheSameDefinitionsAndPathsAsTheJson()
    {
        Assert.Equal(Json["definitions"]!.AsObject().Select(d => d.Key), Definitions.Keys);
        Assert.Equal(Json["paths"]!.AsObject().Select(p => p.Key), Paths.Keys);
    }

    [Fact]
    public void KindsCarryTheirGroupVersionKindAsAYamlList()
    {
        var extensions = Extensions(Definitions["io.k8s.api.apps.v1.Deployment"], 31);
        Assert.Equal("- group: apps\n  kind: Deployment\n  version: v1\n", extensions["x-kubernetes-group-version-kind"]);
        var core = Extensions(Definitions["io.k8s.api.core.v1.Pod"], 31);
        Assert.Equal("- group: \"\"\n  kind: Pod\n  version: v1\n", core["x-kubernetes-group-version-kind"]);
    }

    [Fact]
    public void PodContainersCarryTheirPatchExtensions()
    {
        var containers = Property(Definitions["io.k8s.api.core.v1.PodSpec"], "containers");
        var extensions = Extensions(containers, 31);
        Assert.Equal("name\n", extensions["x-kubernetes-patch-merge-key"]);
        Assert.Equal("merge\n", extensions["x-kubernetes-patch-strategy"]);
        Assert.Equal("- name\n", extensions["x-kubernetes-list-map-keys"]);
        // type = 22 (TypeItem.value = 1), items = 23 (ItemsItem.schema = 1), _ref = 1, description = 4.
        Assert.Equal("array", containers.Message(22)!.String(1));
        Assert.Equal("#/definitions/io.k8s.api.core.v1.Container", containers.Message(23)!.Message(1)!.String(1));
        Assert.StartsWith("List of containers belonging to the pod.", containers.String(4));
    }

    [Fact]
    public void PatchOperationsCarryTheirKindAndFieldValidation()
    {
        // PathItem.patch = 8; Operation: operation_id = 5, parameters = 8, vendor_extension = 13, consumes = 7.
        var patch = Paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"].Message(8)!;
        Assert.Equal("patchAppsV1NamespacedDeployment", patch.String(5));
        var extensions = Extensions(patch, 13);
        Assert.Equal("group: apps\nkind: Deployment\nversion: v1\n", extensions["x-kubernetes-group-version-kind"]);
        Assert.Equal("patch\n", extensions["x-kubernetes-action"]);
        Assert.Contains("application/strategic-merge-patch+json", patch.Strings(7));
        // ParametersItem.parameter = 1 → Parameter.non_body_parameter = 2 → query_parameter_sub_schema = 3 (name = 4).
        var queryNames = patch.Messages(8).Select(p => p.Message(1)!.Message(2)?.Message(3)?.String(4)).ToList();
        Assert.Contains("fieldValidation", queryNames);
        // Parameter.body_parameter = 1: name = 2, in = 3, required = 4, schema = 5.
        var body = patch.Messages(8).Select(p => p.Message(1)!.Message(1)).Single(b => b is not null)!;
        Assert.Equal(("body", "body", true), (body.String(2), body.String(3), body.Bool(4)));
        Assert.Equal("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch", body.Message(5)!.String(1));
    }

    [Fact]
    public void PathParametersAreRequiredPathSubSchemas()
    {
        // PathItem.parameters = 9 → … → path_parameter_sub_schema = 4: required = 1, in = 2, name = 4, type = 5.
        var item = Paths["/api/v1/namespaces/{namespace}/pods/{name}"];
        var pathParameters = item.Messages(9).Select(p => p.Message(1)!.Message(2)!.Message(4)).Where(p => p is not null).ToList();
        Assert.Equal(["name", "namespace"], pathParameters.Select(p => p!.String(4)));
        Assert.All(pathParameters, p => Assert.Equal((true, "path", "string"), (p!.Bool(1), p.String(2), p.String(5))));
    }

    [Fact]
    public void ResponsesReferToTheirKind()
    {
        // Operation.responses = 9 → NamedResponseValue (1) → ResponseValue.response = 1 → Response.schema = 2 → SchemaItem.schema = 1.
        var get = Paths["/api/v1/namespaces/{namespace}/pods/{name}"].Message(2)!;
        var ok = get.Message(9)!.Named(1).Single(r => r.Name == "200").Value.Message(1)!;
        Assert.Equal("OK", ok.String(1));
        Assert.Equal("#/definitions/io.k8s.api.core.v1.Pod", ok.Message(2)!.Message(1)!.String(1));
    }

    [Fact]
    public void MapsAreObjectsWithAdditionalProperties()
    {
        // additional_properties = 21 → AdditionalPropertiesItem.schema = 1.
        var limits = Property(Definitions["io.k8s.api.core.v1.ResourceRequirements"], "limits");
        Assert.Equal("object", limits.Message(22)!.String(1));
        Assert.Equal("#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity", limits.Message(21)!.Message(1)!.String(1));
    }
}
