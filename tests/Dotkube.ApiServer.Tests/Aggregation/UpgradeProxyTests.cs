using System.Net;
using System.Text;
using Dotkube.ApiServer.Aggregation;
using Dotkube.ApiServer.Authentication;
using Microsoft.AspNetCore.Http;

namespace Dotkube.ApiServer.Tests.Aggregation;

public class UpgradeProxyTests
{
    [Fact]
    public void The_request_head_carries_the_upgrade_and_the_callers_identity_one_line_per_value_without_its_credentials()
    {
        var ctx = new DefaultHttpContext();
        ctx.Request.Method = "POST";
        ctx.Request.Path = "/apis/wardle.example.com/v1alpha1/namespaces/ns/flunders/one/exec";
        ctx.Request.QueryString = new QueryString("?command=sh&stdin=true");
        ctx.Request.Headers.Connection = "Upgrade";
        ctx.Request.Headers.Upgrade = "SPDY/3.1";
        ctx.Request.Headers["X-Stream-Protocol-Version"] = new(["v4.channel.k8s.io", "v3.channel.k8s.io"]);
        ctx.Request.Headers.Authorization = "Bearer secret";
        ctx.Request.Headers["X-Remote-User"] = "forged";
        ctx.Connection.RemoteIpAddress = IPAddress.Parse("10.1.2.3");
        var user = new UserInfo("alice", ["dev", "system:authenticated"]);

        var head = UpgradeProxy.RequestHead(ctx, new Uri("https://10.0.0.7:8443/"), user);

        var lines = head.Split("\r\n");
        Assert.Equal("POST /apis/wardle.example.com/v1alpha1/namespaces/ns/flunders/one/exec?command=sh&stdin=true HTTP/1.1", lines[0]);
        Assert.Contains("Host: 10.0.0.7:8443", lines);
        Assert.Contains("Connection: Upgrade", lines);
        Assert.Contains("Upgrade: SPDY/3.1", lines);
        Assert.Contains("X-Stream-Protocol-Version: v4.channel.k8s.io", lines);
        Assert.Contains("X-Stream-Protocol-Version: v3.channel.k8s.io", lines);
        Assert.Contains("X-Remote-User: alice", lines);
        Assert.Contains("X-Remote-Group: dev", lines);
        Assert.Contains("X-Remote-Group: system:authenticated", lines);
        Assert.Contains("X-Forwarded-For: 10.1.2.3", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("Authorization", StringComparison.OrdinalIgnoreCase) || l == "X-Remote-User: forged");
        Assert.EndsWith("\r\n\r\n", head, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HTTP/1.1 101 Switching Protocols\r\nUpgrade: SPDY/3.1\r\nConnection: Upgrade", 101, 2)]
    [InlineData("HTTP/1.1 400 Bad Request\r\nContent-Length: 5", 400, 1)]
    public void A_response_head_gives_its_status_and_headers(string head, int status, int headerCount)
    {
        var (parsed, headers) = UpgradeProxy.ParseHead(head);
        Assert.Equal(status, parsed);
        Assert.Equal(headerCount, headers.Count);
    }

    [Fact]
    public void A_response_that_is_not_HTTP_is_a_bad_gateway()
    {
        var e = Assert.Throws<Dotkube.Machinery.Errors.StatusException>(() => UpgradeProxy.ParseHead("SSH-2.0-OpenSSH"));
        Assert.Equal(502, e.Code);
    }

    [Theory]
    [InlineData("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", "hello world")]
    [InlineData("3;ext=1\r\nabc\r\n0\r\nTrailer: x\r\n\r\n", "abc")]
    public async Task A_chunked_body_is_decoded(string wire, string body)
    {
        using var output = new MemoryStream();
        await ChunkedBody.CopyAsync(new MemoryStream(Encoding.ASCII.GetBytes(wire)), output, CancellationToken.None);
        Assert.Equal(body, Encoding.ASCII.GetString(output.ToArray()));
    }
}
