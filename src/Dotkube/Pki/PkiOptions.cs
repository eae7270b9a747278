using System.Net;

namespace Dotkube.Pki;

/// <summary>What the cluster's certificates must name, and the clock they are issued by.</summary>
public sealed record PkiOptions
{
    /// <summary>The address the API server listens on; named in the serving certificate.</summary>
    public string BindAddress { get; init; } = "127.0.0.1";

    /// <summary>The cluster IP of the <c>default/kubernetes</c> Service (first address of the service range).</summary>
    public IPAddress KubernetesServiceIP { get; init; } = IPAddress.Parse("10.96.0.1");

    /// <summary>The cluster's DNS domain, for <c>kubernetes.default.svc.&lt;domain&gt;</c>.</summary>
    public string ClusterDomain { get; init; } = "cluster.local";

    /// <summary>Extra subject alternative names for the serving certificate: IP addresses or DNS names.</summary>
    public IReadOnlyList<string> ExtraSans { get; init; } = [];

    /// <summary>This machine's host name; null means <see cref="Dns.GetHostName"/>.</summary>
    public string? HostName { get; init; }

    /// <summary>
    /// Where this server's own serving certificate and key go; null = the PKI directory. Servers that share one PKI
    /// directory (--pki-dir) keep the CA, the service-account key and the client certificates there, and each its
    /// serving certificate (which names its own addresses) in its data directory.
    /// </summary>
    public string? ServingDirectory { get; init; }

    /// <summary>The clock for validity periods and renewal; tests move it.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
