using System.Collections;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Dotkube.Bench.Extensions;

/// <summary>
/// A structural openAPIV3Schema as large as an operator's CRD that embeds whole Kubernetes types
/// (the Elastic operator's Elasticsearch kind embeds pod templates, claim templates and a
/// Service): built by walking the KubernetesClient model classes by reflection, every property
/// with a description, quantities and int-or-strings as CRD generators emit them.
/// </summary>
internal static class LargeSchema
{
    private const int MaxDepth = 14;

    /// <summary>The CRD schema: spec.nodeSets[] of {name, count, config, podTemplate, volumeClaimTemplates}, spec.http.service, status.</summary>
    public static JsonObject ClusterSchema() => new()
    {
        ["type"] = "object",
        ["description"] = Describe("Cluster", "the schema of a benchmark cluster resource"),
        ["properties"] = new JsonObject
        {
            ["apiVersion"] = new JsonObject { ["type"] = "string" },
            ["kind"] = new JsonObject { ["type"] = "string" },
            ["metadata"] = new JsonObject { ["type"] = "object" },
            ["spec"] = new JsonObject
            {
                ["type"] = "object",
                ["required"] = new JsonArray("version", "nodeSets"),
                ["properties"] = new JsonObject
                {
                    ["version"] = new JsonObject { ["type"] = "string", ["description"] = Describe("version", "the product version") },
                    ["image"] = new JsonObject { ["type"] = "string", ["description"] = Describe("image", "an image to run instead of the default") },
                    ["http"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["properties"] = new JsonObject
                        {
                            ["service"] = Of(typeof(V1Service), 0),
                            ["tls"] = Of(typeof(V1IngressTLS), 0),
                        },
                    },
                    ["transport"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["service"] = Of(typeof(V1Service), 0) } },
                    ["nodeSets"] = new JsonObject
                    {
                        ["type"] = "array",
                        ["minItems"] = 1,
                        ["items"] = new JsonObject
                        {
                            ["type"] = "object",
                            ["required"] = new JsonArray("name", "count"),
                            ["properties"] = new JsonObject
                            {
                                ["name"] = new JsonObject { ["type"] = "string", ["maxLength"] = 23, ["pattern"] = "[a-zA-Z0-9-]+" },
                                ["count"] = new JsonObject { ["type"] = "integer", ["format"] = "int32", ["minimum"] = 0 },
                                ["config"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true },
                                ["podTemplate"] = Of(typeof(V1PodTemplateSpec), 0),
                                ["volumeClaimTemplates"] = new JsonObject { ["type"] = "array", ["items"] = Of(typeof(V1PersistentVolumeClaim), 0) },
                            },
                        },
                    },
                },
            },
            ["status"] = new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject
                {
                    ["phase"] = new JsonObject { ["type"] = "string" },
                    ["availableNodes"] = new JsonObject { ["type"] = "integer", ["format"] = "int32" },
                    ["conditions"] = new JsonObject { ["type"] = "array", ["items"] = Of(typeof(V1Condition), 0) },
                },
            },
        },
    };

    /// <summary>How many schemas (nodes with a type or an int-or-string marker) a schema holds.</summary>
    public static int CountSchemas(JsonNode? node) => node switch
    {
        JsonObject o => (o.ContainsKey("type") || o.ContainsKey("x-kubernetes-int-or-string") ? 1 : 0) + o.Sum(p => CountSchemas(p.Value)),
        JsonArray a => a.Sum(CountSchemas),
        _ => 0,
    };

    private static JsonObject Of(Type type, int depth)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(string))
        {
            return new JsonObject { ["type"] = "string" };
        }
        if (underlying == typeof(bool))
        {
            return new JsonObject { ["type"] = "boolean" };
        }
        if (underlying == typeof(int))
        {
            return new JsonObject { ["type"] = "integer", ["format"] = "int32" };
        }
        if (underlying == typeof(long))
        {
            return new JsonObject { ["type"] = "integer", ["format"] = "int64" };
        }
        if (underlying == typeof(double) || underlying == typeof(float))
        {
            return new JsonObject { ["type"] = "number" };
        }
        if (underlying == typeof(DateTime))
        {
            return new JsonObject { ["type"] = "string", ["format"] = "date-time" };
        }
        if (underlying == typeof(byte[]))
        {
            return new JsonObject { ["type"] = "string", ["format"] = "byte" };
        }
        if (underlying == typeof(ResourceQuantity))
        {
            return new JsonObject
            {
                ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "integer" }, new JsonObject { ["type"] = "string" }),
                ["pattern"] = "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$",
                ["x-kubernetes-int-or-string"] = true,
            };
        }
        if (underlying == typeof(IntOrString))
        {
            return new JsonObject
            {
                ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "integer" }, new JsonObject { ["type"] = "string" }),
                ["x-kubernetes-int-or-string"] = true,
            };
        }
        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(IDictionary<,>))
        {
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = Of(underlying.GetGenericArguments()[1], depth + 1) };
        }
        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(IList<>))
        {
            return new JsonObject { ["type"] = "array", ["items"] = Of(underlying.GetGenericArguments()[0], depth + 1) };
        }
        if (underlying == typeof(object) || typeof(IEnumerable).IsAssignableFrom(underlying) || depth >= MaxDepth)
        {
            return new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
        }
        var properties = new JsonObject();
        foreach (var property in underlying.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonPropertyNameAttribute>() is not { } name)
            {
                continue;
            }
            var schema = Of(property.PropertyType, depth + 1);
            schema["description"] = Describe(name.Name, underlying.Name);
            properties[name.Name] = schema;
        }
        return new JsonObject { ["type"] = "object", ["properties"] = properties };
    }

    // Upstream's field docs run to a few sentences; a fixed-length stand-in keeps the size comparable.
    private static string Describe(string field, string of) =>
        $"{field} of {of}. Generated for the benchmark: a description of about the length Kubernetes' own field documentation has, so the schema's size is realistic.";
}
