using System.Reflection;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using k8s.Models;

namespace Dotkube.ApiServer.Tests.OpenApi;

/// <summary>Resource definitions for the OpenAPI tests, shaped like the built-in registrations.</summary>
internal static class TestResources
{
    private sealed class PlainStrategy : ResourceStrategy;

    private static readonly IResourceStrategy Strategy = new PlainStrategy();

    public static ResourceDefinition Pods { get; } = Define<V1Pod>("pods", "pod", namespaced: true,
        subresources: ["status", "binding", "eviction", "log", "exec", "attach", "portforward", "proxy", "ephemeralcontainers"]);

    public static ResourceDefinition ConfigMaps { get; } = Define<V1ConfigMap>("configmaps", "configmap", namespaced: true);

    public static ResourceDefinition Namespaces { get; } = Define<V1Namespace>("namespaces", "namespace", namespaced: false,
        subresources: ["status", "finalize"]);

    public static ResourceDefinition ServiceAccounts { get; } = Define<V1ServiceAccount>("serviceaccounts", "serviceaccount", namespaced: true,
        subresources: ["token"]);

    public static ResourceDefinition Deployments { get; } = Define<V1Deployment>("deployments", "deployment", namespaced: true,
        subresources: ["status", "scale"]);

    public static ResourceDefinition HorizontalPodAutoscalers { get; } = new()
    {
        Group = "autoscaling",
        Versions = ["v2", "v1"],
        Kind = "HorizontalPodAutoscaler",
        Plural = "horizontalpodautoscalers",
        Singular = "horizontalpodautoscaler",
        Namespaced = true,
        Subresources = ["status"],
        StoragePrefix = "/registry/horizontalpodautoscalers",
        Strategy = Strategy,
        ModelTypes = new Dictionary<string, Type> { ["v2"] = typeof(V2HorizontalPodAutoscaler), ["v1"] = typeof(V1HorizontalPodAutoscaler) },
    };

    public static ResourceDefinition TokenReviews { get; } = Define<V1TokenReview>("tokenreviews", "tokenreview", namespaced: false, verbs: ["create"]);

    /// <summary>A custom resource with no KubernetesClient model, as a CRD registers it.</summary>
    public static ResourceDefinition CronTabs { get; } = new()
    {
        Group = "stable.example.com",
        Versions = ["v1"],
        Kind = "CronTab",
        Plural = "crontabs",
        Singular = "crontab",
        Namespaced = true,
        Subresources = ["status", "scale"],
        StoragePrefix = "/registry/stable.example.com/crontabs",
        Strategy = Strategy,
    };

    public static JsonObject CronTabSchema { get; } = JsonNode.Parse("""
        {
          "type": "object",
          "description": "A periodic job.",
          "properties": {
            "spec": {
              "type": "object",
              "properties": {
                "cronSpec": {"type": "string", "description": "When to run."},
                "replicas": {"type": "integer", "format": "int32"},
                "tags": {"type": "array", "items": {"type": "string"}, "x-kubernetes-list-type": "set"}
              },
              "required": ["cronSpec"]
            },
            "status": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}
          }
        }
        """)!.AsObject();

    public static IReadOnlyList<ResourceDefinition> Core { get; } =
        [Pods, ConfigMaps, Namespaces, ServiceAccounts, Deployments, HorizontalPodAutoscalers, TokenReviews];

    /// <summary>
    /// A resource for every listable kind the KubernetesClient models (about as many as a real
    /// cluster serves), to check that every kind renders and to time a full build.
    /// </summary>
    public static IReadOnlyList<ResourceDefinition> AllListableKinds { get; } = BuildAllListableKinds();

    public static ResourceDefinition Define<T>(string plural, string singular, bool namespaced, IReadOnlyList<string>? subresources = null,
        IReadOnlyList<string>? verbs = null, bool returnDeletedObject = false)
    {
        var entity = typeof(T).GetCustomAttribute<KubernetesEntityAttribute>()!;
        return new ResourceDefinition
        {
            Group = entity.Group,
            Versions = [entity.ApiVersion],
            Kind = entity.Kind,
            Plural = plural,
            Singular = singular,
            Namespaced = namespaced,
            Subresources = subresources ?? [],
            Verbs = verbs ?? ResourceDefinition.AllVerbs,
            ReturnDeletedObject = returnDeletedObject,
            StoragePrefix = "/registry/" + plural,
            Strategy = Strategy,
            ModelTypes = new Dictionary<string, Type> { [entity.ApiVersion] = typeof(T) },
        };
    }

    private static List<ResourceDefinition> BuildAllListableKinds()
    {
        var kinds = typeof(V1Pod).Assembly.GetExportedTypes()
            .Select(t => (Type: t, Entity: t.GetCustomAttribute<KubernetesEntityAttribute>()))
            .Where(k => k.Entity is not null)
            .ToList();
        var byKey = kinds.ToDictionary(k => (k.Entity!.Group, k.Entity.ApiVersion, k.Entity.Kind), k => k.Type);
        var resources = new Dictionary<(string, string), (string Kind, string Plural, Dictionary<string, Type> Versions)>();
        foreach (var (type, entity) in kinds)
        {
            if (!byKey.ContainsKey((entity!.Group, entity.ApiVersion, entity.Kind + "List")) || entity.PluralName is null)
            {
                continue;
            }
            if (!resources.TryGetValue((entity.Group, entity.Kind), out var resource))
            {
                resources[(entity.Group, entity.Kind)] = resource = (entity.Kind, entity.PluralName, []);
            }
            resource.Versions[entity.ApiVersion] = type;
        }
        return [.. resources.Select(r => new ResourceDefinition
        {
            Group = r.Key.Item1,
            Versions = [.. r.Value.Versions.Keys.Order(StringComparer.Ordinal)],
            Kind = r.Value.Kind,
            Plural = r.Value.Plural,
            Singular = r.Value.Kind.ToLowerInvariant(),
            Namespaced = r.Value.Kind is not ("Namespace" or "Node" or "PersistentVolume" or "ClusterRole" or "ClusterRoleBinding" or "StorageClass"),
            Subresources = ["status"],
            StoragePrefix = "/registry/" + r.Value.Plural,
            Strategy = Strategy,
            ModelTypes = r.Value.Versions,
        })];
    }
}
