using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Dotkube.Bench.Extensions;

/// <summary>
/// The objects the extensions benchmark creates. A custom resource shaped like the Elastic
/// operator's Elasticsearch (one node set with a pod template and a claim template) and a
/// StatefulSet carrying the same pod and claim templates, so both request bodies are about the
/// same size and only the schema machinery differs.
/// </summary>
internal static class BenchObjects
{
    public const string Group = "bench.dotkube.io";

    public static JsonObject Crd(JsonObject schema) => new()
    {
        ["apiVersion"] = "apiextensions.k8s.io/v1",
        ["kind"] = "CustomResourceDefinition",
        ["metadata"] = new JsonObject { ["name"] = $"clusters.{Group}" },
        ["spec"] = new JsonObject
        {
            ["group"] = Group,
            ["scope"] = "Namespaced",
            ["names"] = new JsonObject { ["plural"] = "clusters", ["singular"] = "cluster", ["kind"] = "Cluster", ["listKind"] = "ClusterList" },
            ["versions"] = new JsonArray(new JsonObject
            {
                ["name"] = "v1",
                ["served"] = true,
                ["storage"] = true,
                ["schema"] = new JsonObject { ["openAPIV3Schema"] = schema },
                ["subresources"] = new JsonObject { ["status"] = new JsonObject() },
            }),
        },
    };

    public static string Cluster(string ns, string name) => new JsonObject
    {
        ["apiVersion"] = $"{Group}/v1",
        ["kind"] = "Cluster",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["version"] = "8.15.0",
            ["nodeSets"] = new JsonArray(new JsonObject
            {
                ["name"] = "default",
                ["count"] = 3,
                ["config"] = new JsonObject { ["node.store.allow_mmap"] = false },
                ["podTemplate"] = PodTemplate(),
                ["volumeClaimTemplates"] = new JsonArray(ClaimTemplate()),
            }),
        },
    }.ToJsonString();

    public static string StatefulSet(string ns, string name) => new JsonObject
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "StatefulSet",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["replicas"] = 3,
            ["serviceName"] = name,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "search" } },
            ["template"] = PodTemplate(),
            ["volumeClaimTemplates"] = new JsonArray(ClaimTemplate()),
        },
    }.ToJsonString();

    /// <summary>A ConfigMap of about 1 KB.</summary>
    public static string ConfigMap(string ns, string name) => new JsonObject
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = new JsonObject { ["app"] = "bench" } },
        ["data"] = new JsonObject { ["settings"] = new string('x', 900) },
    }.ToJsonString();

    public static HttpRequestMessage Post(string path, string json)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
    }

    private static JsonObject PodTemplate() => new()
    {
        ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "search", ["tier"] = "data" }, ["annotations"] = new JsonObject { ["co.elastic.logs/enabled"] = "true" } },
        ["spec"] = new JsonObject
        {
            ["initContainers"] = new JsonArray(new JsonObject
            {
                ["name"] = "sysctl",
                ["image"] = "busybox:1.36",
                ["command"] = new JsonArray("sh", "-c", "sysctl -w vm.max_map_count=262144"),
                ["securityContext"] = new JsonObject { ["privileged"] = true, ["runAsUser"] = 0 },
            }),
            ["containers"] = new JsonArray(Container("search", "docker.elastic.co/elasticsearch/elasticsearch:8.15.0", 9200), Container("exporter", "quay.io/prometheuscommunity/elasticsearch-exporter:v1.7.0", 9114)),
            ["volumes"] = new JsonArray(
                new JsonObject { ["name"] = "tmp", ["emptyDir"] = new JsonObject { ["sizeLimit"] = "1Gi" } },
                new JsonObject { ["name"] = "config", ["configMap"] = new JsonObject { ["name"] = "search-config", ["defaultMode"] = 420 } },
                new JsonObject { ["name"] = "certs", ["secret"] = new JsonObject { ["secretName"] = "search-certs", ["optional"] = false } }),
            ["affinity"] = new JsonObject
            {
                ["podAntiAffinity"] = new JsonObject
                {
                    ["preferredDuringSchedulingIgnoredDuringExecution"] = new JsonArray(new JsonObject
                    {
                        ["weight"] = 100,
                        ["podAffinityTerm"] = new JsonObject
                        {
                            ["labelSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "search" } },
                            ["topologyKey"] = "kubernetes.io/hostname",
                        },
                    }),
                },
            },
            ["tolerations"] = new JsonArray(new JsonObject { ["key"] = "dedicated", ["operator"] = "Equal", ["value"] = "search", ["effect"] = "NoSchedule" }),
            ["terminationGracePeriodSeconds"] = 180,
        },
    };

    private static JsonObject Container(string name, string image, int port) => new()
    {
        ["name"] = name,
        ["image"] = image,
        ["env"] = new JsonArray([.. Enumerable.Range(0, 8).Select(i => (JsonNode)new JsonObject { ["name"] = $"SETTING_{i}", ["value"] = $"value-{i}-for-{name}" })]),
        ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["containerPort"] = port, ["protocol"] = "TCP" }),
        ["resources"] = new JsonObject
        {
            ["requests"] = new JsonObject { ["cpu"] = "500m", ["memory"] = "2Gi" },
            ["limits"] = new JsonObject { ["memory"] = "2Gi" },
        },
        ["volumeMounts"] = new JsonArray(
            new JsonObject { ["name"] = "tmp", ["mountPath"] = "/tmp" },
            new JsonObject { ["name"] = "config", ["mountPath"] = "/etc/search", ["readOnly"] = true },
            new JsonObject { ["name"] = "certs", ["mountPath"] = "/etc/certs", ["readOnly"] = true }),
        ["readinessProbe"] = new JsonObject
        {
            ["httpGet"] = new JsonObject { ["path"] = "/_cluster/health", ["port"] = port },
            ["initialDelaySeconds"] = 10,
            ["periodSeconds"] = 5,
            ["failureThreshold"] = 3,
        },
        ["securityContext"] = new JsonObject { ["runAsNonRoot"] = true, ["allowPrivilegeEscalation"] = false, ["capabilities"] = new JsonObject { ["drop"] = new JsonArray("ALL") } },
    };

    private static JsonObject ClaimTemplate() => new()
    {
        ["metadata"] = new JsonObject { ["name"] = "data" },
        ["spec"] = new JsonObject
        {
            ["accessModes"] = new JsonArray("ReadWriteOnce"),
            ["storageClassName"] = "standard",
            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = "10Gi" } },
        },
    };
}
