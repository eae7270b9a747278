using System.Text.Json.Nodes;
using Dotkube.E2E.BadInput;
using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.Fidelity;

/// <summary>
/// Field validation as upstream's integration test pins it: repeated keys in YAML bodies (go-yaml's
/// <c>line N: key "x" already set in map</c>), in applied configurations (checked after the apply)
/// and in custom resources' JSON; subresource bodies; applied values of the wrong type (500).
/// </summary>
[Collection(SharedServerCollection.Name)]
public sealed class StrictDecodingTests(SharedServerFixture fixture) : IDisposable
{
    private readonly AdminHttp _http = AdminHttp.For(fixture.Server);

    public void Dispose() => _http.Dispose();

    private static string DeploymentYaml(string name) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {name}
          labels:
            app: nginx
        spec:
          unknown1: val1
          unknownDupe: valDupe
          unknownDupe: valDupe2
          paused: true
          paused: false
          selector:
            matchLabels:
              app: nginx
          template:
            metadata:
              labels:
                app: nginx
            spec:
              containers:
              - name: nginx
                image: nginx:latest
                unknownNested: val1
                imagePullPolicy: Always
                imagePullPolicy: Never
        """;

    private static string ApplyBody(string name) => $$"""
        {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {
                "name": "{{name}}",
                "labels": {"app": "nginx"}
            },
            "spec": {
                "paused": false,
                "paused": true,
                "selector": {
                    "matchLabels": {
                        "app": "nginx"
                    }
                },
                "template": {
                    "metadata": {
                        "labels": {
                            "app": "nginx"
                        }
                    },
                    "spec": {
                        "containers": [{
                            "name":  "nginx",
                            "image": "nginx:latest",
                            "imagePullPolicy": "Never",
                            "imagePullPolicy": "Always"
                        }]
                    }
                }
            }
        }
        """;

    private static IReadOnlyList<string> Warnings(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Warning", out var values)
            ? [.. values.Select(v => v.StartsWith("299 - \"", StringComparison.Ordinal) ? v[7..^1].Replace("\\\"", "\"") : v)]
            : [];

    [Fact]
    public async Task A_yaml_body_with_repeated_keys_warns_line_by_line_then_of_unknown_fields()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "dup-yaml-warn");

        using var response = await _http.SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns.Name}/deployments?fieldValidation=Warn",
            DeploymentYaml("warned"), "application/yaml");

        Assert.Equal(201, (int)response.StatusCode);
        Assert.Equal(
            [
                "line 10: key \"unknownDupe\" already set in map",
                "line 12: key \"paused\" already set in map",
                "line 26: key \"imagePullPolicy\" already set in map",
                "unknown field \"spec.template.spec.containers[0].unknownNested\"",
                "unknown field \"spec.unknown1\"",
                "unknown field \"spec.unknownDupe\"",
            ],
            Warnings(response));
        Assert.Equal("false", await ns.JsonPathAsync("deployment/warned", "{.spec.paused}"));
        Assert.Equal("Never", await ns.JsonPathAsync("deployment/warned", "{.spec.template.spec.containers[0].imagePullPolicy}"));
    }

    [Fact]
    public async Task A_yaml_body_with_repeated_keys_is_refused_under_strict_and_accepted_silently_under_ignore()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "dup-yaml-strict");

        using var strict = await _http.SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns.Name}/deployments?fieldValidation=Strict",
            DeploymentYaml("refused"), "application/yaml");
        var status = await strict.AssertStatusAsync(400, "BadRequest");
        Assert.Equal(
            "Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: yaml: unmarshal errors:\n"
            + "  line 10: key \"unknownDupe\" already set in map\n  line 12: key \"paused\" already set in map\n"
            + "  line 26: key \"imagePullPolicy\" already set in map, unknown field \"spec.template.spec.containers[0].unknownNested\", "
            + "unknown field \"spec.unknown1\", unknown field \"spec.unknownDupe\"",
            (string?)status["message"]);

        using var ignore = await _http.SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns.Name}/deployments?fieldValidation=Ignore",
            DeploymentYaml("ignored"), "application/yaml");
        Assert.Equal(201, (int)ignore.StatusCode);
        Assert.Empty(Warnings(ignore));
    }

    [Theory]
    [InlineData("Warn", 201)]
    [InlineData("Strict", 400)]
    [InlineData("Ignore", 201)]
    public async Task An_applied_configuration_with_repeated_keys_follows_the_directive(string directive, int code)
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "dup-apply-" + directive.ToLowerInvariant());

        using var response = await _http.SendAsync(HttpMethod.Patch,
            $"/apis/apps/v1/namespaces/{ns.Name}/deployments/applied?fieldManager=mgr&fieldValidation={directive}",
            ApplyBody("applied"), "application/apply-patch+yaml");

        if (code == 400)
        {
            var status = await response.AssertStatusAsync(400, "BadRequest");
            Assert.Equal("error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:\n"
                + "  line 10: key \"paused\" already set in map\n  line 27: key \"imagePullPolicy\" already set in map", (string?)status["message"]);
            return;
        }
        Assert.Equal(code, (int)response.StatusCode);
        Assert.Equal(directive == "Warn"
            ? ["line 10: key \"paused\" already set in map", "line 27: key \"imagePullPolicy\" already set in map"]
            : [], Warnings(response));
        Assert.Equal("true", await ns.JsonPathAsync("deployment/applied", "{.spec.paused}"));
    }

    [Fact]
    public async Task An_applied_value_of_the_wrong_type_is_upstreams_500()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "apply-type");

        using var response = await _http.SendAsync(HttpMethod.Patch,
            $"/apis/apps/v1/namespaces/{ns.Name}/deployments/typed?fieldManager=mgr",
            """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"typed"},"spec":{"replicas":"3"}}""", "application/apply-patch+yaml");

        // A plain error in upstream's field manager: a 500 Status without a reason (StatusReasonUnknown).
        var status = await response.AssertStatusAsync(500, "");
        Assert.Equal($"failed to create typed patch object ({ns.Name}/typed; apps/v1, Kind=Deployment): .spec.replicas: expected numeric (int or float), got string",
            (string?)status["message"]);
    }

    [Fact]
    public async Task A_scale_body_with_an_unknown_field_is_refused_under_strict_and_warned_of_under_warn()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "scale-strict");
        (await ns.Run("create", "deployment", "web", "--image=nginx")).EnsureSuccess();
        var scale = $$$"""{"apiVersion":"autoscaling/v1","kind":"Scale","metadata":{"name":"web","namespace":"{{{ns.Name}}}"},"spec":{"replicas":2,"replics":3}}""";

        using var strict = await _http.SendAsync(HttpMethod.Put, $"/apis/apps/v1/namespaces/{ns.Name}/deployments/web/scale?fieldValidation=Strict", scale);
        var status = await strict.AssertStatusAsync(400, "BadRequest");
        Assert.Equal("Scale in version \"v1\" cannot be handled as a Scale: strict decoding error: unknown field \"spec.replics\"", (string?)status["message"]);

        using var warn = await _http.SendAsync(HttpMethod.Put, $"/apis/apps/v1/namespaces/{ns.Name}/deployments/web/scale?fieldValidation=Warn", scale);
        Assert.Equal(200, (int)warn.StatusCode);
        Assert.Equal(["unknown field \"spec.replics\""], Warnings(warn));
        Assert.Equal("2", await ns.JsonPathAsync("deployment/web", "{.spec.replicas}"));

        using var patch = await _http.SendAsync(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{ns.Name}/deployments/web/scale?fieldValidation=Strict",
            """{"spec":{"replics":4}}""", "application/merge-patch+json");
        var patchStatus = await patch.AssertStatusAsync(422, "Invalid");
        Assert.Contains("strict decoding error: unknown field \"spec.replics\"", (string?)patchStatus["message"]);
    }

    [Fact]
    public async Task Binding_and_eviction_bodies_are_decoded_strictly()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "sub-strict");

        using var binding = await _http.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns.Name}/pods/nobody/binding?fieldValidation=Strict",
            """{"apiVersion":"v1","kind":"Binding","metadata":{"name":"nobody"},"target":{"name":"n1","nodeName":"x"}}""");
        var b = await binding.AssertStatusAsync(400, "BadRequest");
        Assert.Equal("Binding in version \"v1\" cannot be handled as a Binding: strict decoding error: unknown field \"target.nodeName\"", (string?)b["message"]);

        using var eviction = await _http.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns.Name}/pods/nobody/eviction?fieldValidation=Strict",
            """{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"nobody"},"deleteOption":{}}""");
        var e = await eviction.AssertStatusAsync(400, "BadRequest");
        Assert.Equal("Eviction in version \"v1\" cannot be handled as a Eviction: strict decoding error: unknown field \"deleteOption\"", (string?)e["message"]);
    }

    [Fact]
    public async Task Times_are_stored_in_whole_seconds_and_micro_times_with_microseconds()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "times");

        using var ev = await _http.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns.Name}/events", $$"""
            {"apiVersion":"v1","kind":"Event","metadata":{"name":"e1"},"involvedObject":{"kind":"Pod","name":"p","namespace":"{{ns.Name}}"},
             "reason":"Test","message":"m","firstTimestamp":"2024-05-01T10:00:00.750Z","lastTimestamp":"2024-05-01T12:00:01.5+02:00"}
            """);
        Assert.Equal(201, (int)ev.StatusCode);
        Assert.Equal("2024-05-01T10:00:00Z 2024-05-01T10:00:01Z", await ns.JsonPathAsync("event/e1", "{.firstTimestamp} {.lastTimestamp}"));

        using var lease = await _http.SendAsync(HttpMethod.Post, $"/apis/coordination.k8s.io/v1/namespaces/{ns.Name}/leases",
            """{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"l1"},"spec":{"renewTime":"2024-05-01T10:00:00.123456Z"}}""");
        Assert.Equal(201, (int)lease.StatusCode);
        Assert.Equal("2024-05-01T10:00:00.123456Z", await ns.JsonPathAsync("lease/l1", "{.spec.renewTime}"));
    }

    [Fact]
    public async Task A_custom_resources_repeated_json_keys_are_reported_with_their_paths()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "dup-cr");
        var group = $"{ns.Name}.example.com";
        (await ns.RunWithInput($$"""
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.{{group}}
            spec:
              group: {{group}}
              scope: Namespaced
              names: {plural: widgets, singular: widget, kind: Widget}
              versions:
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        properties:
                          knownField1: {type: string}
                          ports:
                            type: array
                            items:
                              type: object
                              properties:
                                name: {type: string}
                                hostPort: {type: integer}
            """, "apply", "-f", "-")).EnsureSuccess();
        try
        {
            (await ns.Run("wait", "--for=condition=established", $"crd/widgets.{group}", "--timeout=30s")).EnsureSuccess();
            var body = $$$"""
                {"apiVersion":"{{{group}}}/v1","kind":"Widget","metadata":{"name":"w"},
                 "spec":{"unknown1":"val1","unknownDupe":"a","unknownDupe":"b","knownField1":"v1","knownField1":"v2",
                  "ports":[{"name":"p","hostPort":8081,"hostPort":8082,"unknownNested":"val"}]}}
                """;
            HttpResponseMessage? warn = null;
            await Eventually.HoldsAsync(async () =>
            {
                warn?.Dispose();
                warn = await _http.SendAsync(HttpMethod.Post, $"/apis/{group}/v1/namespaces/{ns.Name}/widgets?fieldValidation=Warn", body);
                return (int)warn.StatusCode == 201 ? null : $"HTTP {(int)warn.StatusCode}";
            }, TimeSpan.FromSeconds(20));
            Assert.Equal(
                [
                    "duplicate field \"spec.unknownDupe\"",
                    "duplicate field \"spec.knownField1\"",
                    "duplicate field \"spec.ports[0].hostPort\"",
                    "unknown field \"spec.ports[0].unknownNested\"",
                    "unknown field \"spec.unknown1\"",
                    "unknown field \"spec.unknownDupe\"",
                ],
                Warnings(warn!));
            warn!.Dispose();
            // Other tests' CRDs serve a "widget" too: name the group, or kubectl may pick theirs.
            Assert.Equal("v2 8082", await ns.JsonPathAsync($"widgets.{group}/w", "{.spec.knownField1} {.spec.ports[0].hostPort}"));

            using var strict = await _http.SendAsync(HttpMethod.Post, $"/apis/{group}/v1/namespaces/{ns.Name}/widgets?fieldValidation=Strict",
                body.Replace("\"name\":\"w\"", "\"name\":\"w2\"", StringComparison.Ordinal));
            var status = await strict.AssertStatusAsync(400, "BadRequest");
            Assert.StartsWith("Widget in version \"v1\" cannot be handled as a Widget: strict decoding error: duplicate field \"spec.unknownDupe\", ",
                (string?)status["message"]);
        }
        finally
        {
            await ns.Run("delete", "crd", $"widgets.{group}", "--wait=false");
        }
    }
}
