using System.Text.Json.Nodes;
using Dotkube.ApiServer.OpenApi;
using Dotkube.ApiServer.Registry;

namespace Dotkube.ApiServer.Tests.OpenApi;

public class SwaggerDocumentTests
{
    private static readonly OpenApiDocuments Documents = new([.. TestResources.Core, TestResources.CronTabs],
        new OpenApiOptions { CustomResourceSchema = (_, _) => TestResources.CronTabSchema });

    private static readonly JsonObject Swagger = JsonNode.Parse(Documents.V2Json.Content.Span)!.AsObject();

    private static JsonObject Paths => Swagger["paths"]!.AsObject();

    private static JsonObject Definitions => Swagger["definitions"]!.AsObject();

    /// <summary>The (path, method) pairs a resource's verbs imply, written out independently of the generator.</summary>
    private static IEnumerable<(string Path, string Method)> Expected(ResourceDefinition r)
    {
        foreach (var version in r.Versions)
        {
            var prefix = r.Group == "" ? "/api/" + version : $"/apis/{r.Group}/{version}";
            var scoped = r.Namespaced ? prefix + "/namespaces/{namespace}" : prefix;
            var watch = r.Namespaced ? prefix + "/watch/namespaces/{namespace}" : prefix + "/watch";
            var collection = $"{scoped}/{r.Plural}";
            var item = collection + "/{name}";
            foreach (var verb in r.Verbs)
            {
                switch (verb)
                {
                    case "list":
                        yield return (collection, "get");
                        if (r.Namespaced)
                        {
                            yield return ($"{prefix}/{r.Plural}", "get");
                        }
                        break;
                    case "watch":
                        yield return ($"{watch}/{r.Plural}", "get");
                        yield return ($"{watch}/{r.Plural}/{{name}}", "get");
                        if (r.Namespaced)
                        {
                            yield return ($"{prefix}/watch/{r.Plural}", "get");
                        }
                        break;
                    case "create": yield return (collection, "post"); break;
                    case "deletecollection": yield return (collection, "delete"); break;
                    case "get": yield return (item, "get"); break;
                    case "update": yield return (item, "put"); break;
                    case "patch": yield return (item, "patch"); break;
                    case "delete": yield return (item, "delete"); break;
                }
            }
        }
    }

    public static TheoryData<string> ResourceNames => [.. TestResources.Core.Select(r => r.Plural), TestResources.CronTabs.Plural];

    [Theory]
    [MemberData(nameof(ResourceNames))]
    public void EveryVerbOfEveryResourceHasItsOperation(string plural)
    {
        var resource = TestResources.Core.Append(TestResources.CronTabs).Single(r => r.Plural == plural);
        foreach (var (path, method) in Expected(resource))
        {
            Assert.True(Paths[path]?[method] is JsonObject, $"{method} {path} is missing");
        }
    }

    [Fact]
    public void CreateOnlyResourcesHaveOnlyTheirCollectionPost()
    {
        var paths = Paths.Where(p => p.Key.Contains("/tokenreviews", StringComparison.Ordinal)).ToList();
        var only = Assert.Single(paths);
        Assert.Equal("/apis/authentication.k8s.io/v1/tokenreviews", only.Key);
        Assert.Equal(["post", "parameters"], only.Value!.AsObject().Select(p => p.Key));
    }

    [Theory]
    [InlineData("/api/v1/namespaces/{namespace}/pods", "get", "listCoreV1NamespacedPod", "list")]
    [InlineData("/api/v1/pods", "get", "listCoreV1PodForAllNamespaces", "list")]
    [InlineData("/api/v1/namespaces/{namespace}/pods", "post", "createCoreV1NamespacedPod", "post")]
    [InlineData("/api/v1/namespaces/{namespace}/pods", "delete", "deleteCoreV1CollectionNamespacedPod", "deletecollection")]
    [InlineData("/api/v1/namespaces/{namespace}/pods/{name}", "get", "readCoreV1NamespacedPod", "get")]
    [InlineData("/api/v1/namespaces/{namespace}/pods/{name}", "put", "replaceCoreV1NamespacedPod", "put")]
    [InlineData("/api/v1/namespaces/{namespace}/pods/{name}", "patch", "patchCoreV1NamespacedPod", "patch")]
    [InlineData("/api/v1/namespaces/{namespace}/pods/{name}", "delete", "deleteCoreV1NamespacedPod", "delete")]
    [InlineData("/api/v1/watch/namespaces/{namespace}/pods", "get", "watchCoreV1NamespacedPodList", "watchlist")]
    [InlineData("/api/v1/watch/namespaces/{namespace}/pods/{name}", "get", "watchCoreV1NamespacedPod", "watch")]
    [InlineData("/api/v1/watch/pods", "get", "watchCoreV1PodListForAllNamespaces", "watchlist")]
    [InlineData("/api/v1/namespaces/{namespace}/pods/{name}/status", "patch", "patchCoreV1NamespacedPodStatus", "patch")]
    [InlineData("/api/v1/namespaces/{namespace}/pods/{name}/binding", "post", "createCoreV1NamespacedPodBinding", "post")]
    [InlineData("/api/v1/namespaces/{namespace}/pods/{name}/eviction", "post", "createCoreV1NamespacedPodEviction", "post")]
    [InlineData("/api/v1/namespaces/{namespace}/pods/{name}/log", "get", "readCoreV1NamespacedPodLog", "get")]
    [InlineData("/api/v1/namespaces/{namespace}/pods/{name}/exec", "post", "connectCoreV1PostNamespacedPodExec", "connect")]
    [InlineData("/api/v1/namespaces/{namespace}/pods/{name}/proxy/{path}", "get", "connectCoreV1GetNamespacedPodProxyWithPath", "connect")]
    [InlineData("/api/v1/namespaces/{namespace}/pods/{name}/ephemeralcontainers", "patch", "patchCoreV1NamespacedPodEphemeralcontainers", "patch")]
    [InlineData("/api/v1/namespaces/{name}/finalize", "put", "replaceCoreV1NamespaceFinalize", "put")]
    [InlineData("/api/v1/namespaces/{namespace}/serviceaccounts/{name}/token", "post", "createCoreV1NamespacedServiceAccountToken", "post")]
    [InlineData("/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale", "put", "replaceAppsV1NamespacedDeploymentScale", "put")]
    [InlineData("/apis/autoscaling/v2/namespaces/{namespace}/horizontalpodautoscalers", "get", "listAutoscalingV2NamespacedHorizontalPodAutoscaler", "list")]
    [InlineData("/apis/autoscaling/v1/horizontalpodautoscalers", "get", "listAutoscalingV1HorizontalPodAutoscalerForAllNamespaces", "list")]
    [InlineData("/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}", "patch", "patchStableExampleComV1NamespacedCronTab", "patch")]
    public void OperationsAreNamedAsUpstreamNamesThem(string path, string method, string operationId, string action)
    {
        var operation = Paths[path]![method]!;
        Assert.Equal(operationId, (string?)operation["operationId"]);
        Assert.Equal(action, (string?)operation["x-kubernetes-action"]);
    }

    [Theory]
    [InlineData("/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale", "autoscaling", "v1", "Scale", "io.k8s.api.autoscaling.v1.Scale")]
    [InlineData("/api/v1/namespaces/{namespace}/pods/{name}/eviction", "policy", "v1", "Eviction", "io.k8s.api.policy.v1.Eviction")]
    [InlineData("/api/v1/namespaces/{namespace}/serviceaccounts/{name}/token", "authentication.k8s.io", "v1", "TokenRequest", "io.k8s.api.authentication.v1.TokenRequest")]
    [InlineData("/api/v1/namespaces/{namespace}/pods/{name}/status", "", "v1", "Pod", "io.k8s.api.core.v1.Pod")]
    public void SubresourcesCarryTheirOwnKind(string path, string group, string version, string kind, string definition)
    {
        var operation = Paths[path]!.AsObject().First(p => p.Key != "parameters").Value!;
        Assert.Equal(group, (string?)operation["x-kubernetes-group-version-kind"]!["group"]);
        Assert.Equal(version, (string?)operation["x-kubernetes-group-version-kind"]!["version"]);
        Assert.Equal(kind, (string?)operation["x-kubernetes-group-version-kind"]!["kind"]);
        Assert.Equal("#/definitions/" + definition, (string?)operation["responses"]!["200"]!["schema"]!["$ref"]);
    }

    [Fact]
    public void EveryPatchOperationOffersFieldValidationAndThePatchTypes()
    {
        var patches = Paths.SelectMany(p => p.Value!.AsObject()).Where(o => o.Key == "patch" && (string?)o.Value!["x-kubernetes-action"] == "patch").Select(o => o.Value!).ToList();
        Assert.NotEmpty(patches);
        foreach (var patch in patches)
        {
            var names = patch["parameters"]!.AsArray().Select(p => (string?)p!["name"]).ToList();
            Assert.Contains("fieldValidation", names);
            Assert.Contains("application/apply-patch+yaml", patch["consumes"]!.AsArray().Select(c => (string?)c));
        }
        var podPatch = Paths["/api/v1/namespaces/{namespace}/pods/{name}"]!["patch"]!["consumes"]!.AsArray().Select(c => (string?)c);
        Assert.Equal(["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"], podPatch);
        var customPatch = Paths["/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}"]!["patch"]!["consumes"]!.AsArray().Select(c => (string?)c);
        Assert.DoesNotContain("application/strategic-merge-patch+json", customPatch);
    }

    [Fact]
    public void ParametersEveryOperationOfAPathTakesAreDeclaredOnThePath()
    {
        var allNamespaces = Paths["/api/v1/pods"]!.AsObject();
        var names = allNamespaces["parameters"]!.AsArray().Select(p => (string?)p!["name"]).ToList();
        Assert.Contains("labelSelector", names);
        Assert.Contains("watch", names);
        Assert.Null(allNamespaces["get"]!["parameters"]);

        var eviction = Paths["/api/v1/namespaces/{namespace}/pods/{name}/eviction"]!.AsObject();
        Assert.Contains("fieldValidation", eviction["parameters"]!.AsArray().Select(p => (string?)p!["name"]));
        Assert.Equal(["body"], eviction["post"]!["parameters"]!.AsArray().Select(p => (string?)p!["name"]));

        var exec = Paths["/api/v1/namespaces/{namespace}/pods/{name}/exec"]!["parameters"]!.AsArray().Select(p => (string?)p!["name"]).ToList();
        Assert.Contains("command", exec);
        Assert.DoesNotContain("pretty", exec);
    }

    [Fact]
    public void EveryReferenceResolvesToADefinition()
    {
        var refs = new List<string>();
        Collect(Swagger, refs);
        Assert.NotEmpty(refs);
        foreach (var reference in refs.Distinct())
        {
            Assert.StartsWith("#/definitions/", reference);
            Assert.True(Definitions.ContainsKey(reference["#/definitions/".Length..]), $"{reference} is dangling");
        }
    }

    [Theory]
    [InlineData("io.k8s.api.core.v1.Pod", "", "v1", "Pod")]
    [InlineData("io.k8s.api.core.v1.PodList", "", "v1", "PodList")]
    [InlineData("io.k8s.api.apps.v1.Deployment", "apps", "v1", "Deployment")]
    [InlineData("io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler", "autoscaling", "v2", "HorizontalPodAutoscaler")]
    [InlineData("com.example.stable.v1.CronTab", "stable.example.com", "v1", "CronTab")]
    [InlineData("com.example.stable.v1.CronTabList", "stable.example.com", "v1", "CronTabList")]
    [InlineData("io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", "apps", "v1", "DeleteOptions")]
    public void KindsCarryTheirGroupVersionKind(string definition, string group, string version, string kind)
    {
        var kinds = Definitions[definition]!["x-kubernetes-group-version-kind"]!.AsArray();
        Assert.Contains(kinds, k => (string?)k!["group"] == group && (string?)k["version"] == version && (string?)k["kind"] == kind);
    }

    [Fact]
    public void QuantityAndIntOrStringUseTheirSpecialFormats()
    {
        Assert.Equal("string", (string?)Definitions["io.k8s.apimachinery.pkg.api.resource.Quantity"]!["type"]);
        var intOrString = Definitions["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]!;
        Assert.Equal(("string", "int-or-string"), ((string?)intOrString["type"], (string?)intOrString["format"]));
    }

    [Fact]
    public void CustomResourcesUseTheirSchemaWithStandardMetadata()
    {
        var cronTab = Definitions["com.example.stable.v1.CronTab"]!;
        Assert.Equal("A periodic job.", (string?)cronTab["description"]);
        Assert.Equal("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", (string?)cronTab["properties"]!["metadata"]!["$ref"]);
        Assert.Equal("When to run.", (string?)cronTab["properties"]!["spec"]!["properties"]!["cronSpec"]!["description"]);
        Assert.Equal("set", (string?)cronTab["properties"]!["spec"]!["properties"]!["tags"]!["x-kubernetes-list-type"]);
        Assert.True((bool?)cronTab["properties"]!["status"]!["x-kubernetes-preserve-unknown-fields"]);
    }

    private static void Collect(JsonNode? node, List<string> refs)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key == "$ref")
                    {
                        refs.Add((string)value!);
                    }
                    else
                    {
                        Collect(value, refs);
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Collect(item, refs);
                }
                break;
        }
    }

    [Fact]
    public void DeletesAnswerWithTheObjectWhenTheResourceReturnsIt()
    {
        var returning = new OpenApiDocuments([TestResources.Define<k8s.Models.V1Pod>("pods", "pod", namespaced: true, returnDeletedObject: true)]);
        var delete = JsonNode.Parse(returning.V2Json.Content.Span)!["paths"]!["/api/v1/namespaces/{namespace}/pods/{name}"]!["delete"]!;
        Assert.Equal("#/definitions/io.k8s.api.core.v1.Pod", (string?)delete["responses"]!["200"]!["schema"]!["$ref"]);
        var status = Paths["/api/v1/namespaces/{namespace}/configmaps/{name}"]!["delete"]!;
        Assert.Equal("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Status", (string?)status["responses"]!["200"]!["schema"]!["$ref"]);
    }
}
