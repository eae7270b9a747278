using System.Net;
using System.Net.Sockets;
using Cel;

namespace Dotkube.ApiServer.CustomResources.CelLibrary;

/// <summary>
/// k8s.io/apiserver's IP and CIDR libraries (1.30+): ip(string), isIP, ip.isCanonical(string),
/// string(ip), and on an IP family, isUnspecified, isLoopback, isLinkLocalMulticast,
/// isLinkLocalUnicast, isGlobalUnicast; cidr(string), isCIDR, string(cidr), and on a CIDR
/// containsIP (ip or string), containsCIDR (cidr or string), ip, prefixLength, masked.
/// Addresses parse as Go's netip does (four decimal octets without leading zeros, IPv6 text);
/// zones and IPv4-mapped IPv6 addresses are refused as upstream refuses them.
/// </summary>
internal static class NetLibrary
{
    public static void Register(CelEnvironment env)
    {
        env.RegisterFunction("ip", [typeof(string)], a => new CelIp(ParseIp((string)a[0]!)));
        env.RegisterFunction("isIP", [typeof(string)], a => TryParseIp((string)a[0]!, out _) is null);
        env.RegisterFunction("isCanonical", [typeof(CelNamespace), typeof(string)], a =>
            Namespace(a[0], "ip") && Canonical(ParseIp((string)a[1]!)) == (string)a[1]!);
        env.RegisterFunction("string", [typeof(CelIp)], a => ((CelIp)a[0]!).ToString());
        env.RegisterFunction("family", [typeof(CelIp)], a => Ip(a[0]).AddressFamily == AddressFamily.InterNetwork ? 4L : 6L);
        env.RegisterFunction("isUnspecified", [typeof(CelIp)], a => Ip(a[0]).Equals(IPAddress.Any) || Ip(a[0]).Equals(IPAddress.IPv6Any));
        env.RegisterFunction("isLoopback", [typeof(CelIp)], a => IPAddress.IsLoopback(Ip(a[0])));
        env.RegisterFunction("isLinkLocalMulticast", [typeof(CelIp)], a => IsLinkLocalMulticast(Ip(a[0])));
        env.RegisterFunction("isLinkLocalUnicast", [typeof(CelIp)], a => IsLinkLocalUnicast(Ip(a[0])));
        env.RegisterFunction("isGlobalUnicast", [typeof(CelIp)], a => IsGlobalUnicast(Ip(a[0])));

        env.RegisterFunction("cidr", [typeof(string)], a => ParseCidr((string)a[0]!));
        env.RegisterFunction("isCIDR", [typeof(string)], a => TryParseCidr((string)a[0]!, out _) is null);
        env.RegisterFunction("string", [typeof(CelCidr)], a => ((CelCidr)a[0]!).ToString());
        env.RegisterFunction("containsIP", [typeof(CelCidr), typeof(CelIp)], a => Contains((CelCidr)a[0]!, Ip(a[1])));
        env.RegisterFunction("containsIP", [typeof(CelCidr), typeof(string)], a => Contains((CelCidr)a[0]!, ParseIp((string)a[1]!)));
        env.RegisterFunction("containsCIDR", [typeof(CelCidr), typeof(CelCidr)], a => ContainsCidr((CelCidr)a[0]!, (CelCidr)a[1]!));
        env.RegisterFunction("containsCIDR", [typeof(CelCidr), typeof(string)], a => ContainsCidr((CelCidr)a[0]!, ParseCidr((string)a[1]!)));
        env.RegisterFunction("ip", [typeof(CelCidr)], a => new CelIp(((CelCidr)a[0]!).Address));
        env.RegisterFunction("prefixLength", [typeof(CelCidr)], a => (long)((CelCidr)a[0]!).PrefixLength);
        env.RegisterFunction("masked", [typeof(CelCidr)], a => Masked((CelCidr)a[0]!));
    }

    private static IPAddress Ip(object? value) => ((CelIp)value!).Address;

    private static bool Namespace(object? receiver, string name) =>
        receiver is CelNamespace ns && ns.Name == name ? true : throw new CelNoSuchOverloadException("no such overload");

    /// <summary>netip.Addr.String(): dotted quad, or RFC 5952 IPv6 text.</summary>
    public static string Canonical(IPAddress address) => address.ToString();

    public static IPAddress ParseIp(string raw) => TryParseIp(raw, out var ip) is { } error ? throw CelValues.Error(error) : ip!;

    /// <summary>The library's parseIPAddr: null on success, else upstream's error text.</summary>
    public static string? TryParseIp(string raw, out IPAddress? ip)
    {
        ip = null;
        if (raw.Contains('%'))
        {
            return GoParse(raw, out _) is null ? $"IP address {UrlLibrary.GoQuote(raw)} with zone value is not allowed" : ParseError(raw, "unable to parse IP");
        }
        if (GoParse(raw, out ip) is { } why)
        {
            return ParseError(raw, why);
        }
        if (ip!.IsIPv4MappedToIPv6)
        {
            ip = null;
            return $"IPv4-mapped IPv6 address {UrlLibrary.GoQuote(raw)} is not allowed";
        }
        return null;
    }

    private static string ParseError(string raw, string why) =>
        $"IP Address {UrlLibrary.GoQuote(raw)} parse error during conversion from string: ParseAddr({UrlLibrary.GoQuote(raw)}): {why}";

    /// <summary>netip.ParseAddr's grammar (zones accepted here, refused by the caller).</summary>
    private static string? GoParse(string raw, out IPAddress? ip)
    {
        ip = null;
        if (raw.Length == 0)
        {
            return "unable to parse IP";
        }
        if (raw.Contains(':'))
        {
            var text = raw.Split('%')[0];
            return IPAddress.TryParse(text, out ip) && ip.AddressFamily == AddressFamily.InterNetworkV6 ? null : "unable to parse IP";
        }
        var parts = raw.Split('.');
        if (parts.Length != 4)
        {
            return parts.Length < 4 ? "IPv4 address too short" : "IPv4 address too long";
        }
        var bytes = new byte[4];
        for (var i = 0; i < 4; i++)
        {
            var p = parts[i];
            if (p.Length == 0 || p.Length > 3 || !p.All(char.IsAsciiDigit))
            {
                return "unexpected character";
            }
            if (p.Length > 1 && p[0] == '0')
            {
                return "IPv4 field has octet with leading zero";
            }
            var v = int.Parse(p, System.Globalization.CultureInfo.InvariantCulture);
            if (v > 255)
            {
                return "IPv4 field has value >255";
            }
            bytes[i] = (byte)v;
        }
        ip = new IPAddress(bytes);
        return null;
    }

    private static CelCidr ParseCidr(string raw) => TryParseCidr(raw, out var cidr) is { } error ? throw CelValues.Error(error) : cidr!;

    /// <summary>netip.ParsePrefix: ADDR/BITS, the address as ParseAddr reads it, no zone, bits within the family's length.</summary>
    public static string? TryParseCidr(string raw, out CelCidr? cidr)
    {
        cidr = null;
        string Fail(string why) => $"network address parse error during conversion from string: netip.ParsePrefix({UrlLibrary.GoQuote(raw)}): {why}";
        var slash = raw.LastIndexOf('/');
        if (slash < 0)
        {
            return Fail("no '/'");
        }
        var addr = raw[..slash];
        var bitsText = raw[(slash + 1)..];
        if (addr.Contains('%'))
        {
            return Fail("IPv6 zones cannot be present in a prefix");
        }
        if (GoParse(addr, out var ip) is { } why)
        {
            return Fail($"ParseAddr({UrlLibrary.GoQuote(addr)}): {why}");
        }
        if (bitsText.Length == 0 || !bitsText.All(char.IsAsciiDigit) || (bitsText.Length > 1 && bitsText[0] == '0')
            || !int.TryParse(bitsText, out var bits))
        {
            return Fail($"bad bits after slash: {UrlLibrary.GoQuote(bitsText)}");
        }
        var max = ip!.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (bits > max)
        {
            return Fail("prefix length out of range");
        }
        if (ip.IsIPv4MappedToIPv6)
        {
            return $"IPv4-mapped IPv6 address {UrlLibrary.GoQuote(addr)} is not allowed";
        }
        cidr = new CelCidr(ip, bits);
        return null;
    }

    private static bool Contains(CelCidr cidr, IPAddress ip) =>
        ip.AddressFamily == cidr.Address.AddressFamily && Mask(ip, cidr.PrefixLength).Equals(Mask(cidr.Address, cidr.PrefixLength));

    private static bool ContainsCidr(CelCidr cidr, CelCidr other) =>
        cidr.PrefixLength <= other.PrefixLength && Contains(cidr, other.Address);

    private static CelCidr Masked(CelCidr cidr) => new(Mask(cidr.Address, cidr.PrefixLength), cidr.PrefixLength);

    private static IPAddress Mask(IPAddress ip, int bits)
    {
        var bytes = ip.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(bits - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }
        return new IPAddress(bytes);
    }

    private static bool IsLinkLocalMulticast(IPAddress ip)
    {
        var b = ip.GetAddressBytes();
        return ip.AddressFamily == AddressFamily.InterNetwork
            ? b[0] == 224 && b[1] == 0 && b[2] == 0
            : b[0] == 0xff && (b[1] & 0x0f) == 0x02;
    }

    private static bool IsLinkLocalUnicast(IPAddress ip)
    {
        var b = ip.GetAddressBytes();
        return ip.AddressFamily == AddressFamily.InterNetwork
            ? b[0] == 169 && b[1] == 254
            : b[0] == 0xfe && (b[1] & 0xc0) == 0x80;
    }

    /// <summary>netip's IsGlobalUnicast: not unspecified, loopback, multicast, link-local unicast or the IPv4 broadcast address.</summary>
    private static bool IsGlobalUnicast(IPAddress ip)
    {
        var b = ip.GetAddressBytes();
        var multicast = ip.AddressFamily == AddressFamily.InterNetwork ? b[0] >= 224 && b[0] < 240 : b[0] == 0xff;
        var broadcast = ip.AddressFamily == AddressFamily.InterNetwork && b.All(x => x == 255);
        var unspecified = b.All(x => x == 0);
        return !unspecified && !broadcast && !multicast && !IPAddress.IsLoopback(ip) && !IsLinkLocalUnicast(ip);
    }
}
