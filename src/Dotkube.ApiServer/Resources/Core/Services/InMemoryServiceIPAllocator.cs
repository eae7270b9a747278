using System.Net;
using System.Net.Sockets;

namespace Dotkube.ApiServer.Resources.Core;

/// <summary>
/// A thread-safe in-memory IPv4 allocator over a CIDR (default 10.96.0.0/12, whose first host
/// address 10.96.0.1 belongs to the "kubernetes" Service). Like upstream, dynamic allocation
/// prefers the upper part of the range so the lower band stays free for static choices (10.96.0.10
/// for DNS, say). The network and broadcast addresses are never handed out.
/// </summary>
public sealed class InMemoryServiceIPAllocator : IServiceIPAllocator
{
    private readonly uint _base;
    private readonly uint _size;
    private readonly uint _staticBand;
    private readonly HashSet<uint> _used = [];
    private readonly Random _random;
    private readonly Lock _lock = new();

    public InMemoryServiceIPAllocator(string range = "10.96.0.0/12", Random? random = null)
    {
        var parts = range.Split('/');
        if (parts.Length != 2 || !IPAddress.TryParse(parts[0], out var network) || network.AddressFamily != AddressFamily.InterNetwork
            || !int.TryParse(parts[1], out var prefix) || prefix is < 1 or > 30)
        {
            throw new ArgumentException($"not an IPv4 CIDR: {range}", nameof(range));
        }
        Range = range;
        _size = 1u << (32 - prefix);
        _base = ToUInt(network) & ~(_size - 1);
        // Upstream reserves min(max(16, size/16), 256) addresses at the bottom for static allocation.
        _staticBand = Math.Min(Math.Max(16u, _size / 16), 256u);
        _random = random ?? new Random();
    }

    public string Range { get; }

    /// <summary>The address a Service named "kubernetes" in "default" gets: the first host address.</summary>
    public string KubernetesServiceIP => ToString(_base + 1);

    public string AllocateNext()
    {
        lock (_lock)
        {
            // Offsets 1 .. size-2 are usable; try the dynamic band first, from a random start.
            var first = _staticBand < _size - 2 ? _staticBand : 1;
            if (TryScan(first, _size - 2, out var ip) || TryScan(1, first - 1, out ip))
            {
                return ToString(ip);
            }
            throw new AllocationException("range is full");
        }
    }

    public void Allocate(string ip)
    {
        var value = Parse(ip);
        lock (_lock)
        {
            if (value <= _base || value >= _base + _size - 1)
            {
                throw new AllocationException($"the provided IP ({ip}) is not in the valid range. The range of valid IPs is {Range}");
            }
            if (!_used.Add(value))
            {
                throw new AllocationException("provided IP is already allocated");
            }
        }
    }

    public void Release(string ip)
    {
        if (IPAddress.TryParse(ip, out var address) && address.AddressFamily == AddressFamily.InterNetwork)
        {
            lock (_lock)
            {
                _used.Remove(ToUInt(address));
            }
        }
    }

    public void MarkAllocated(string ip)
    {
        if (IPAddress.TryParse(ip, out var address) && address.AddressFamily == AddressFamily.InterNetwork)
        {
            lock (_lock)
            {
                _used.Add(ToUInt(address));
            }
        }
    }

    private bool TryScan(uint from, uint to, out uint ip)
    {
        ip = 0;
        if (to < from)
        {
            return false;
        }
        var count = to - from + 1;
        var start = (uint)_random.NextInt64(count);
        for (uint i = 0; i < count; i++)
        {
            var candidate = _base + from + ((start + i) % count);
            if (_used.Add(candidate))
            {
                ip = candidate;
                return true;
            }
        }
        return false;
    }

    private static uint Parse(string ip) =>
        IPAddress.TryParse(ip, out var a) && a.AddressFamily == AddressFamily.InterNetwork
            ? ToUInt(a)
            : throw new AllocationException($"the provided IP ({ip}) is not in the valid range");

    private static uint ToUInt(IPAddress a)
    {
        var b = a.GetAddressBytes();
        return ((uint)b[0] << 24) | ((uint)b[1] << 16) | ((uint)b[2] << 8) | b[3];
    }

    private static string ToString(uint v) => $"{v >> 24}.{(v >> 16) & 255}.{(v >> 8) & 255}.{v & 255}";
}

/// <summary>A thread-safe in-memory NodePort allocator (default 30000-32767).</summary>
public sealed class InMemoryNodePortAllocator(int min = 30000, int max = 32767, Random? random = null) : INodePortAllocator
{
    private readonly HashSet<int> _used = [];
    private readonly Random _random = random ?? new Random();
    private readonly Lock _lock = new();

    public string Range => $"{min}-{max}";

    public int AllocateNext()
    {
        lock (_lock)
        {
            var count = max - min + 1;
            var start = _random.Next(count);
            for (var i = 0; i < count; i++)
            {
                var port = min + ((start + i) % count);
                if (_used.Add(port))
                {
                    return port;
                }
            }
            throw new AllocationException("range is full");
        }
    }

    public void Allocate(int port)
    {
        lock (_lock)
        {
            if (port < min || port > max)
            {
                throw new AllocationException($"provided port is not in the valid range. The range of valid ports is {Range}");
            }
            if (!_used.Add(port))
            {
                throw new AllocationException("provided port is already allocated");
            }
        }
    }

    public void Release(int port)
    {
        lock (_lock)
        {
            _used.Remove(port);
        }
    }

    public void MarkAllocated(int port)
    {
        lock (_lock)
        {
            _used.Add(port);
        }
    }
}
