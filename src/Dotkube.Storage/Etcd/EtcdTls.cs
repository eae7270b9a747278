namespace Dotkube.Storage.Etcd;

/// <summary>The <c>--etcd-cafile</c>, <c>--etcd-certfile</c> and <c>--etcd-keyfile</c> flags (kube-apiserver's names).</summary>
public sealed record EtcdTls(string? CaFile = null, string? CertFile = null, string? KeyFile = null)
{
    public static EtcdTls None { get; } = new();
}
