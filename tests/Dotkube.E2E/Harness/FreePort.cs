using System.Net;
using System.Net.Sockets;

namespace Dotkube.E2E.Harness;

internal static class FreePort
{
    /// <summary>A loopback port nobody listens on right now (the kernel's pick).</summary>
    public static int Next()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }
}
