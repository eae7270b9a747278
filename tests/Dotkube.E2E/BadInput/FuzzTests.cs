using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dotkube.E2E.Harness;

namespace Dotkube.E2E.BadInput;

/// <summary>
/// About 300 seeded random mutations of a valid ConfigMap, Deployment and Pod, sent as create,
/// update, merge/strategic/JSON patch and apply. Every answer must be a success or a well-formed
/// <c>kind: Status</c> with a 4xx code: never a 5xx, never a dropped connection. Afterwards the
/// server is ready and the seed objects, which no request targets, are exactly as they were.
/// </summary>
/// Runs on the API-only server: controllers and nodes would rightly change the seed objects.
[Collection(ApiOnlyServerCollection.Name)]
public sealed class FuzzTests(ApiOnlyServerFixture fixture) : IDisposable
{
    private const int Seed = 20261127;
    private const int Requests = 300;

    private readonly AdminHttp _http = AdminHttp.For(fixture.Server);

    public void Dispose() => _http.Dispose();

    private sealed record Kind(string Collection, JsonObject Template);

    private static JsonObject ConfigMap() => JsonNode.Parse("""
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x","labels":{"app":"fuzz"},"annotations":{"note":"n"}},
         "data":{"a":"1","b":"two"},"binaryData":{"bin":"aGVsbG8="}}
        """)!.AsObject();

    private static JsonObject Deployment() => JsonNode.Parse("""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"x","labels":{"app":"fuzz"}},
         "spec":{"replicas":2,"selector":{"matchLabels":{"app":"fuzz"}},
           "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":1}},
           "template":{"metadata":{"labels":{"app":"fuzz"}},
             "spec":{"containers":[{"name":"web","image":"nginx:1.27","ports":[{"containerPort":80,"protocol":"TCP"}],
               "env":[{"name":"A","value":"1"}],"resources":{"requests":{"cpu":"100m","memory":"64Mi"},"limits":{"memory":"128Mi"}}}]}}}}
        """)!.AsObject();

    private static JsonObject Pod() => JsonNode.Parse("""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"x","labels":{"app":"fuzz"}},
         "spec":{"restartPolicy":"Always","terminationGracePeriodSeconds":5,
           "containers":[{"name":"c","image":"busybox:1.36","command":["sleep","3600"],
             "ports":[{"containerPort":8080,"name":"http"}],"env":[{"name":"K","value":"v"}],
             "readinessProbe":{"httpGet":{"path":"/","port":8080},"periodSeconds":5},
             "resources":{"requests":{"cpu":"10m"}}}],
           "volumes":[{"name":"v","emptyDir":{}}]}}
        """)!.AsObject();

    private static JsonObject Named(JsonObject template, string name)
    {
        var copy = (JsonObject)template.DeepClone();
        copy["metadata"]!["name"] = name;
        return copy;
    }

    [Fact]
    public async Task Random_mutations_never_get_a_5xx_or_a_dropped_connection_and_leave_other_objects_alone()
    {
        var sentinel = await Sentinel.CreateAsync(_http, "fuzz");
        var ns = sentinel.Namespace;
        Kind[] kinds =
        [
            new($"/api/v1/namespaces/{ns}/configmaps", ConfigMap()),
            new($"/apis/apps/v1/namespaces/{ns}/deployments", Deployment()),
            new($"/api/v1/namespaces/{ns}/pods", Pod()),
        ];
        // The API-only server runs no serviceaccount controller, so (as on a bare kube-apiserver)
        // pods are refused until the namespace's default service account exists.
        await _http.CreateAsync($"/api/v1/namespaces/{ns}/serviceaccounts", """{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"default"}}""");
        var seeds = new Dictionary<string, string>();
        foreach (var kind in kinds)
        {
            await _http.CreateAsync(kind.Collection, Named(kind.Template, "seed").ToJsonString());
            await _http.CreateAsync(kind.Collection, Named(kind.Template, "target").ToJsonString());
            seeds[$"{kind.Collection}/seed"] = await _http.GetStringAsync($"{kind.Collection}/seed");
        }

        var mutator = new JsonMutator(Seed);
        var problems = new List<string>();
        string[] verbs = ["POST", "PUT", "merge", "strategic", "json-patch", "apply"];
        var outcomes = new Dictionary<int, int>();
        for (var i = 0; i < Requests && fixture.Server.IsRunning; i++)
        {
            var kind = kinds[i % kinds.Length];
            var verb = mutator.Pick(verbs);
            var (method, path, contentType, body, what) = Build(mutator, kind, verb, i);
            var request = $"#{i} {method} {path} ({contentType}; {HttpResponseExtensions.Shorten(what, 300)})";
            try
            {
                using var response = await _http.SendAsync(method, path, body, contentType);
                var code = (int)response.StatusCode;
                outcomes[code] = outcomes.GetValueOrDefault(code) + 1;
                var problem = await CheckAsync(response);
                if (problem is not null)
                {
                    problems.Add($"{request}: {problem}");
                }
            }
            catch (HttpRequestException e)
            {
                problems.Add($"{request}: the connection failed: {e.Message} {e.InnerException?.Message}");
            }
        }

        var summary = string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key}×{o.Value}"));
        Assert.True(fixture.Server.IsRunning, $"the server died during the fuzz run ({summary})\n{fixture.Server.Output}");
        Assert.True(problems.Count == 0,
            $"{problems.Count} of {Requests} requests got a bad answer (outcomes {summary}):\n{string.Join("\n", problems.Take(40))}");
        await sentinel.AssertIntactAsync();
        foreach (var (path, before) in seeds)
        {
            Assert.Equal(before, await _http.GetStringAsync(path));
        }
    }

    private static (HttpMethod Method, string Path, string ContentType, byte[] Body, string What) Build(JsonMutator mutator, Kind kind, string verb, int i)
    {
        var target = $"{kind.Collection}/target";
        if (verb == "json-patch")
        {
            var patch = mutator.JsonPatch(Named(kind.Template, "target"), out var patchWhat);
            return (HttpMethod.Patch, target, "application/json-patch+json", Encoding.UTF8.GetBytes(patch.ToJsonString()), patchWhat);
        }

        var name = verb == "POST" ? $"fuzz-{i}" : "target";
        var mutated = mutator.Mutate(Named(kind.Template, name), out var what);
        var body = mutator.Encode(mutated, out var encoding);
        what += encoding;
        return verb switch
        {
            // JSON is YAML too: now and then the same bytes go through the YAML decoder.
            "POST" => (HttpMethod.Post, kind.Collection, mutator.Next(5) == 0 ? "application/yaml" : "application/json", body, what),
            "PUT" => (HttpMethod.Put, target, mutator.Next(5) == 0 ? "application/yaml" : "application/json", body, what),
            "merge" => (HttpMethod.Patch, target, "application/merge-patch+json", body, what),
            "strategic" => (HttpMethod.Patch, target, "application/strategic-merge-patch+json", body, what),
            _ => (HttpMethod.Patch, $"{target}?fieldManager=fuzz&force=true", "application/apply-patch+yaml", body, what),
        };
    }

    /// <summary>Null when the answer is acceptable: 2xx with an object, or 4xx with a matching Status.</summary>
    private static async Task<string?> CheckAsync(HttpResponseMessage response)
    {
        var code = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        var shown = HttpResponseExtensions.Shorten(text, 400);
        JsonObject? body;
        try
        {
            // Accepted objects may legitimately be deep; read them as deep as the server may nest.
            body = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 10_001 }) as JsonObject;
        }
        catch (JsonException e)
        {
            return $"{code} with a body that is not JSON ({e.Message}): {shown}";
        }

        if (code is >= 200 and < 300)
        {
            return body?["kind"] is JsonValue && body["metadata"] is JsonObject ? null : $"{code} without an object: {shown}";
        }

        // Upstream's one deliberate 500 for bad input: a server-side apply whose configuration does
        // not fit the type's schema ("failed to create typed patch object"), kept as upstream answers it
        // (a plain error: no reason).
        var upstreamApply500 = code == 500 && ((string?)body?["message"])?.StartsWith("failed to create typed patch object", StringComparison.Ordinal) == true;
        if ((code is < 400 or >= 500) && !upstreamApply500)
        {
            return $"{code}: {shown}";
        }

        if (body is null || (string?)body["kind"] != "Status" || (string?)body["apiVersion"] != "v1" || (string?)body["status"] != "Failure"
            || body["code"]?.GetValue<int>() != code || (string.IsNullOrEmpty((string?)body["reason"]) && !upstreamApply500) || string.IsNullOrEmpty((string?)body["message"]))
        {
            return $"{code} without a well-formed Status: {shown}";
        }

        return null;
    }
}
