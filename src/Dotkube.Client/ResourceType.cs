using System.Collections.Concurrent;
using System.Reflection;
using k8s.Models;

namespace Dotkube.Client;

/// <summary>
/// A resource addressed generically: API group ("" for the core group), version, plural name, kind
/// and whether its objects live in a namespace. Builds the REST paths of the Kubernetes API.
/// </summary>
public sealed record ResourceType(string Group, string Version, string Plural, string Kind, bool Namespaced)
{
    public static readonly ResourceType Pods = Core("pods", "Pod");
    public static readonly ResourceType Nodes = Core("nodes", "Node", namespaced: false);
    public static readonly ResourceType Namespaces = Core("namespaces", "Namespace", namespaced: false);
    public static readonly ResourceType Services = Core("services", "Service");
    public static readonly ResourceType Endpoints = Core("endpoints", "Endpoints");
    public static readonly ResourceType ConfigMaps = Core("configmaps", "ConfigMap");
    public static readonly ResourceType Secrets = Core("secrets", "Secret");
    public static readonly ResourceType ServiceAccounts = Core("serviceaccounts", "ServiceAccount");
    public static readonly ResourceType Events = Core("events", "Event");
    public static readonly ResourceType PersistentVolumeClaims = Core("persistentvolumeclaims", "PersistentVolumeClaim");
    public static readonly ResourceType PersistentVolumes = Core("persistentvolumes", "PersistentVolume", namespaced: false);
    public static readonly ResourceType ReplicationControllers = Core("replicationcontrollers", "ReplicationController");
    public static readonly ResourceType Deployments = new("apps", "v1", "deployments", "Deployment", true);
    public static readonly ResourceType ReplicaSets = new("apps", "v1", "replicasets", "ReplicaSet", true);
    public static readonly ResourceType StatefulSets = new("apps", "v1", "statefulsets", "StatefulSet", true);
    public static readonly ResourceType DaemonSets = new("apps", "v1", "daemonsets", "DaemonSet", true);
    public static readonly ResourceType ControllerRevisions = new("apps", "v1", "controllerrevisions", "ControllerRevision", true);
    public static readonly ResourceType Jobs = new("batch", "v1", "jobs", "Job", true);
    public static readonly ResourceType CronJobs = new("batch", "v1", "cronjobs", "CronJob", true);
    public static readonly ResourceType Leases = new("coordination.k8s.io", "v1", "leases", "Lease", true);
    public static readonly ResourceType EndpointSlices = new("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", true);

    private static readonly ConcurrentDictionary<Type, ResourceType> ByModel = new();

    // Kinds of the built-in API that are cluster-scoped; the KubernetesClient models do not say.
    private static readonly HashSet<string> ClusterScopedKinds =
    [
        "Node", "Namespace", "PersistentVolume", "ComponentStatus", "ClusterRole", "ClusterRoleBinding",
        "StorageClass", "CSIDriver", "CSINode", "VolumeAttachment", "PriorityClass", "RuntimeClass",
        "IngressClass", "CustomResourceDefinition", "APIService", "MutatingWebhookConfiguration",
        "ValidatingWebhookConfiguration", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding",
        "CertificateSigningRequest", "FlowSchema", "PriorityLevelConfiguration", "TokenReview",
        "SubjectAccessReview", "SelfSubjectAccessReview", "SelfSubjectRulesReview", "SelfSubjectReview",
        "IPAddress", "ServiceCIDR", "DeviceClass",
    ];

    /// <summary>"v1" for the core group, "group/version" otherwise.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The resource of a KubernetesClient model type, from its <see cref="KubernetesEntityAttribute"/>.</summary>
    public static ResourceType For<T>() => For(typeof(T));

    public static ResourceType For(Type model) => ByModel.GetOrAdd(model, static t =>
    {
        var entity = t.GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new ArgumentException($"{t.Name} has no KubernetesEntity attribute; name its ResourceType explicitly.", nameof(model));
        return new ResourceType(entity.Group ?? "", entity.ApiVersion, entity.PluralName, entity.Kind, !ClusterScopedKinds.Contains(entity.Kind));
    });

    /// <summary>
    /// The path of the collection (<paramref name="name"/> null) or of one object, optionally of a
    /// subresource; <paramref name="ns"/> null or empty on a namespaced resource means all namespaces.
    /// </summary>
    public string Path(string? ns = null, string? name = null, string? subresource = null)
    {
        var prefix = Group.Length == 0 ? "/api/v1" : $"/apis/{Group}/{Version}";
        var path = Namespaced && !string.IsNullOrEmpty(ns)
            ? $"{prefix}/namespaces/{Uri.EscapeDataString(ns)}/{Plural}"
            : $"{prefix}/{Plural}";
        if (name is not null)
        {
            path += "/" + Uri.EscapeDataString(name);
            if (subresource is not null)
            {
                path += "/" + subresource;
            }
        }
        return path;
    }

    public override string ToString() => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    private static ResourceType Core(string plural, string kind, bool namespaced = true) => new("", "v1", plural, kind, namespaced);
}
