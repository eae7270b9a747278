using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Dotkube.E2E.BadInput;

namespace Dotkube.E2E.Aggregation;

/// <summary>Upgrade requests (SPDY/3.1 as exec and port-forward use, websockets) proxied to the backend.</summary>
public partial class AggregatedApiTests
{
    [Fact]
    public async Task A_SPDY_upgrade_is_tunnelled_to_the_backend_with_the_callers_identity()
    {
        var (group, ns, name, backend) = await StartAvailableBackendAsync();
        await using var _ = backend;
        try
        {
            using var admin = AdminHttp.For(Server);
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(DotkubeServerHost, Server.Port);
            await using var tls = new SslStream(tcp.GetStream());
            await tls.AuthenticateAsClientAsync(admin.SslOptions());
            var head = $"POST /apis/{group}/{WardleBackend.Version}/namespaces/{ns}/flunders/one/exec?command=sh HTTP/1.1\r\n" +
                $"Host: {DotkubeServerHost}:{Server.Port}\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n" +
                "X-Stream-Protocol-Version: v4.channel.k8s.io\r\nX-Stream-Protocol-Version: v3.channel.k8s.io\r\nContent-Length: 0\r\n\r\n";
            await tls.WriteAsync(Encoding.ASCII.GetBytes(head));
            var reader = new StreamReader(tls, Encoding.ASCII);
            var status = await reader.ReadLineAsync();
            Assert.StartsWith("HTTP/1.1 101", status, StringComparison.Ordinal);
            var headers = new List<string>();
            string? line;
            while ((line = await reader.ReadLineAsync()) is { Length: > 0 })
            {
                headers.Add(line);
            }
            Assert.Contains(headers, h => h.Equals("Upgrade: SPDY/3.1", StringComparison.OrdinalIgnoreCase));
            Assert.Contains(headers, h => h.Equals("X-Stream-Protocol-Version: v4.channel.k8s.io", StringComparison.OrdinalIgnoreCase));
            Assert.StartsWith("dotkube-admin|system:masters,system:authenticated|", await reader.ReadLineAsync(), StringComparison.Ordinal);
            await tls.WriteAsync("ping over the tunnel\n"u8.ToArray());
            Assert.Equal("ping over the tunnel", await reader.ReadLineAsync());
        }
        finally
        {
            await Server.Kubectl(["delete", "apiservice", name, "--ignore-not-found"]);
        }
    }

    [Fact]
    public async Task A_websocket_upgrade_is_tunnelled_to_the_backend()
    {
        var (group, ns, name, backend) = await StartAvailableBackendAsync();
        await using var _ = backend;
        try
        {
            using var admin = AdminHttp.For(Server);
            var ssl = admin.SslOptions();
            using var invoker = new HttpMessageInvoker(new SocketsHttpHandler
            {
                SslOptions = new SslClientAuthenticationOptions { ClientCertificates = ssl.ClientCertificates, RemoteCertificateValidationCallback = ssl.RemoteCertificateValidationCallback },
            });
            using var socket = new ClientWebSocket();
            socket.Options.AddSubProtocol("v5.channel.k8s.io");
            await socket.ConnectAsync(new Uri($"wss://{DotkubeServerHost}:{Server.Port}/apis/{group}/{WardleBackend.Version}/namespaces/{ns}/flunders/one/exec?command=sh"), invoker, CancellationToken.None);
            Assert.Equal("v5.channel.k8s.io", socket.SubProtocol);
            var buffer = new byte[4096];
            var identity = await socket.ReceiveAsync(buffer, CancellationToken.None);
            Assert.StartsWith("dotkube-admin|system:masters,system:authenticated|", Encoding.UTF8.GetString(buffer, 0, identity.Count), StringComparison.Ordinal);
            await socket.SendAsync("hello through the aggregator"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
            var echo = await socket.ReceiveAsync(buffer, CancellationToken.None);
            Assert.Equal("hello through the aggregator", Encoding.UTF8.GetString(buffer, 0, echo.Count));
        }
        finally
        {
            await Server.Kubectl(["delete", "apiservice", name, "--ignore-not-found"]);
        }
    }

    private const string DotkubeServerHost = Harness.DotkubeServer.BindAddress;

    private async Task<(string Group, string Ns, string Name, WardleBackend Backend)> StartAvailableBackendAsync()
    {
        var group = $"wardle{Random.Shared.Next(100000)}.example.com";
        var (ns, backend) = await StartBackendAsync(group);
        var name = $"{WardleBackend.Version}.{group}";
        (await Server.Kubectl(["apply", "-f", "-"], ApiServiceYaml(group, ns, "wardle", backend.Port, backend.CaBundle))).EnsureSuccess();
        await Kubectl("wait", "--for=condition=Available", $"apiservice/{name}", "--timeout=30s");
        return (group, ns, name, backend);
    }
}
