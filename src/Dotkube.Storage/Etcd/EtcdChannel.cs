using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dotkube.Storage.Etcd;

/// <summary>
/// Builds the one gRPC channel a store uses to reach every member: round-robin over the endpoints (as
/// etcd's Go client balances), HTTP/2 keep-alive pings so a dead member is noticed, and no limit on
/// received messages (a list of many large objects exceeds gRPC's default 4 MiB).
/// </summary>
internal static class EtcdChannel
{
    public static GrpcChannel Create(EtcdOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfZero(options.Endpoints.Count);
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = TimeSpan.FromSeconds(10),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        };
        if (options.UseTls)
        {
            handler.SslOptions = TlsOptions(options);
        }

        var services = new ServiceCollection();
        services.AddSingleton<ResolverFactory>(new StaticResolverFactory(
            _ => options.Endpoints.Select(uri => new BalancerAddress(uri.Host, uri.Port)).ToArray()));
        var channelOptions = new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = null,
            MaxSendMessageSize = null,
            ServiceProvider = services.BuildServiceProvider(),
            ServiceConfig = new ServiceConfig { LoadBalancingConfigs = { new RoundRobinConfig() } },
            Credentials = options.UseTls ? Grpc.Core.ChannelCredentials.SecureSsl : Grpc.Core.ChannelCredentials.Insecure,
        };
        return GrpcChannel.ForAddress("static:///etcd", channelOptions);
    }

    private static SslClientAuthenticationOptions TlsOptions(EtcdOptions options)
    {
        var ssl = new SslClientAuthenticationOptions();
        if (options.CertFile is not null && options.KeyFile is not null)
        {
            // Re-exported so the key is usable on every platform (an ephemeral PEM key is not on some).
            using var pem = X509Certificate2.CreateFromPemFile(options.CertFile, options.KeyFile);
            ssl.ClientCertificates = [X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null)];
        }

        if (options.CaFile is not null)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(options.CaFile);
            ssl.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                certificate is not null && ValidatesAgainst(roots, new X509Certificate2(certificate), errors);
        }

        return ssl;
    }

    /// <summary>Chains the member's certificate to the given CA only (not the system roots); the name must still match.</summary>
    private static bool ValidatesAgainst(X509Certificate2Collection roots, X509Certificate2 certificate, SslPolicyErrors errors)
    {
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0 || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
