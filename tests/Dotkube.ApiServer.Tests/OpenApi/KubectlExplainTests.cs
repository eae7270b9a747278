using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.OpenApi;
using Dotkube.ApiServer.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Dotkube.ApiServer.Tests.OpenApi;

/// <summary>
/// Real kubectl against a tiny HTTP server that serves legacy discovery for a few resources and the
/// OpenAPI handler: kubectl explain reads /openapi/v3, and with --output plaintext-openapiv2 decodes
/// the /openapi/v2 protobuf.
/// </summary>
public sealed class KubectlExplainTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Kubectl = "/usr/bin/kubectl";
    private static readonly ResourceDefinition[] Resources =
        [TestResources.Pods, TestResources.ConfigMaps, TestResources.Namespaces, TestResources.Deployments, TestResources.CronTabs];

    private readonly ConcurrentQueue<string> requests = new();
    private readonly ConcurrentQueue<string> patches = new();
    private readonly string home = Directory.CreateTempSubdirectory("dotkube-openapi-kubectl").FullName;
    private WebApplication? app;
    private string server = "";

    public async Task InitializeAsync()
    {
        var handler = new OpenApiHandler(new OpenApiDocuments(Resources,
            new OpenApiOptions { CustomResourceSchema = (_, _) => TestResources.CronTabSchema }));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        app = builder.Build();
        app.Run(async context =>
        {
            requests.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString} Accept: {context.Request.Headers.Accept}");
            if (await handler.TryServeAsync(context))
            {
                return;
            }
            if (Discovery(context.Request.Path.Value ?? "") is { } document)
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(document.ToJsonString());
                return;
            }
            if (context.Request.Path == "/api/v1/namespaces/default/pods/web" && HttpMethods.IsGet(context.Request.Method))
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(AppliedPod);
                return;
            }
            if (HttpMethods.IsPatch(context.Request.Method))
            {
                using var reader = new StreamReader(context.Request.Body);
                patches.Enqueue(context.Request.ContentType + " " + await reader.ReadToEndAsync());
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(AppliedPod);
                return;
            }
            if (HttpMethods.IsPost(context.Request.Method))
            {
                // Just enough of a create for kubectl create: echo the object back.
                using var reader = new StreamReader(context.Request.Body);
                var body = await reader.ReadToEndAsync();
                context.Response.StatusCode = 201;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(body);
                return;
            }
            context.Response.StatusCode = 404;
        });
        await app.StartAsync();
        server = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        await File.WriteAllTextAsync(Path.Combine(home, "kubeconfig"), "");
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
        Directory.Delete(home, recursive: true);
    }

    [Fact]
    public async Task ExplainShowsAFieldAndItsFieldsFromOpenApiV3()
    {
        var text = await RunKubectl("explain", "pods.spec.containers.resources");
        Assert.Contains("KIND:       Pod", text);
        Assert.Contains("VERSION:    v1", text);
        Assert.Contains("FIELD: resources <ResourceRequirements>", text);
        Assert.Contains("Compute Resources required by this container.", text);
        Assert.Contains("limits\t<map[string]Quantity>", text);
        Assert.Contains("requests\t<map[string]Quantity>", text);
        Assert.Contains(requests, r => r.StartsWith("GET /openapi/v3/api/v1?hash=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("pods.spec.containers", "  name\t<string> -required-")]
    [InlineData("pods.spec", "  containers\t<[]Container> -required-")]
    [InlineData("deployments.spec", "  selector\t<LabelSelector> -required-")]
    [InlineData("pods.spec.containers.ports", "  containerPort\t<integer> -required-")]
    [InlineData("pods.metadata.ownerReferences", "  uid\t<string> -required-")]
    public async Task ExplainMarksUpstreamsRequiredFields(string path, string line)
    {
        var text = await RunKubectl("explain", path);
        Assert.Contains(line + "\n", text);
    }

    [Fact]
    public async Task ExplainRecursiveWalksNestedDefinitions()
    {
        var text = await RunKubectl("explain", "deployments.spec.strategy", "--recursive");
        Assert.Contains("GROUP:      apps", text);
        Assert.Contains("KIND:       Deployment", text);
        Assert.Contains("FIELD: strategy <DeploymentStrategy>", text);
        Assert.Contains("  rollingUpdate\t<RollingUpdateDeployment>", text);
        Assert.Contains("    maxSurge\t<IntOrString>", text);
        Assert.Contains("    maxUnavailable\t<IntOrString>", text);
        Assert.Contains("  type\t<string>", text);
    }

    [Fact]
    public async Task ExplainFromOpenApiV2DecodesTheProtobuf()
    {
        var text = await RunKubectl("explain", "pods.spec.containers", "--output", "plaintext-openapiv2");
        Assert.Contains("KIND:     Pod", text);
        Assert.Contains("RESOURCE: containers <[]Object>", text);
        Assert.Contains("List of containers belonging to the pod.", text);
        Assert.Contains("image\t<string>", text);
        Assert.Contains("resources\t<Object>", text);
        Assert.Contains("name\t<string> -required-", text);
        Assert.Contains(requests, r => r.StartsWith("GET /openapi/v2", StringComparison.Ordinal) && r.EndsWith("Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExplainWorksForACustomResource()
    {
        var text = await RunKubectl("explain", "crontabs.spec");
        Assert.Contains("GROUP:      stable.example.com", text);
        Assert.Contains("KIND:       CronTab", text);
        Assert.Contains("cronSpec\t<string> -required-", text);
        Assert.Contains("When to run.", text);
    }

    [Fact]
    public async Task StrictValidationIsLeftToTheServerBecauseItsPatchOperationsTakeFieldValidation()
    {
        var manifest = Path.Combine(home, "pod.yaml");
        await File.WriteAllTextAsync(manifest, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx\n");
        var text = await RunKubectl("create", "-f", manifest, "--validate=strict");
        Assert.Contains("pod/web created", text);
        // kubectl found fieldValidation on the Pod's patch operation in /openapi/v3 (its QueryParamVerifier),
        // so it sent the directive instead of validating on the client.
        Assert.Contains(requests, r => r.StartsWith("POST /api/v1/namespaces/default/pods?", StringComparison.Ordinal) && r.Contains("fieldValidation=Strict", StringComparison.Ordinal));
    }

    /// <summary>A pod as kubectl apply left it: two containers, recorded in last-applied-configuration.</summary>
    private const string AppliedPod = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"default","resourceVersion":"5","annotations":{
          "kubectl.kubernetes.io/last-applied-configuration":"{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"web\",\"namespace\":\"default\"},\"spec\":{\"containers\":[{\"image\":\"nginx\",\"name\":\"web\"},{\"image\":\"busybox\",\"name\":\"sidecar\"}]}}\n"}},
         "spec":{"containers":[{"image":"nginx","name":"web"},{"image":"busybox","name":"sidecar"}]}}
        """;

    [Fact]
    public async Task ApplyComputesAStrategicMergePatchFromTheV3MergeKeys()
    {
        var manifest = Path.Combine(home, "pod.yaml");
        await File.WriteAllTextAsync(manifest,
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: default\nspec:\n  containers:\n  - name: web\n    image: nginx:2\n  - name: sidecar\n    image: busybox\n");
        var text = await RunKubectl("apply", "-f", manifest);
        Assert.Contains("pod/web configured", text);
        var patch = Assert.Single(patches);
        Assert.StartsWith("application/strategic-merge-patch+json ", patch);
        // Containers merged by name: only the changed one, and the order by key.
        Assert.Contains("\"$setElementOrder/containers\":[{\"name\":\"web\"},{\"name\":\"sidecar\"}]", patch);
        Assert.Contains("\"containers\":[{\"image\":\"nginx:2\",\"name\":\"web\"}]", patch);
        // The v3 schema sufficed: kubectl did not fall back to /openapi/v2.
        Assert.DoesNotContain(requests, r => r.StartsWith("GET /openapi/v2", StringComparison.Ordinal));
    }

    private async Task<string> RunKubectl(params string[] arguments)
    {
        var start = new ProcessStartInfo(Kubectl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.ArgumentList.Add("--server=" + server);
        start.ArgumentList.Add("--cache-dir=" + Path.Combine(home, "cache"));
        start.Environment["KUBECONFIG"] = Path.Combine(home, "kubeconfig");
        start.Environment["HOME"] = home;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        var text = await stdout;
        output.WriteLine($"kubectl {string.Join(' ', arguments)} → exit {process.ExitCode}\n{text}\n{await stderr}");
        output.WriteLine(string.Join('\n', requests));
        Assert.Equal(0, process.ExitCode);
        return text;
    }

    /// <summary>Legacy discovery (/api, /apis, /api/v1, /apis/{group}/{version}) for the test resources.</summary>
    private JsonNode? Discovery(string path)
    {
        if (path == "/api")
        {
            return new JsonObject
            {
                ["kind"] = "APIVersions",
                ["versions"] = new JsonArray("v1"),
                ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = new Uri(server).Authority }),
            };
        }
        if (path == "/apis")
        {
            var groups = new JsonArray();
            foreach (var group in Resources.Where(r => r.Group.Length > 0).GroupBy(r => r.Group))
            {
                var versions = group.SelectMany(r => r.Versions).Distinct()
                    .Select(v => (JsonNode)new JsonObject { ["groupVersion"] = $"{group.Key}/{v}", ["version"] = v }).ToArray();
                groups.Add(new JsonObject
                {
                    ["name"] = group.Key,
                    ["versions"] = new JsonArray(versions),
                    ["preferredVersion"] = versions[0].DeepClone(),
                });
            }
            return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
        }
        foreach (var resource in Resources)
        {
            foreach (var version in resource.Versions)
            {
                var groupVersion = resource.GroupVersion(version);
                if (path == (resource.Group.Length == 0 ? "/api/" : "/apis/") + groupVersion)
                {
                    var list = new JsonArray();
                    foreach (var served in Resources.Where(r => r.GroupVersion(r.Versions[0]) == groupVersion))
                    {
                        list.Add(new JsonObject
                        {
                            ["name"] = served.Plural,
                            ["singularName"] = served.Singular,
                            ["namespaced"] = served.Namespaced,
                            ["kind"] = served.Kind,
                            ["verbs"] = new JsonArray([.. served.Verbs.Select(v => (JsonNode)v)]),
                        });
                    }
                    return new JsonObject { ["kind"] = "APIResourceList", ["apiVersion"] = "v1", ["groupVersion"] = groupVersion, ["resources"] = list };
                }
            }
        }
        return null;
    }
}
