using Grpc.Core;

namespace Dotkube.Storage.Etcd;

/// <summary>Recognizes etcd's errors, which arrive as gRPC statuses carrying etcd's own wording.</summary>
internal static class EtcdErrors
{
    public static bool IsCompacted(RpcException e) =>
        e.StatusCode == StatusCode.OutOfRange && e.Status.Detail.Contains("required revision has been compacted", StringComparison.Ordinal);

    public static bool IsFutureRevision(RpcException e) =>
        e.StatusCode == StatusCode.OutOfRange && e.Status.Detail.Contains("future revision", StringComparison.Ordinal);

    /// <summary>"etcdserver: request is too large", or gRPC refusing a message over the member's receive limit.</summary>
    public static bool IsTooLarge(RpcException e) =>
        (e.StatusCode == StatusCode.InvalidArgument && e.Status.Detail.Contains("request is too large", StringComparison.Ordinal))
        || (e.StatusCode == StatusCode.ResourceExhausted && e.Status.Detail.Contains("larger than max", StringComparison.Ordinal));
}
