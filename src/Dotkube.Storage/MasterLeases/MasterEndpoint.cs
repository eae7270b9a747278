using System.Net;

namespace Dotkube.Storage.MasterLeases;

/// <summary>
/// Where one API server is reached: its advertised address and port. Upstream keys a lease by the address
/// alone (every server listens on one port); dotkube keys it by address and port, so several servers on one
/// machine (all 127.0.0.1) each have their own.
/// </summary>
public sealed record MasterEndpoint(IPAddress Address, int Port)
{
    /// <summary>Where the entries live in a shared store, as upstream's.</summary>
    public const string KeyPrefix = "/registry/masterleases/";

    /// <summary>"10.0.0.1:6443", "[fd00::1]:6443".</summary>
    public string Name => new IPEndPoint(Address, Port).ToString();

    public string Key => KeyPrefix + Name;

    /// <summary>The endpoint of a key or name; null when it is not one.</summary>
    public static MasterEndpoint? Parse(string keyOrName)
    {
        var name = keyOrName.StartsWith(KeyPrefix, StringComparison.Ordinal) ? keyOrName[KeyPrefix.Length..] : keyOrName;
        return IPEndPoint.TryParse(name, out var ep) && ep.Port > 0
            ? new MasterEndpoint(ep.Address, ep.Port)
            : null;
    }

    public override string ToString() => Name;
}
