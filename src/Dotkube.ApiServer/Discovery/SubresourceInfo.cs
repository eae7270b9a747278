namespace Dotkube.ApiServer.Discovery;

/// <summary>How discovery describes a subresource: the kind it answers with, and its verbs.</summary>
/// <param name="Group">group of the response kind; null = the resource's own group and version.</param>
public sealed record SubresourceInfo(string? Group, string? Version, string? Kind, IReadOnlyList<string> Verbs)
{
    /// <summary>Upstream's discovery facts for the subresources dotkube registers.</summary>
    public static SubresourceInfo For(string subresource, string resource) => subresource switch
    {
        "status" => new(null, null, null, ["get", "patch", "update"]),
        "scale" => new("autoscaling", "v1", "Scale", ["get", "patch", "update"]),
        "binding" => new("", "v1", "Binding", ["create"]),
        "eviction" => new("policy", "v1", "Eviction", ["create"]),
        "log" => new(null, null, null, ["get"]),
        "exec" => new("", "v1", "PodExecOptions", ["create", "get"]),
        "attach" => new("", "v1", "PodAttachOptions", ["create", "get"]),
        "portforward" => new("", "v1", "PodPortForwardOptions", ["create", "get"]),
        "proxy" => new("", "v1", resource switch { "pods" => "PodProxyOptions", "services" => "ServiceProxyOptions", _ => "NodeProxyOptions" },
            ["create", "delete", "get", "patch", "update"]),
        "ephemeralcontainers" => new(null, null, null, ["get", "patch", "update"]),
        "resize" => new(null, null, null, ["get", "patch", "update"]),
        "finalize" => new(null, null, null, ["update"]),
        "token" => new("authentication.k8s.io", "v1", "TokenRequest", ["create"]),
        "approval" => new(null, null, null, ["get", "patch", "update"]),
        _ => new(null, null, null, ["get"]),
    };
}
