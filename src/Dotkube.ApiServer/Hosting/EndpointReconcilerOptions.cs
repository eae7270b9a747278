using Dotkube.Storage.MasterLeases;

namespace Dotkube.ApiServer.Hosting;

/// <summary>
/// kube-apiserver's lease endpoint reconciler (<c>--endpoint-reconciler-type=lease</c>): how this server announces
/// itself in the <c>kubernetes</c> Service's endpoints.
/// </summary>
public sealed record EndpointReconcilerOptions
{
    /// <summary>The address and port this server advertises (<c>--advertise-address</c>, <c>--port</c>).</summary>
    public required MasterEndpoint Self { get; init; }

    /// <summary>The live servers' entries (etcd keys with a TTL, or this process alone).</summary>
    public required IMasterLeases Leases { get; init; }

    /// <summary>How often the entry is renewed and the endpoints reconciled: upstream's 10 s.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an entry outlives its last renewal: upstream's 15 s.</summary>
    public TimeSpan Ttl { get; init; } = TimeSpan.FromSeconds(15);
}
