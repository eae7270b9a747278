using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Dotkube.Controllers.NodeIpam;

/// <summary>
/// The node CIDRs of one IPv4 cluster CIDR (upstream's cidrset): the cluster CIDR cut into
/// blocks of <c>--node-cidr-mask-size</c> bits, handed out round robin from after the last one
/// given, each at most once until released.
/// </summary>
public sealed class CidrSet
{
    private readonly Lock gate = new();
    private readonly uint network;
    private readonly int blockBits;
    private readonly int maskSize;
    private readonly int clusterBits;
    private readonly bool[] used;
    private int next;

    /// <exception cref="ArgumentException">not an IPv4 CIDR, or the mask is not longer than the cluster's (or over 30 bits).</exception>
    public CidrSet(string clusterCidr, int nodeMaskSize)
    {
        var (address, bits) = Parse(clusterCidr) ?? throw new ArgumentException($"invalid cluster CIDR \"{clusterCidr}\"");
        if (nodeMaskSize < bits || nodeMaskSize > 30)
        {
            throw new ArgumentException($"node CIDR mask size {nodeMaskSize} must be between the cluster CIDR's ({bits}) and 30");
        }
        if (nodeMaskSize - bits > 20)
        {
            throw new ArgumentException($"cluster CIDR {clusterCidr} with mask size {nodeMaskSize} has more than 2^20 node CIDRs");
        }
        network = address & Mask(bits);
        maskSize = nodeMaskSize;
        clusterBits = bits;
        blockBits = 32 - nodeMaskSize;
        used = new bool[1 << (nodeMaskSize - bits)];
        ClusterCidr = $"{Text(network)}/{bits}";
    }

    public string ClusterCidr { get; }

    /// <summary>How many node CIDRs there are in all.</summary>
    public int Capacity => used.Length;

    public int Allocated
    {
        get
        {
            lock (gate)
            {
                return used.Count(u => u);
            }
        }
    }

    /// <summary>The next free node CIDR, or null when all are taken.</summary>
    public string? Allocate()
    {
        lock (gate)
        {
            for (var tried = 0; tried < used.Length; tried++)
            {
                var index = (next + tried) % used.Length;
                if (!used[index])
                {
                    used[index] = true;
                    next = (index + 1) % used.Length;
                    return $"{Text(network + ((uint)index << blockBits))}/{maskSize}";
                }
            }
            return null;
        }
    }

    /// <summary>Marks a CIDR some node already has; false if it is not one of this set's blocks.</summary>
    public bool Occupy(string cidr) => Mark(cidr, true);

    public bool Release(string cidr) => Mark(cidr, false);

    private bool Mark(string cidr, bool value)
    {
        if (IndexOf(cidr) is not { } index)
        {
            return false;
        }
        lock (gate)
        {
            used[index] = value;
        }
        return true;
    }

    private int? IndexOf(string cidr)
    {
        if (Parse(cidr) is not var (address, bits) || bits != maskSize || (address & Mask(clusterBits)) != network)
        {
            return null;
        }
        return (int)(((address & Mask(maskSize)) - network) >> blockBits);
    }

    private static (uint Address, int Bits)? Parse(string cidr)
    {
        var slash = cidr.IndexOf('/');
        if (slash < 0
            || !IPAddress.TryParse(cidr[..slash], out var ip) || ip.AddressFamily != AddressFamily.InterNetwork
            || !int.TryParse(cidr[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var bits) || bits > 32)
        {
            return null;
        }
        var b = ip.GetAddressBytes();
        return (((uint)b[0] << 24) | ((uint)b[1] << 16) | ((uint)b[2] << 8) | b[3], bits);
    }

    private static uint Mask(int bits) => bits == 0 ? 0 : uint.MaxValue << (32 - bits);

    private static string Text(uint v) => string.Create(CultureInfo.InvariantCulture, $"{v >> 24}.{(v >> 16) & 255}.{(v >> 8) & 255}.{v & 255}");
}
