using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.Tests.Pipeline;

/// <summary>PATCH with application/apply-patch+yaml and managedFields on every write, through the real pipeline.</summary>
public class ServerSideApplyTests
{
    private const string Apply = "application/apply-patch+yaml";
    private const string Path = "/api/v1/namespaces/ns1/configmaps/c";

    private static string ConfigMapYaml(string data) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: c
        data:
        {data}
        """;

    // FieldsV1 keys hold quotes; print them unescaped, as upstream does.
    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static JsonArray ManagedFields(JsonObject obj) => (JsonArray)obj["metadata"]!["managedFields"]!;

    [Fact]
    public async Task AnApplyToAMissingObjectCreatesItAndRecordsAnApplyEntry()
    {
        await using var host = await ApiTestHost.StartAsync("ns1");

        var (code, obj) = await host.JsonAsync(HttpMethod.Patch, Path + "?fieldManager=tool", ConfigMapYaml("  color: blue"), Apply);

        Assert.Equal(201, code);
        Assert.Equal("blue", obj["data"]!["color"]!.GetValue<string>());
        var entry = Assert.Single(ManagedFields(obj))!;
        Assert.Equal(("tool", "Apply", "v1", "FieldsV1"),
            (entry["manager"]!.GetValue<string>(), entry["operation"]!.GetValue<string>(), entry["apiVersion"]!.GetValue<string>(), entry["fieldsType"]!.GetValue<string>()));
        Assert.Equal("""{"f:data":{"f:color":{}}}""", entry["fieldsV1"]!.ToJsonString(Relaxed));
    }

    [Theory]
    [InlineData("", 422, "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch")]
    [InlineData("?fieldManager=tool&force=maybe", 400, "force: invalid value \"maybe\"")]
    public async Task ApplyOptionsAreCheckedAsUpstream(string query, int expectedCode, string message)
    {
        await using var host = await ApiTestHost.StartAsync("ns1");

        var (code, status) = await host.JsonAsync(HttpMethod.Patch, Path + query, ConfigMapYaml("  color: blue"), Apply);

        Assert.Equal(expectedCode, code);
        Assert.Equal(message, status["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task AFieldManagerOverOneHundredTwentyEightBytesIsRefused()
    {
        await using var host = await ApiTestHost.StartAsync("ns1");

        var (code, status) = await host.JsonAsync(HttpMethod.Post, "/api/v1/namespaces/ns1/configmaps?fieldManager=" + new string('m', 129),
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}""");

        Assert.Equal(422, code);
        Assert.Equal("CreateOptions.meta.k8s.io \"\" is invalid: fieldManager: Too long: may not be more than 128 bytes", status["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task ForceOnAnotherPatchTypeIsForbidden()
    {
        await using var host = await ApiTestHost.StartAsync("ns1");
        await host.JsonAsync(HttpMethod.Patch, Path + "?fieldManager=tool", ConfigMapYaml("  color: blue"), Apply);

        var (code, status) = await host.JsonAsync(HttpMethod.Patch, Path + "?force=true", """{"data":{"a":"b"}}""", "application/merge-patch+json");

        Assert.Equal(422, code);
        Assert.Equal("PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be specified for non-apply patch", status["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnApplyInAnotherVersionOrWithManagedFieldsIsABadRequest()
    {
        await using var host = await ApiTestHost.StartAsync("ns1");

        var (code, status) = await host.JsonAsync(HttpMethod.Patch, Path + "?fieldManager=tool", ConfigMapYaml("  a: b").Replace("apiVersion: v1", "apiVersion: v2"), Apply);
        var (code2, status2) = await host.JsonAsync(HttpMethod.Patch, Path + "?fieldManager=tool",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","managedFields":[]}}""", Apply);

        Assert.Equal((400, "Incorrect version specified in apply patch. Specified patch version: v2, expected: v1"), (code, status["message"]!.GetValue<string>()));
        Assert.Equal((400, "metadata.managedFields must be nil"), (code2, status2["message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AConflictIsA409WithCausesAndForceTakesTheFieldOver()
    {
        await using var host = await ApiTestHost.StartAsync("ns1");
        await host.JsonAsync(HttpMethod.Patch, Path + "?fieldManager=alice", ConfigMapYaml("  color: blue"), Apply);

        var (code, status) = await host.JsonAsync(HttpMethod.Patch, Path + "?fieldManager=bob", ConfigMapYaml("  color: green"), Apply);
        var (forcedCode, forced) = await host.JsonAsync(HttpMethod.Patch, Path + "?fieldManager=bob&force=true", ConfigMapYaml("  color: green"), Apply);

        Assert.Equal(409, code);
        Assert.Equal("Conflict", status["reason"]!.GetValue<string>());
        Assert.Equal("Apply failed with 1 conflict: conflict with \"alice\": .data.color", status["message"]!.GetValue<string>());
        Assert.Equal(".data.color", status["details"]!["causes"]![0]!["field"]!.GetValue<string>());
        Assert.Equal(200, forcedCode);
        Assert.Equal("green", forced["data"]!["color"]!.GetValue<string>());
        Assert.Equal(["bob"], ManagedFields(forced).Select(e => e!["manager"]!.GetValue<string>()));
    }

    [Fact]
    public async Task DryRunApplyAnswersTheObjectAndStoresNothing()
    {
        await using var host = await ApiTestHost.StartAsync("ns1");

        var (code, obj) = await host.JsonAsync(HttpMethod.Patch, Path + "?fieldManager=tool&dryRun=All", ConfigMapYaml("  color: blue"), Apply);
        var (getCode, _) = await host.JsonAsync(HttpMethod.Get, Path);

        Assert.Equal(201, code);
        Assert.Single(ManagedFields(obj));
        Assert.Equal(404, getCode);
    }

    [Fact]
    public async Task WritesAreRecordedForTheFieldManagerOrTheUserAgent()
    {
        await using var host = await ApiTestHost.StartAsync("ns1");
        await host.JsonAsync(HttpMethod.Post, "/api/v1/namespaces/ns1/configmaps?fieldManager=kubectl-create",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1"}}""");
        var request = new HttpRequestMessage(HttpMethod.Patch, Path)
        {
            Content = new StringContent("""{"data":{"b":"2"}}""", System.Text.Encoding.UTF8, "application/merge-patch+json"),
        };
        request.Headers.TryAddWithoutValidation("User-Agent", "my-controller/v1.2.3 (linux/amd64)");
        using (await host.Client.SendAsync(request))
        {
        }

        var (_, obj) = await host.JsonAsync(HttpMethod.Get, Path);

        var entries = ManagedFields(obj).Select(e => (e!["manager"]!.GetValue<string>(), e["operation"]!.GetValue<string>(), e["fieldsV1"]!.ToJsonString(Relaxed))).ToList();
        Assert.Equal([("kubectl-create", "Update", """{"f:data":{".":{},"f:a":{}}}"""), ("my-controller", "Update", """{"f:data":{"f:b":{}}}""")], entries);
    }

    [Fact]
    public async Task StatusWritesAreRecordedWithTheStatusSubresource()
    {
        await using var host = await ApiTestHost.StartAsync("ns1");
        var deployment = """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
             "spec":{"selector":{"matchLabels":{"app":"web"}},
                     "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}
            """;
        await host.JsonAsync(HttpMethod.Post, "/apis/apps/v1/namespaces/ns1/deployments?fieldManager=creator", deployment);

        var (code, obj) = await host.JsonAsync(HttpMethod.Patch, "/apis/apps/v1/namespaces/ns1/deployments/web/status?fieldManager=controller",
            """{"status":{"replicas":2}}""", "application/merge-patch+json");

        Assert.Equal(200, code);
        var status = ManagedFields(obj).Single(e => e!["manager"]!.GetValue<string>() == "controller")!;
        Assert.Equal("status", status["subresource"]!.GetValue<string>());
        Assert.Equal("""{"f:status":{"f:replicas":{}}}""", status["fieldsV1"]!.ToJsonString(Relaxed));
    }

    [Fact]
    public async Task AnApplyToStatusChangesOnlyStatusAndRecordsTheStatusSubresource()
    {
        await using var host = await ApiTestHost.StartAsync("ns1");
        var deployment = """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
             "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
                     "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}
            """;
        await host.JsonAsync(HttpMethod.Post, "/apis/apps/v1/namespaces/ns1/deployments?fieldManager=creator", deployment);

        var (code, obj) = await host.JsonAsync(HttpMethod.Patch, "/apis/apps/v1/namespaces/ns1/deployments/web/status?fieldManager=controller",
            """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":7},"status":{"replicas":3}}""", Apply);

        Assert.Equal(200, code);
        Assert.Equal((1, 3), (obj["spec"]!["replicas"]!.GetValue<int>(), obj["status"]!["replicas"]!.GetValue<int>()));
        var entry = ManagedFields(obj).Single(e => e!["manager"]!.GetValue<string>() == "controller")!;
        Assert.Equal(("Apply", "status"), (entry["operation"]!.GetValue<string>(), entry["subresource"]!.GetValue<string>()));
        Assert.Equal("""{"f:status":{"f:replicas":{}}}""", entry["fieldsV1"]!.ToJsonString(Relaxed));
    }
}
