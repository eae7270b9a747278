using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources;
using Dotkube.ApiServer.Resources.Legacy;

namespace Dotkube.ApiServer.Tests.Resources.Legacy;

/// <summary>Legacy versions converted to the stored version and back, through the served definitions.</summary>
public class LegacyConversionTests
{
    private static ResourceDefinition Def(string group, string plural) =>
        BuiltinResources.WithLegacyVersions.Single(d => d.Group == group && d.Plural == plural);

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    public static TheoryData<string, string, string, string> RoundTrips => new()
    {
        {
            "a v1beta1 ingress with a named and a numbered port",
            "networking.k8s.io", "ingresses",
            """{"apiVersion":"networking.k8s.io/v1beta1","kind":"Ingress","metadata":{"name":"x"},"spec":{"backend":{"serviceName":"web","servicePort":80},"rules":[{"host":"a.b","http":{"paths":[{"path":"/","pathType":"Prefix","backend":{"serviceName":"web","servicePort":"http"}}]}}]}}"""
        },
        {
            "an extensions ingress with a resource backend",
            "extensions", "ingresses",
            """{"apiVersion":"extensions/v1beta1","kind":"Ingress","metadata":{"name":"x"},"spec":{"backend":{"resource":{"apiGroup":"k8s.example.com","kind":"Bucket","name":"b"}}}}"""
        },
        {
            "a v1beta1 CRD with one schema for all versions",
            "apiextensions.k8s.io", "customresourcedefinitions",
            """{"apiVersion":"apiextensions.k8s.io/v1beta1","kind":"CustomResourceDefinition","metadata":{"name":"as.x.io"},"spec":{"group":"x.io","names":{"plural":"as","singular":"a","kind":"A","listKind":"AList"},"scope":"Cluster","version":"v1","validation":{"openAPIV3Schema":{"type":"object"}},"additionalPrinterColumns":[{"name":"N","type":"string","JSONPath":".n"}],"versions":[{"name":"v1","served":true,"storage":true},{"name":"v2","served":true,"storage":false}],"conversion":{"strategy":"None"},"preserveUnknownFields":false}}"""
        },
        {
            "a v1beta1 CRD with per-version schemas and a webhook conversion",
            "apiextensions.k8s.io", "customresourcedefinitions",
            """{"apiVersion":"apiextensions.k8s.io/v1beta1","kind":"CustomResourceDefinition","metadata":{"name":"as.x.io"},"spec":{"group":"x.io","names":{"plural":"as","singular":"a","kind":"A","listKind":"AList"},"scope":"Namespaced","version":"v1","versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object"}}},{"name":"v2","served":true,"storage":false,"schema":{"openAPIV3Schema":{"type":"string"}}}],"conversion":{"strategy":"Webhook","webhookClientConfig":{"url":"https://c.x.io"},"conversionReviewVersions":["v1beta1"]},"preserveUnknownFields":true}}"""
        },
    };

    [Theory]
    [MemberData(nameof(RoundTrips))]
    public void A_defaulted_legacy_object_survives_a_trip_through_storage_unchanged(string what, string group, string plural, string json)
    {
        var def = Def(group, plural);
        var legacy = Parse(json);

        var stored = VersionBridge.ToStorage((JsonObject)legacy.DeepClone(), def);
        var back = VersionBridge.ToServed((JsonObject)stored.DeepClone(), def, "v1beta1");

        Assert.Equal(def.StorageApiVersion, stored["apiVersion"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(Sorted(legacy), Sorted(back)), $"{what}:\n{legacy.ToJsonString()}\n{back.ToJsonString()}");
    }

    [Fact]
    public void A_v1beta1_ingress_backend_becomes_a_v1_service_backend()
    {
        var stored = VersionBridge.ToStorage(Parse("""{"apiVersion":"networking.k8s.io/v1beta1","kind":"Ingress","metadata":{"name":"x"},"spec":{"backend":{"serviceName":"web","servicePort":"http"},"rules":[{"http":{"paths":[{"backend":{"serviceName":"api","servicePort":8080}}]}}]}}"""), Def("networking.k8s.io", "ingresses"));

        Assert.Equal("""{"service":{"name":"web","port":{"name":"http"}}}""", stored["spec"]!["defaultBackend"]!.ToJsonString());
        var path = stored["spec"]!["rules"]![0]!["http"]!["paths"]![0]!;
        Assert.Equal("""{"service":{"name":"api","port":{"number":8080}}}""", path["backend"]!.ToJsonString());
        Assert.Equal("ImplementationSpecific", path["pathType"]!.GetValue<string>());
    }

    [Fact]
    public void A_v1beta1_crd_spreads_its_top_level_schema_subresources_and_columns_over_every_version()
    {
        var stored = VersionBridge.ToStorage(Parse("""{"apiVersion":"apiextensions.k8s.io/v1beta1","kind":"CustomResourceDefinition","metadata":{"name":"as.x.io"},"spec":{"group":"x.io","names":{"plural":"as","kind":"A"},"versions":[{"name":"v1","served":true,"storage":true},{"name":"v2","served":true,"storage":false}],"validation":{"openAPIV3Schema":{"type":"object"}},"subresources":{"status":{}},"additionalPrinterColumns":[{"name":"N","type":"string","JSONPath":".n"}]}}"""), Def("apiextensions.k8s.io", "customresourcedefinitions"));

        var spec = stored["spec"]!;
        Assert.Equal("Namespaced", spec["scope"]!.GetValue<string>());
        Assert.Equal("a", spec["names"]!["singular"]!.GetValue<string>());
        Assert.Equal("AList", spec["names"]!["listKind"]!.GetValue<string>());
        Assert.True(spec["preserveUnknownFields"]!.GetValue<bool>());
        Assert.Null(spec["version"]);
        Assert.Null(spec["validation"]);
        foreach (var version in spec["versions"]!.AsArray())
        {
            Assert.Equal("""{"openAPIV3Schema":{"type":"object"}}""", version!["schema"]!.ToJsonString());
            Assert.Equal("""{"status":{}}""", version["subresources"]!.ToJsonString());
            Assert.Equal("""[{"name":"N","type":"string","jsonPath":".n"}]""", version["additionalPrinterColumns"]!.ToJsonString());
        }
    }

    [Fact]
    public void A_v1_crd_read_as_v1beta1_says_preserveUnknownFields_false_and_names_its_first_version()
    {
        var v1 = Parse("""{"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"as.x.io"},"spec":{"group":"x.io","names":{"plural":"as","kind":"A"},"scope":"Cluster","versions":[{"name":"v2","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object"}}}],"conversion":{"strategy":"Webhook","webhook":{"clientConfig":{"url":"https://c"},"conversionReviewVersions":["v1"]}}}}""");

        var legacy = VersionBridge.ToServed(v1, Def("apiextensions.k8s.io", "customresourcedefinitions"), "v1beta1");

        var spec = legacy["spec"]!;
        Assert.Equal("v2", spec["version"]!.GetValue<string>());
        Assert.False(spec["preserveUnknownFields"]!.GetValue<bool>());
        Assert.Equal("""{"openAPIV3Schema":{"type":"object"}}""", spec["validation"]!.ToJsonString());
        Assert.Equal("""{"strategy":"Webhook","webhookClientConfig":{"url":"https://c"},"conversionReviewVersions":["v1"]}""", spec["conversion"]!.ToJsonString());
    }

    [Theory]
    [InlineData("extensions", "deployments", "Deployment", "spec.strategy.rollingUpdate.maxSurge", "1")]
    [InlineData("extensions", "deployments", "Deployment", "spec.revisionHistoryLimit", "2147483647")]
    [InlineData("extensions", "deployments", "Deployment", "spec.progressDeadlineSeconds", "2147483647")]
    [InlineData("extensions", "deployments", "Deployment", "spec.selector", """{"matchLabels":{"app":"a"}}""")]
    [InlineData("extensions", "deployments", "Deployment", "metadata.labels", """{"app":"a"}""")]
    [InlineData("extensions", "daemonsets", "DaemonSet", "spec.updateStrategy.type", "\"OnDelete\"")]
    [InlineData("extensions", "replicasets", "ReplicaSet", "spec.replicas", "1")]
    [InlineData("extensions", "replicasets", "ReplicaSet", "spec.selector", """{"matchLabels":{"app":"a"}}""")]
    public void Extensions_workloads_get_the_v1beta1_defaults_before_conversion(string group, string plural, string kind, string path, string expected)
    {
        var def = Def(group, plural);
        var obj = Parse("""{"apiVersion":"extensions/v1beta1","kind":"KIND","metadata":{"name":"x"},"spec":{"template":{"metadata":{"labels":{"app":"a"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}""".Replace("KIND", kind, StringComparison.Ordinal));

        var stored = VersionBridge.ToStorage(obj, def);

        Assert.Equal("apps/v1", stored["apiVersion"]!.GetValue<string>());
        JsonNode? node = stored;
        foreach (var key in path.Split('.'))
        {
            node = node?[key];
        }
        Assert.Equal(expected, node?.ToJsonString());
    }

    [Theory]
    [InlineData("failurePolicy", "\"Ignore\"")]
    [InlineData("matchPolicy", "\"Exact\"")]
    [InlineData("sideEffects", "\"Unknown\"")]
    [InlineData("timeoutSeconds", "30")]
    [InlineData("admissionReviewVersions", """["v1beta1"]""")]
    [InlineData("reinvocationPolicy", "\"Never\"")]
    public void A_v1beta1_mutating_webhook_gets_the_v1beta1_defaults(string field, string expected)
    {
        var obj = Parse("""{"apiVersion":"admissionregistration.k8s.io/v1beta1","kind":"MutatingWebhookConfiguration","metadata":{"name":"x"},"webhooks":[{"name":"a.b.c","clientConfig":{"url":"https://a"}}]}""");

        var stored = VersionBridge.ToStorage(obj, Def("admissionregistration.k8s.io", "mutatingwebhookconfigurations"));

        Assert.Equal(expected, stored["webhooks"]![0]![field]!.ToJsonString());
    }

    [Theory]
    [InlineData("rbac.authorization.k8s.io", "clusterroles", "v1beta1", "rbac.authorization.k8s.io/v1beta1 ClusterRole is deprecated in v1.17+, unavailable in v1.22+; use rbac.authorization.k8s.io/v1 ClusterRole")]
    [InlineData("storage.k8s.io", "csistoragecapacities", "v1beta1", "storage.k8s.io/v1beta1 CSIStorageCapacity is deprecated in v1.24+, unavailable in v1.27+; use storage.k8s.io/v1 CSIStorageCapacity")]
    [InlineData("extensions", "networkpolicies", "v1beta1", "extensions/v1beta1 NetworkPolicy is deprecated in v1.9+, unavailable in v1.16+; use networking.k8s.io/v1 NetworkPolicy")]
    [InlineData("apiregistration.k8s.io", "apiservices", "v1beta1", "apiregistration.k8s.io/v1beta1 APIService is deprecated in v1.19+, unavailable in v1.22+; use apiregistration.k8s.io/v1 APIService")]
    [InlineData("policy", "podsecuritypolicies", "v1beta1", "policy/v1beta1 PodSecurityPolicy is deprecated in v1.21+, unavailable in v1.25+")]
    public void Each_legacy_version_carries_upstreams_warning(string group, string plural, string version, string warning)
    {
        var def = Def(group, plural);

        Assert.Equal(warning, def.DeprecationWarnings[version]);
        Assert.Equal(version, def.Versions[^1]);
    }

    [Fact]
    public void Current_versions_are_unchanged_and_come_first()
    {
        var legacy = BuiltinResources.WithLegacyVersions;

        foreach (var def in BuiltinResources.All)
        {
            var served = legacy.Single(d => d.Group == def.Group && d.Plural == def.Plural);
            Assert.Equal(def.Versions, served.Versions.Take(def.Versions.Count));
            Assert.Empty(def.DeprecationWarnings);
        }
        Assert.Equal(BuiltinResources.All.Count + 6, legacy.Count);
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sorted)]),
        _ => node?.DeepClone(),
    };
}
