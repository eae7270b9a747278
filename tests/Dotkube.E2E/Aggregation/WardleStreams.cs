using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Dotkube.E2E.Aggregation;

/// <summary>
/// The backend's streaming endpoint (.../flunders/NAME/exec), standing in for exec, attach and
/// port-forward: an HTTP/1.1 upgrade to SPDY/3.1 (answered 101 with the negotiated
/// X-Stream-Protocol-Version) or to a websocket. Either way it first sends the caller's identity
/// as the backend saw it, then echoes what it receives.
/// </summary>
public static class WardleStreams
{
    public static async Task ServeAsync(HttpContext ctx, string identity)
    {
        if (ctx.WebSockets.IsWebSocketRequest)
        {
            using var socket = await ctx.WebSockets.AcceptWebSocketAsync(ctx.WebSockets.WebSocketRequestedProtocols.FirstOrDefault());
            await socket.SendAsync(Encoding.UTF8.GetBytes(identity), WebSocketMessageType.Text, true, ctx.RequestAborted);
            var buffer = new byte[4096];
            var received = await socket.ReceiveAsync(buffer, ctx.RequestAborted);
            await socket.SendAsync(buffer.AsMemory(0, received.Count), WebSocketMessageType.Text, true, ctx.RequestAborted);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", ctx.RequestAborted);
            return;
        }
        var upgrade = ctx.Features.Get<IHttpUpgradeFeature>();
        if (upgrade is not { IsUpgradableRequest: true } || !string.Equals(ctx.Request.Headers.Upgrade, "SPDY/3.1", StringComparison.OrdinalIgnoreCase))
        {
            ctx.Response.StatusCode = 400;
            await ctx.Response.WriteAsync("Upgrade request required");
            return;
        }
        ctx.Response.Headers.Upgrade = "SPDY/3.1";
        ctx.Response.Headers["X-Stream-Protocol-Version"] = ctx.Request.Headers["X-Stream-Protocol-Version"].FirstOrDefault() ?? "";
        await using var stream = await upgrade.UpgradeAsync();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(identity + "\n"));
        var echo = new byte[4096];
        int read;
        while ((read = await stream.ReadAsync(echo)) > 0)
        {
            await stream.WriteAsync(echo.AsMemory(0, read));
        }
    }
}
