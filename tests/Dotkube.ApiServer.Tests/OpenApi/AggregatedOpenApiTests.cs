using System.Text.Json.Nodes;
using Dotkube.ApiServer.OpenApi;

namespace Dotkube.ApiServer.Tests.OpenApi;

/// <summary>Aggregated APIServices' OpenAPI merged into /openapi/v2 and listed in /openapi/v3.</summary>
public class AggregatedOpenApiTests
{
    private const string Flunder = "com.example.wardle.v1alpha1.Flunder";

    private static JsonObject BackendSwagger() => JsonNode.Parse("""
        {
          "swagger": "2.0",
          "paths": {
            "/apis/wardle.example.com/v1alpha1/namespaces/{namespace}/flunders/{name}": {
              "get": {
                "operationId": "readFlunder", "description": "read a Flunder", "tags": ["wardle"],
                "produces": ["application/json"],
                "responses": { "200": { "description": "OK", "schema": { "$ref": "#/definitions/com.example.wardle.v1alpha1.Flunder" } } },
                "x-kubernetes-action": "get",
                "x-kubernetes-group-version-kind": { "group": "wardle.example.com", "kind": "Flunder", "version": "v1alpha1" }
              },
              "parameters": [ { "name": "name", "in": "path", "type": "string", "required": true, "description": "name of the Flunder" } ]
            },
            "/api/v1/namespaces/{namespace}/pods": { "get": { "operationId": "shadowedPods", "responses": {} } },
            "/version/": { "get": { "operationId": "backendVersion", "responses": {} } },
            "/apis/wardle.example.com/v1alpha1/broken": {
              "get": { "operationId": "broken", "responses": { "200": { "description": "OK", "schema": { "$ref": "#/definitions/nowhere.Missing" } } } }
            }
          },
          "definitions": {
            "com.example.wardle.v1alpha1.Flunder": {
              "type": "object",
              "description": "A Flunder.",
              "properties": {
                "metadata": { "$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
                "size": { "type": "integer", "format": "int32", "description": "How big." }
              },
              "x-kubernetes-group-version-kind": [ { "group": "wardle.example.com", "kind": "Flunder", "version": "v1alpha1" } ]
            },
            "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta": { "type": "object", "description": "the backend's own copy" }
          }
        }
        """)!.AsObject();

    private static readonly AggregatedSpec Spec = new("v1alpha1.wardle.example.com", BackendSwagger(),
        new Dictionary<string, string> { ["apis/wardle.example.com/v1alpha1"] = "/openapi/v3/apis/wardle.example.com/v1alpha1?hash=ABC" });

    private static readonly OpenApiDocuments Documents = new(TestResources.Core, null, [Spec]);

    private static JsonObject Swagger => JsonNode.Parse(Documents.V2Json.Content.Span)!.AsObject();

    [Fact]
    public void The_backends_paths_under_apis_are_merged_with_their_operations_and_parameters()
    {
        var item = Swagger["paths"]!["/apis/wardle.example.com/v1alpha1/namespaces/{namespace}/flunders/{name}"]!;
        Assert.Equal("readFlunder", item["get"]!["operationId"]!.GetValue<string>());
        Assert.Equal("get", item["get"]!["x-kubernetes-action"]!.GetValue<string>());
        Assert.Equal("Flunder", item["get"]!["x-kubernetes-group-version-kind"]!["kind"]!.GetValue<string>());
        Assert.Equal($"#/definitions/{Flunder}", item["get"]!["responses"]!["200"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.Equal("name", item["parameters"]![0]!["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/version/", "a path outside /apis is left out, as kube-aggregator filters it")]
    [InlineData("/apis/wardle.example.com/v1alpha1/broken", "a path whose definition nobody defines is left out rather than breaking the document")]
    public void Some_backend_paths_are_not_merged(string path, string why)
    {
        Assert.True(Swagger["paths"]![path] is null, why);
    }

    [Fact]
    public void A_path_the_server_serves_itself_keeps_the_servers_operation()
    {
        Assert.NotEqual("shadowedPods", Swagger["paths"]!["/api/v1/namespaces/{namespace}/pods"]!["get"]!["operationId"]!.GetValue<string>());
    }

    [Fact]
    public void The_backends_definitions_are_merged_and_local_definitions_win_name_clashes()
    {
        var definitions = Swagger["definitions"]!;
        Assert.Equal("How big.", definitions[Flunder]!["properties"]!["size"]!["description"]!.GetValue<string>());
        Assert.Equal("Flunder", definitions[Flunder]!["x-kubernetes-group-version-kind"]![0]!["kind"]!.GetValue<string>());
        Assert.NotEqual("the backend's own copy", definitions["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"]!["description"]!.GetValue<string>());
    }

    [Fact]
    public void The_protobuf_form_carries_the_merged_paths_too()
    {
        var without = new OpenApiDocuments(TestResources.Core).V2Protobuf.Content.Length;
        var proto = Documents.V2Protobuf.Content.Span;
        Assert.True(proto.Length > without);
        Assert.True(proto.IndexOf("/apis/wardle.example.com/v1alpha1/namespaces/{namespace}/flunders/{name}"u8) >= 0);
        Assert.True(proto.IndexOf("How big."u8) >= 0);
    }

    [Fact]
    public void The_v3_index_lists_the_aggregated_group_version_with_the_backends_url()
    {
        var index = JsonNode.Parse(Documents.V3Index.Content.Span)!;
        Assert.Equal("/openapi/v3/apis/wardle.example.com/v1alpha1?hash=ABC", index["paths"]!["apis/wardle.example.com/v1alpha1"]!["serverRelativeURL"]!.GetValue<string>());
        Assert.NotNull(index["paths"]!["api/v1"]);
    }

    [Fact]
    public void Without_aggregated_specs_the_documents_are_unchanged()
    {
        var plain = new OpenApiDocuments(TestResources.Core);
        var empty = new OpenApiDocuments(TestResources.Core, null, [new AggregatedSpec("v1.x.example.com", null, new Dictionary<string, string>())]);
        Assert.Equal(plain.V2Json.Hash, empty.V2Json.Hash);
        Assert.Equal(plain.V3Index.Hash, empty.V3Index.Hash);
    }
}
