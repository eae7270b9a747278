using Grpc.Core;

namespace Dotkube.Storage.Etcd;

/// <summary>etcd could not be reached or could not reach quorum; the write may or may not have happened (the API answers 5xx).</summary>
public sealed class EtcdUnavailableException(string operation, RpcException inner)
    : StoreUnavailableException($"etcd {operation} failed: {inner.Status.StatusCode}: {inner.Status.Detail}")
{
    public StatusCode StatusCode { get; } = inner.StatusCode;

    /// <summary>What etcd said, e.g. "etcdserver: request timed out", "etcdserver: no leader".</summary>
    public string Detail { get; } = inner.Status.Detail;

    public override bool TimedOut => StatusCode == StatusCode.DeadlineExceeded
        || Detail.Contains("timed out", StringComparison.Ordinal)
        || Detail.Contains("deadline exceeded", StringComparison.Ordinal);

    /// <summary>
    /// Whether a failed call means "etcd is unreachable or without quorum" rather than a bug. etcd 3.4 answers a
    /// proposal that outlived its server-side context with code Unknown and "context deadline exceeded", not with
    /// DeadlineExceeded, so that detail counts too.
    /// </summary>
    public static bool Describes(RpcException e) => e.StatusCode switch
    {
        StatusCode.Unavailable or StatusCode.DeadlineExceeded => true,
        StatusCode.Unknown => e.Status.Detail.Contains("deadline exceeded", StringComparison.Ordinal),
        _ => false,
    };
}
