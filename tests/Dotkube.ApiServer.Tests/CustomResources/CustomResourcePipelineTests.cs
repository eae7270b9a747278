using System.Text.Json.Nodes;
using Dotkube.ApiServer.CustomResources;
using Dotkube.ApiServer.Tests.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dotkube.ApiServer.Tests.CustomResources;

/// <summary>A CRD through the real request pipeline, with the CRD controller reconciling it in the test.</summary>
public class CustomResourcePipelineTests
{
    private const string Crd = """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"dials.example.com"},
         "spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"dials","kind":"Dial","shortNames":["dl"]},
          "versions":[{"name":"v1","served":true,"storage":true,
            "subresources":{"status":{},"scale":{"specReplicasPath":".spec.count","statusReplicasPath":".status.count","labelSelectorPath":".status.selector"}},
            "schema":{"openAPIV3Schema":{"type":"object","properties":{
              "spec":{"type":"object","properties":{"count":{"type":"integer","minimum":0},"label":{"type":"string","default":"none"}}},
              "status":{"type":"object","properties":{"count":{"type":"integer"},"selector":{"type":"string"}}}}}}}]}}
        """;

    private static async Task<ApiTestHost> StartWithCrdAsync()
    {
        var host = await ApiTestHost.StartAsync("ns1");
        var (code, _) = await host.JsonAsync(HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", Crd);
        Assert.Equal(201, code);
        var controller = new CrdController(host.Handler, NullLogger.Instance, TimeProvider.System);
        Assert.True(await controller.ReconcileAsync("dials.example.com", CancellationToken.None));
        return host;
    }

    [Fact]
    public async Task A_reconciled_crd_is_established_and_its_resource_is_served()
    {
        await using var host = await StartWithCrdAsync();

        var (_, crd) = await host.JsonAsync(HttpMethod.Get, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/dials.example.com");
        var (code, created) = await host.JsonAsync(HttpMethod.Post, "/apis/example.com/v1/namespaces/ns1/dials",
            """{"apiVersion":"example.com/v1","kind":"Dial","metadata":{"name":"d"},"spec":{"count":2},"status":{"count":9}}""");

        var conditions = crd["status"]!["conditions"]!.AsArray().Select(c => $"{c!["type"]}={c["status"]}");
        Assert.Equal(["NamesAccepted=True", "Established=True"], conditions);
        Assert.Equal(201, code);
        Assert.Equal("none", created["spec"]!["label"]!.GetValue<string>());
        Assert.Null(created["status"]);
        Assert.Equal(1, created["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task Unknown_fields_warn_under_Warn_and_are_pruned()
    {
        await using var host = await StartWithCrdAsync();

        using var response = await host.SendAsync(HttpMethod.Post, "/apis/example.com/v1/namespaces/ns1/dials?fieldValidation=Warn",
            """{"apiVersion":"example.com/v1","kind":"Dial","metadata":{"name":"w"},"spec":{"count":1,"extra":true}}""");

        Assert.Equal(201, (int)response.StatusCode);
        Assert.Equal("299 - \"unknown field \\\"spec.extra\\\"\"", response.Headers.GetValues("Warning").Single());
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Null(body["spec"]!["extra"]);
    }

    [Fact]
    public async Task The_scale_subresource_reads_and_writes_the_crd_paths()
    {
        await using var host = await StartWithCrdAsync();
        await host.JsonAsync(HttpMethod.Post, "/apis/example.com/v1/namespaces/ns1/dials",
            """{"apiVersion":"example.com/v1","kind":"Dial","metadata":{"name":"s"},"spec":{"count":2}}""");
        await host.JsonAsync(HttpMethod.Patch, "/apis/example.com/v1/namespaces/ns1/dials/s/status",
            """{"status":{"count":2,"selector":"app=dial"}}""", "application/merge-patch+json");

        var (code, scale) = await host.JsonAsync(HttpMethod.Patch, "/apis/example.com/v1/namespaces/ns1/dials/s/scale",
            """{"spec":{"replicas":4}}""", "application/merge-patch+json");
        var (_, dial) = await host.JsonAsync(HttpMethod.Get, "/apis/example.com/v1/namespaces/ns1/dials/s");

        Assert.Equal(200, code);
        Assert.Equal((4, 2, "app=dial"), (scale["spec"]!["replicas"]!.GetValue<int>(), scale["status"]!["replicas"]!.GetValue<int>(), scale["status"]!["selector"]!.GetValue<string>()));
        Assert.Equal(4, dial["spec"]!["count"]!.GetValue<int>());
        Assert.Equal(2, dial["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_negative_value_is_refused_with_a_422_status_naming_the_field()
    {
        await using var host = await StartWithCrdAsync();

        var (code, status) = await host.JsonAsync(HttpMethod.Post, "/apis/example.com/v1/namespaces/ns1/dials",
            """{"apiVersion":"example.com/v1","kind":"Dial","metadata":{"name":"n"},"spec":{"count":-1}}""");

        Assert.Equal(422, code);
        // The scale path check adds its own error, as upstream's does.
        Assert.Equal("Dial.example.com \"n\" is invalid: [spec.count: Invalid value: -1: spec.count in body should be greater than or equal to 0, .spec.count: Invalid value: -1: should be a non-negative integer]",
            status["message"]!.GetValue<string>());
        Assert.Equal("spec.count", status["details"]!["causes"]![0]!["field"]!.GetValue<string>());
    }
}
