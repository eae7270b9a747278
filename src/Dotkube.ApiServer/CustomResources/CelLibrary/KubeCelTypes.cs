using System.Net;
using Cel;
using Dotkube.Machinery.Quantities;

namespace Dotkube.ApiServer.CustomResources.CelLibrary;

// The Kubernetes CEL types. They derive from the Cel package's CelType because that is the one
// non-primitive kind its == operator compares by Equals (any other CLR object is refused as
// "Cannot compare type"); ordering operators (<, >) on them are not refused as upstream's
// type checker refuses them (see docs/STATUS.md).

/// <summary>kubernetes.Quantity (quantity("1Gi")).</summary>
public sealed class CelQuantity(Quantity value) : CelType("kubernetes.Quantity")
{
    public Quantity Quantity { get; } = value;

    public override bool Equals(object? obj) => obj is CelQuantity q && q.Quantity.CompareTo(Quantity) == 0;

    public override int GetHashCode() => Quantity.GetHashCode();

    public override string ToString() => Quantity.ToString();
}

/// <summary>kubernetes.URL (url("https://…")): the parts Go's net/url.Parse yields.</summary>
public sealed class CelUrl(string raw, string scheme, string host, string path, string? query) : CelType("kubernetes.URL")
{
    public string Raw { get; } = raw;

    public string Scheme { get; } = scheme;

    public string Host { get; } = host;

    public string EscapedPath { get; } = path;

    public string? RawQuery { get; } = query;

    public override bool Equals(object? obj) => obj is CelUrl u && u.Raw == Raw;

    public override int GetHashCode() => Raw.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Raw;
}

/// <summary>net.IP (ip("10.0.0.1")).</summary>
public sealed class CelIp(IPAddress address) : CelType("net.IP")
{
    public IPAddress Address { get; } = address;

    public override bool Equals(object? obj) => obj is CelIp ip && ip.Address.Equals(Address);

    public override int GetHashCode() => Address.GetHashCode();

    public override string ToString() => NetLibrary.Canonical(Address);
}

/// <summary>net.CIDR (cidr("10.0.0.0/8")); the address keeps its host bits, as netip.Prefix does.</summary>
public sealed class CelCidr(IPAddress address, int prefixLength) : CelType("net.CIDR")
{
    public IPAddress Address { get; } = address;

    public int PrefixLength { get; } = prefixLength;

    public override bool Equals(object? obj) => obj is CelCidr c && c.Address.Equals(Address) && c.PrefixLength == PrefixLength;

    public override int GetHashCode() => HashCode.Combine(Address, PrefixLength);

    public override string ToString() => $"{NetLibrary.Canonical(Address)}/{PrefixLength}";
}

/// <summary>kubernetes.NamedFormat (format.dns1123Label()).</summary>
public sealed class CelFormat(string name, Func<string, IReadOnlyList<string>> validate) : CelType("kubernetes.NamedFormat")
{
    public string Name { get; } = name;

    public IReadOnlyList<string> Validate(string value) => validate(value);

    public override bool Equals(object? obj) => obj is CelFormat f && f.Name == Name;

    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Name;
}

/// <summary>optional_type: optional.of(x), optional.none(), and what x.?field yields.</summary>
public sealed class CelOptional : CelType
{
    public static CelOptional None { get; } = new(false, null);

    private CelOptional(bool hasValue, object? value) : base("optional_type")
    {
        HasValue = hasValue;
        Content = value;
    }

    public static CelOptional Of(object? value) => new(true, value);

    public bool HasValue { get; }

    /// <summary>The value when <see cref="HasValue"/>.</summary>
    public object? Content { get; }

    public override bool Equals(object? obj) =>
        obj is CelOptional o && o.HasValue == HasValue && (!HasValue || CelValues.Equal(o.Content, Content));

    public override int GetHashCode() => HasValue ? Content?.GetHashCode() ?? 1 : 0;

    public override string ToString() => HasValue ? $"optional.of({Content})" : "optional.none()";
}

/// <summary>
/// The receivers of namespaced functions (optional.of, ip.isCanonical, format.named, sets.contains,
/// strings.quote): bound as variables of those names, so the Cel package's member calls reach them.
/// </summary>
public sealed class CelNamespace(string name)
{
    public string Name { get; } = name;

    public override string ToString() => Name;
}
