using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Dotkube.Pki;

/// <summary>
/// A set of DNS names and IP addresses a serving certificate must carry. Compared as a set, so a
/// certificate is renewed when the wanted names change and only then.
/// </summary>
public sealed class SubjectAltNames
{
    private readonly SortedSet<string> _dnsNames = new(StringComparer.Ordinal);
    private readonly HashSet<IPAddress> _ipAddresses = [];

    public IReadOnlyCollection<string> DnsNames => _dnsNames;

    public IReadOnlyCollection<IPAddress> IPAddresses => _ipAddresses;

    /// <summary>Adds an IP address or a DNS name; host names that are not valid DNS names are skipped.</summary>
    public void Add(string nameOrAddress)
    {
        var value = nameOrAddress.Trim();
        if (value.StartsWith('[') && value.EndsWith(']'))
        {
            value = value[1..^1];
        }

        if (IPAddress.TryParse(value, out var address))
        {
            Add(address);
        }
        else if (Uri.CheckHostName(value) == UriHostNameType.Dns)
        {
            // DNS names compare case-insensitively; certificates conventionally carry them in lower case.
            _dnsNames.Add(value.ToLowerInvariant());
        }
    }

    public void Add(IPAddress address)
    {
        // A scope id (fe80::1%eth0) is not part of what a certificate can name.
        var plain = address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0
            ? new IPAddress(address.GetAddressBytes())
            : address;
        _ipAddresses.Add(plain.IsIPv4MappedToIPv6 ? plain.MapToIPv4() : plain);
    }

    /// <summary>The names the API server's serving certificate needs for these options.</summary>
    public static SubjectAltNames ForApiServer(PkiOptions options)
    {
        var names = new SubjectAltNames();
        names.Add("localhost");
        names.Add(IPAddress.Loopback);
        names.Add(IPAddress.IPv6Loopback);
        names.Add(options.HostName ?? Dns.GetHostName());
        names.Add(options.KubernetesServiceIP);
        names.Add("kubernetes");
        names.Add("kubernetes.default");
        names.Add("kubernetes.default.svc");
        names.Add($"kubernetes.default.svc.{options.ClusterDomain}");

        if (IPAddress.TryParse(options.BindAddress, out var bind)
            && (bind.Equals(IPAddress.Any) || bind.Equals(IPAddress.IPv6Any)))
        {
            // Listening everywhere: clients may come in through any of this machine's addresses.
            foreach (var local in LocalUnicastAddresses())
            {
                names.Add(local);
            }
        }
        else
        {
            names.Add(options.BindAddress);
        }

        foreach (var extra in options.ExtraSans)
        {
            names.Add(extra);
        }

        return names;
    }

    /// <summary>The names a certificate carries in its subject alternative name extension.</summary>
    public static SubjectAltNames Of(X509Certificate2 certificate)
    {
        var names = new SubjectAltNames();
        foreach (var extension in certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>())
        {
            foreach (var dns in extension.EnumerateDnsNames())
            {
                names.Add(dns);
            }

            foreach (var ip in extension.EnumerateIPAddresses())
            {
                names.Add(ip);
            }
        }

        return names;
    }

    public bool SetEquals(SubjectAltNames other) =>
        _dnsNames.SetEquals(other._dnsNames) && _ipAddresses.SetEquals(other._ipAddresses);

    public X509Extension ToExtension()
    {
        var builder = new SubjectAlternativeNameBuilder();
        foreach (var dns in _dnsNames)
        {
            builder.AddDnsName(dns);
        }

        foreach (var ip in _ipAddresses.OrderBy(a => a.AddressFamily).ThenBy(a => a.ToString(), StringComparer.Ordinal))
        {
            builder.AddIpAddress(ip);
        }

        return builder.Build();
    }

    public override string ToString() =>
        string.Join(", ", _dnsNames.Concat(_ipAddresses.Select(a => a.ToString()).Order(StringComparer.Ordinal)));

    private static IEnumerable<IPAddress> LocalUnicastAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(nic => nic.OperationalStatus == OperationalStatus.Up)
            .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address)
            .Where(a => !a.IsIPv6LinkLocal);
}
