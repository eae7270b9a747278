using System.Text.Json.Serialization;

// The KubernetesClient package no longer carries the v1beta1 Ingress types. These records describe
// them in the client's own style and namespace, so that the machinery driven by model types
// (typed field validation, strategic merge patch, OpenAPI definitions such as
// io.k8s.api.networking.v1beta1.Ingress) serves v1beta1 Ingress like any other kind. They are
// descriptions only; objects stay JSON.
#pragma warning disable IDE0130 // The model namespace is what the model-driven code looks in.
namespace k8s.Models;
#pragma warning restore IDE0130

/// <summary>Ingress in networking.k8s.io/v1beta1 (also extensions/v1beta1, the same fields).</summary>
[KubernetesEntity(Group = "networking.k8s.io", Kind = "Ingress", ApiVersion = "v1beta1", PluralName = "ingresses")]
public sealed record Networkingv1beta1Ingress
{
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("metadata")]
    public V1ObjectMeta? Metadata { get; set; }

    [JsonPropertyName("spec")]
    public Networkingv1beta1IngressSpec? Spec { get; set; }

    [JsonPropertyName("status")]
    public Networkingv1beta1IngressStatus? Status { get; set; }
}

/// <summary>v1beta1 IngressSpec: <c>backend</c> is v1's defaultBackend.</summary>
public sealed record Networkingv1beta1IngressSpec
{
    [JsonPropertyName("ingressClassName")]
    public string? IngressClassName { get; set; }

    [JsonPropertyName("backend")]
    public Networkingv1beta1IngressBackend? Backend { get; set; }

    [JsonPropertyName("tls")]
    public IList<V1IngressTLS>? Tls { get; set; }

    [JsonPropertyName("rules")]
    public IList<Networkingv1beta1IngressRule>? Rules { get; set; }
}

/// <summary>v1beta1 IngressBackend: a service by name and int-or-string port, or a resource.</summary>
public sealed record Networkingv1beta1IngressBackend
{
    [JsonPropertyName("serviceName")]
    public string? ServiceName { get; set; }

    [JsonPropertyName("servicePort")]
    public IntOrString? ServicePort { get; set; }

    [JsonPropertyName("resource")]
    public V1TypedLocalObjectReference? Resource { get; set; }
}

public sealed record Networkingv1beta1IngressRule
{
    [JsonPropertyName("host")]
    public string? Host { get; set; }

    [JsonPropertyName("http")]
    public Networkingv1beta1HTTPIngressRuleValue? Http { get; set; }
}

public sealed record Networkingv1beta1HTTPIngressRuleValue
{
    [JsonPropertyName("paths")]
    public IList<Networkingv1beta1HTTPIngressPath>? Paths { get; set; }
}

public sealed record Networkingv1beta1HTTPIngressPath
{
    [JsonPropertyName("path")]
    public string? Path { get; set; }

    [JsonPropertyName("pathType")]
    public string? PathType { get; set; }

    [JsonPropertyName("backend")]
    public Networkingv1beta1IngressBackend? Backend { get; set; }
}

public sealed record Networkingv1beta1IngressStatus
{
    [JsonPropertyName("loadBalancer")]
    public V1IngressLoadBalancerStatus? LoadBalancer { get; set; }
}
