using Dotkube.Storage.Etcd;
using Grpc.Core;

namespace Dotkube.Storage.Tests.Etcd;

/// <summary>Which gRPC failures mean "etcd is unreachable or without quorum" (a 503/504 Status), and which time out.</summary>
public sealed class EtcdUnavailableExceptionTests
{
    [Theory]
    [InlineData(StatusCode.Unavailable, "etcdserver: no leader", true, false)]
    [InlineData(StatusCode.Unavailable, "etcdserver: request timed out", true, true)]
    [InlineData(StatusCode.DeadlineExceeded, "", true, true)]
    [InlineData(StatusCode.Unknown, "context deadline exceeded", true, true)] // etcd 3.4 when a proposal outlives its context
    [InlineData(StatusCode.Unknown, "some other failure", false, false)]
    [InlineData(StatusCode.InvalidArgument, "etcdserver: request is too large", false, false)]
    public void Classifies_etcd_failures(StatusCode code, string detail, bool unavailable, bool timedOut)
    {
        var e = new RpcException(new Status(code, detail));
        Assert.Equal(unavailable, EtcdUnavailableException.Describes(e));
        if (unavailable)
        {
            Assert.Equal(timedOut, new EtcdUnavailableException("create", e).TimedOut);
        }
    }
}
