using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.OpenApi;

namespace Dotkube.ApiServer.Tests.OpenApi;

public class OpenApiV3Tests
{
    private static readonly OpenApiDocuments Documents = new([.. TestResources.Core, TestResources.CronTabs]);

    private static JsonObject V3(string path) => JsonNode.Parse(Documents.V3(path)!.Content.Span)!.AsObject();

    [Fact]
    public void TheIndexListsEveryGroupVersionWithTheHashOfItsDocument()
    {
        var paths = JsonNode.Parse(Documents.V3Index.Content.Span)!["paths"]!.AsObject();
        Assert.Equal(
            ["api/v1", "apis/apps/v1", "apis/authentication.k8s.io/v1", "apis/autoscaling/v1", "apis/autoscaling/v2", "apis/stable.example.com/v1"],
            paths.Select(p => p.Key));
        foreach (var (key, entry) in paths)
        {
            var hash = Convert.ToHexString(SHA512.HashData(Documents.V3(key)!.Content.Span));
            Assert.Equal($"/openapi/v3/{key}?hash={hash}", (string?)entry!["serverRelativeURL"]);
        }
    }

    [Fact]
    public void AGroupVersionDocumentHoldsOnlyItsOwnPaths()
    {
        var apps = V3("apis/apps/v1");
        Assert.Equal("3.0.0", (string?)apps["openapi"]);
        Assert.All(apps["paths"]!.AsObject(), p => Assert.StartsWith("/apis/apps/v1/", p.Key));
        var schemas = apps["components"]!["schemas"]!.AsObject();
        Assert.True(schemas.ContainsKey("io.k8s.api.apps.v1.Deployment"));
        Assert.True(schemas.ContainsKey("io.k8s.api.core.v1.PodSpec"));
        Assert.False(schemas.ContainsKey("io.k8s.api.core.v1.Pod"));
    }

    [Fact]
    public void PatchOperationsDeclareFieldValidationAndEveryPatchContentType()
    {
        var patch = V3("apis/apps/v1")["paths"]!["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]!["patch"]!;
        Assert.Equal("Deployment", (string?)patch["x-kubernetes-group-version-kind"]!["kind"]);
        var fieldValidation = patch["parameters"]!.AsArray().Single(p => (string?)p!["name"] == "fieldValidation")!;
        Assert.Equal(("query", "string"), ((string?)fieldValidation["in"], (string?)fieldValidation["schema"]!["type"]));
        var body = patch["requestBody"]!;
        Assert.True((bool?)body["required"]);
        Assert.Equal(
            ["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"],
            body["content"]!.AsObject().Select(c => c.Key));
        Assert.Equal("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Patch",
            (string?)body["content"]!["application/apply-patch+yaml"]!["schema"]!["$ref"]);
        Assert.Equal("#/components/schemas/io.k8s.api.apps.v1.Deployment",
            (string?)patch["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]);
        var names = patch["parameters"]!.AsArray().Select(p => (string?)p!["name"]).ToList();
        Assert.Equal(["dryRun", "fieldManager", "fieldValidation", "force"], names);
    }

    [Fact]
    public void CreateOperationsTakeTheirKindAndWriteParameters()
    {
        var post = V3("api/v1")["paths"]!["/api/v1/namespaces/{namespace}/pods"]!["post"]!;
        Assert.Equal("#/components/schemas/io.k8s.api.core.v1.Pod", (string?)post["requestBody"]!["content"]!["*/*"]!["schema"]!["$ref"]);
        Assert.Equal(["dryRun", "fieldManager", "fieldValidation"], post["parameters"]!.AsArray().Select(p => (string?)p!["name"]));
    }

    [Fact]
    public void ReferencesWithDescriptionsAreWrappedInAllOf()
    {
        var spec = V3("api/v1")["components"]!["schemas"]!["io.k8s.api.core.v1.Pod"]!["properties"]!["spec"]!;
        Assert.Null(spec["$ref"]);
        Assert.Equal("#/components/schemas/io.k8s.api.core.v1.PodSpec", (string?)spec["allOf"]![0]!["$ref"]);
        Assert.StartsWith("Specification of the desired behavior of the pod.", (string?)spec["description"]);
    }

    [Fact]
    public void QuantityAndIntOrStringAreOneOfTheirAlternatives()
    {
        var schemas = V3("apis/apps/v1")["components"]!["schemas"]!;
        var intOrString = schemas["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]!;
        Assert.Equal("int-or-string", (string?)intOrString["format"]);
        Assert.Equal(["integer", "string"], intOrString["oneOf"]!.AsArray().Select(o => (string?)o!["type"]));
        var quantity = schemas["io.k8s.apimachinery.pkg.api.resource.Quantity"]!;
        Assert.Equal(["string", "number"], quantity["oneOf"]!.AsArray().Select(o => (string?)o!["type"]));
        Assert.Null(quantity["type"]);
    }

    [Fact]
    public void AGroupVersionThatIsNotServedHasNoDocument() => Assert.Null(Documents.V3("apis/batch/v1"));

    [Fact]
    public void ANewResourceSetChangesOnlyTheAffectedHashes()
    {
        var more = new OpenApiDocuments([.. TestResources.Core, TestResources.CronTabs, TestResources.Define<k8s.Models.V1Job>("jobs", "job", namespaced: true)]);
        Assert.Equal(Documents.V3("api/v1")!.Hash, more.V3("api/v1")!.Hash);
        Assert.NotNull(more.V3("apis/batch/v1"));
        Assert.NotEqual(Documents.V3Index.Hash, more.V3Index.Hash);
    }
}
