namespace Dotkube.ApiServer.OpenApi;

/// <summary>How a subresource is served; the facts OpenAPI needs beyond its name.</summary>
internal enum SubresourceShape
{
    /// <summary>get, put and patch of an object (status, scale, ephemeralcontainers, resize, approval).</summary>
    ReadWrite,

    /// <summary>put only (namespaces/finalize).</summary>
    ReplaceOnly,

    /// <summary>post of another kind (pods/binding, pods/eviction, serviceaccounts/token).</summary>
    Create,

    /// <summary>get returning text (pods/log).</summary>
    Log,

    /// <summary>a streaming connection upgraded from get or post (exec, attach, portforward).</summary>
    Connect,

    /// <summary>every method, with and without a trailing path (proxy).</summary>
    Proxy,
}

/// <summary>A subresource's shape and the kind its requests and responses carry.</summary>
internal sealed record SubresourceKind(SubresourceShape Shape, GroupVersionKind? Kind, string? OptionsKindSuffix = null)
{
    /// <summary>
    /// The subresources of built-in resources, as facts; any other name (a custom resource's
    /// status or scale is covered) is read and written as the parent kind.
    /// </summary>
    public static SubresourceKind For(string subresource, GroupVersionKind parent) => subresource switch
    {
        "scale" => new(SubresourceShape.ReadWrite, new("autoscaling", "v1", "Scale")),
        "binding" => new(SubresourceShape.Create, new("", "v1", "Binding")),
        "eviction" => new(SubresourceShape.Create, new("policy", "v1", "Eviction")),
        "token" => new(SubresourceShape.Create, new("authentication.k8s.io", "v1", "TokenRequest")),
        "finalize" => new(SubresourceShape.ReplaceOnly, parent),
        "log" => new(SubresourceShape.Log, parent),
        "exec" => new(SubresourceShape.Connect, parent, "ExecOptions"),
        "attach" => new(SubresourceShape.Connect, parent, "AttachOptions"),
        "portforward" => new(SubresourceShape.Connect, parent, "PortForwardOptions"),
        "proxy" => new(SubresourceShape.Proxy, parent, "ProxyOptions"),
        _ => new(SubresourceShape.ReadWrite, parent),
    };
}
