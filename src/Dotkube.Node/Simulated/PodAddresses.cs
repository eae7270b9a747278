using System.Globalization;
using System.Net;

namespace Dotkube.Node.Simulated;

/// <summary>
/// Pod IPs of one node, handed out from its podCIDR (node IPAM's spec.podCIDR, or a /24 derived
/// from the node's index until one is assigned) and given back when pods go.
/// </summary>
public sealed class PodAddresses
{
    private readonly Lock gate = new();
    private readonly HashSet<uint> used = [];
    private uint network;
    private uint size;
    private uint next = 2;

    public PodAddresses(string cidr) => Reset(cidr);

    public string Cidr { get; private set; } = "";

    /// <summary>The /24 node <paramref name="index"/> uses before node IPAM assigns one: 10.244.0.0/24, 10.244.1.0/24, … 10.247.255.0/24.</summary>
    public static string DefaultCidr(int index) =>
        string.Create(CultureInfo.InvariantCulture, $"10.{244 + (index / 256 % 4)}.{index % 256}.0/24");

    /// <summary>Moves to another CIDR (node IPAM assigned one); addresses handed out before stay valid for their pods.</summary>
    public void Reset(string cidr)
    {
        var slash = cidr.IndexOf('/');
        var address = IPAddress.Parse(cidr[..slash]).GetAddressBytes();
        var bits = int.Parse(cidr[(slash + 1)..], CultureInfo.InvariantCulture);
        lock (gate)
        {
            Cidr = cidr;
            size = bits >= 32 ? 1u : 1u << (32 - bits);
            network = ToUInt(address) & ~(size - 1);
            used.Clear();
            next = 2;
        }
    }

    /// <summary>Marks an address a pod already has (after a restart of the agent).</summary>
    public void Claim(string ip)
    {
        if (IPAddress.TryParse(ip, out var a) && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            var v = ToUInt(a.GetAddressBytes());
            lock (gate)
            {
                if (v - network < size)
                {
                    used.Add(v - network);
                }
            }
        }
    }

    /// <summary>The next free address (skipping the network, the gateway .1 and broadcast).</summary>
    /// <exception cref="InvalidOperationException">the CIDR is exhausted.</exception>
    public string Allocate()
    {
        lock (gate)
        {
            for (uint tried = 0; tried < size; tried++)
            {
                var offset = next;
                next = next + 1 >= size - 1 ? 2 : next + 1;
                if (offset >= 2 && offset < size - 1 && used.Add(offset))
                {
                    return ToText(network + offset);
                }
            }
        }
        throw new InvalidOperationException($"no pod addresses left in {Cidr}");
    }

    public void Release(string ip)
    {
        if (IPAddress.TryParse(ip, out var a) && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            var v = ToUInt(a.GetAddressBytes());
            lock (gate)
            {
                used.Remove(v - network);
            }
        }
    }

    private static uint ToUInt(byte[] b) => ((uint)b[0] << 24) | ((uint)b[1] << 16) | ((uint)b[2] << 8) | b[3];

    private static string ToText(uint v) => string.Create(CultureInfo.InvariantCulture, $"{v >> 24}.{(v >> 16) & 255}.{(v >> 8) & 255}.{v & 255}");
}
