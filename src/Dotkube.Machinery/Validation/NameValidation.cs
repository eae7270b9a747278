using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Dotkube.Machinery.Validation;

/// <summary>
/// The string-format checks of k8s.io/apimachinery/pkg/util/validation as of Kubernetes 1.32.
/// Each returns upstream's messages (empty when valid) so callers can wrap them in
/// <see cref="FieldError"/>s, exactly as upstream wraps them in field.Invalid.
/// </summary>
public static partial class NameValidation
{
    public const int Dns1123LabelMaxLength = 63;
    public const int Dns1123SubdomainMaxLength = 253;
    public const int Dns1035LabelMaxLength = 63;
    public const int LabelValueMaxLength = 63;
    public const int QualifiedNameMaxLength = 63;

    private const string Dns1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1123SubdomainFmt = Dns1123LabelFmt + "(\\." + Dns1123LabelFmt + ")*";
    private const string Dns1035LabelFmt = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private const string QualifiedNameFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string LabelValueFmt = "(" + QualifiedNameFmt + ")?";
    private const string CIdentifierFmt = "[A-Za-z_][A-Za-z0-9_]*";
    private const string EnvVarNameFmt = "[-._a-zA-Z][-._a-zA-Z0-9]*";
    private const string ConfigMapKeyFmt = "[-._a-zA-Z0-9]+";
    private const string PercentFmt = "[0-9]+%";
    private const string HttpHeaderNameFmt = "[-A-Za-z0-9]+";
    private const string WildcardDns1123SubdomainFmt = "\\*\\." + Dns1123SubdomainFmt;

    private const string Dns1123LabelErrMsg = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
    private const string Dns1123SubdomainErrMsg = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    private const string Dns1035LabelErrMsg = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
    private const string QualifiedNameErrMsg = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const string LabelValueErrMsg = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const string CIdentifierErrMsg = "a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_'";
    private const string EnvVarNameErrMsg = "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit";
    private const string ConfigMapKeyErrMsg = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";
    private const string PercentErrMsg = "a valid percent string must be a numeric string followed by an ending '%'";
    private const string HttpHeaderNameErrMsg = "a valid HTTP header must consist of alphanumeric characters or '-'";
    private const string WildcardDns1123SubdomainErrMsg = "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character";

    // \z, not $: .NET's $ also matches before a trailing newline, Go's does not.
    [GeneratedRegex("^" + Dns1123LabelFmt + "\\z")]
    private static partial Regex Dns1123LabelRegex();

    [GeneratedRegex("^" + Dns1123SubdomainFmt + "\\z")]
    private static partial Regex Dns1123SubdomainRegex();

    [GeneratedRegex("^" + Dns1035LabelFmt + "\\z")]
    private static partial Regex Dns1035LabelRegex();

    [GeneratedRegex("^" + QualifiedNameFmt + "\\z")]
    private static partial Regex QualifiedNameRegex();

    [GeneratedRegex("^" + LabelValueFmt + "\\z")]
    private static partial Regex LabelValueRegex();

    [GeneratedRegex("^" + CIdentifierFmt + "\\z")]
    private static partial Regex CIdentifierRegex();

    [GeneratedRegex("^" + EnvVarNameFmt + "\\z")]
    private static partial Regex EnvVarNameRegex();

    [GeneratedRegex("^" + ConfigMapKeyFmt + "\\z")]
    private static partial Regex ConfigMapKeyRegex();

    [GeneratedRegex("^" + PercentFmt + "\\z")]
    private static partial Regex PercentRegex();

    [GeneratedRegex("^" + HttpHeaderNameFmt + "\\z")]
    private static partial Regex HttpHeaderNameRegex();

    [GeneratedRegex("^" + WildcardDns1123SubdomainFmt + "\\z")]
    private static partial Regex WildcardDns1123SubdomainRegex();

    [GeneratedRegex("^[-a-z0-9]+\\z")]
    private static partial Regex PortNameCharsetRegex();

    /// <summary>Most object names: <c>example.com</c>, at most 253 characters.</summary>
    public static IReadOnlyList<string> IsDns1123Subdomain(string value)
    {
        var errs = new List<string>();
        if (ByteLength(value) > Dns1123SubdomainMaxLength)
        {
            errs.Add(MaxLenError(Dns1123SubdomainMaxLength));
        }
        if (!Dns1123SubdomainRegex().IsMatch(value))
        {
            errs.Add(RegexError(Dns1123SubdomainErrMsg, Dns1123SubdomainFmt, "example.com"));
        }
        return errs;
    }

    /// <summary>Namespace names and similar: <c>my-name</c>, at most 63 characters.</summary>
    public static IReadOnlyList<string> IsDns1123Label(string value)
    {
        var errs = new List<string>();
        if (ByteLength(value) > Dns1123LabelMaxLength)
        {
            errs.Add(MaxLenError(Dns1123LabelMaxLength));
        }
        if (!Dns1123LabelRegex().IsMatch(value))
        {
            // A value that would be a fine subdomain gets the shorter hint.
            errs.Add(Dns1123SubdomainRegex().IsMatch(value)
                ? "must not contain dots"
                : RegexError(Dns1123LabelErrMsg, Dns1123LabelFmt, "my-name", "123-abc"));
        }
        return errs;
    }

    /// <summary>Service names: must start with a letter.</summary>
    public static IReadOnlyList<string> IsDns1035Label(string value)
    {
        var errs = new List<string>();
        if (ByteLength(value) > Dns1035LabelMaxLength)
        {
            errs.Add(MaxLenError(Dns1035LabelMaxLength));
        }
        if (!Dns1035LabelRegex().IsMatch(value))
        {
            errs.Add(RegexError(Dns1035LabelErrMsg, Dns1035LabelFmt, "my-name", "abc-123"));
        }
        return errs;
    }

    /// <summary><c>*.example.com</c>, as Ingress hosts allow.</summary>
    public static IReadOnlyList<string> IsWildcardDns1123Subdomain(string value)
    {
        var errs = new List<string>();
        if (ByteLength(value) > Dns1123SubdomainMaxLength)
        {
            errs.Add(MaxLenError(Dns1123SubdomainMaxLength));
        }
        if (!WildcardDns1123SubdomainRegex().IsMatch(value))
        {
            errs.Add(RegexError(WildcardDns1123SubdomainErrMsg, WildcardDns1123SubdomainFmt, "*.example.com"));
        }
        return errs;
    }

    /// <summary>Label and annotation keys: a name with an optional DNS subdomain prefix and '/'.</summary>
    public static IReadOnlyList<string> IsQualifiedName(string value)
    {
        var errs = new List<string>();
        var parts = value.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                var prefix = parts[0];
                name = parts[1];
                if (prefix.Length == 0)
                {
                    errs.Add("prefix part " + EmptyError());
                }
                else
                {
                    errs.AddRange(IsDns1123Subdomain(prefix).Select(m => "prefix part " + m));
                }
                break;
            default:
                errs.Add("a qualified name " + RegexError(QualifiedNameErrMsg, QualifiedNameFmt, "MyName", "my.name", "123-abc")
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
                return errs;
        }
        if (name.Length == 0)
        {
            errs.Add("name part " + EmptyError());
        }
        else if (ByteLength(name) > QualifiedNameMaxLength)
        {
            errs.Add("name part " + MaxLenError(QualifiedNameMaxLength));
        }
        if (!QualifiedNameRegex().IsMatch(name))
        {
            errs.Add("name part " + RegexError(QualifiedNameErrMsg, QualifiedNameFmt, "MyName", "my.name", "123-abc"));
        }
        return errs;
    }

    public static IReadOnlyList<string> IsValidLabelValue(string value)
    {
        var errs = new List<string>();
        if (ByteLength(value) > LabelValueMaxLength)
        {
            errs.Add(MaxLenError(LabelValueMaxLength));
        }
        if (!LabelValueRegex().IsMatch(value))
        {
            errs.Add(RegexError(LabelValueErrMsg, LabelValueFmt, "MyValue", "my_value", "12345"));
        }
        return errs;
    }

    /// <summary>C identifiers (what older releases required of env var names; used for some keys).</summary>
    public static IReadOnlyList<string> IsCIdentifier(string value) =>
        CIdentifierRegex().IsMatch(value) ? [] : [RegexError(CIdentifierErrMsg, CIdentifierFmt, "my_name", "MY_NAME", "MyName")];

    /// <summary>Container env var names as 1.32 validates them (without the RelaxedEnvironmentVariableValidation gate).</summary>
    public static IReadOnlyList<string> IsEnvVarName(string value)
    {
        var errs = new List<string>();
        if (!EnvVarNameRegex().IsMatch(value))
        {
            errs.Add(RegexError(EnvVarNameErrMsg, EnvVarNameFmt, "my.env-name", "MY_ENV.NAME", "MyEnvName1"));
        }
        errs.AddRange(HasChDirPrefix(value));
        return errs;
    }

    public static IReadOnlyList<string> IsConfigMapKey(string value)
    {
        var errs = new List<string>();
        if (ByteLength(value) > Dns1123SubdomainMaxLength)
        {
            errs.Add(MaxLenError(Dns1123SubdomainMaxLength));
        }
        if (!ConfigMapKeyRegex().IsMatch(value))
        {
            errs.Add(RegexError(ConfigMapKeyErrMsg, ConfigMapKeyFmt, "key.name", "KEY_NAME", "key-name"));
        }
        errs.AddRange(HasChDirPrefix(value));
        return errs;
    }

    /// <summary>Named container ports (IANA_SVC_NAME): at most 15 characters, with at least one letter.</summary>
    public static IReadOnlyList<string> IsValidPortName(string port)
    {
        var errs = new List<string>();
        if (ByteLength(port) > 15)
        {
            errs.Add(MaxLenError(15));
        }
        if (!PortNameCharsetRegex().IsMatch(port))
        {
            errs.Add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        }
        if (!port.Any(c => c is >= 'a' and <= 'z'))
        {
            errs.Add("must contain at least one letter (a-z)");
        }
        if (port.Contains("--", StringComparison.Ordinal))
        {
            errs.Add("must not contain consecutive hyphens");
        }
        if (ByteLength(port) > 0 && (port[0] == '-' || port[^1] == '-'))
        {
            errs.Add("must not begin or end with a hyphen");
        }
        return errs;
    }

    public static IReadOnlyList<string> IsValidPortNum(int port) =>
        port is >= 1 and <= 65535 ? [] : [InclusiveRangeError(1, 65535)];

    public static IReadOnlyList<string> IsInRange(long value, long min, long max) =>
        value >= min && value <= max ? [] : [InclusiveRangeError(min, max)];

    public static IReadOnlyList<string> IsValidPercent(string percent) =>
        PercentRegex().IsMatch(percent) ? [] : [RegexError(PercentErrMsg, PercentFmt, "1%", "93%")];

    public static IReadOnlyList<string> IsHttpHeaderName(string value) =>
        HttpHeaderNameRegex().IsMatch(value) ? [] : [RegexError(HttpHeaderNameErrMsg, HttpHeaderNameFmt, "X-Header-Name")];

    /// <summary>
    /// An IPv4 or IPv6 address, parsed as 1.32's "sloppy" parser does: IPv4 parts may have
    /// leading zeros (read as decimal), no zones, no brackets, no short forms like <c>10.1</c>.
    /// </summary>
    public static IReadOnlyList<string> IsValidIP(string value) =>
        TryParseIPSloppy(value, out _) ? [] : ["must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"];

    public static IReadOnlyList<string> IsValidIPv4Address(string value) =>
        TryParseIPSloppy(value, out var ip) && (ip.AddressFamily == AddressFamily.InterNetwork || ip.IsIPv4MappedToIPv6)
            ? [] : ["must be a valid IPv4 address"];

    public static IReadOnlyList<string> IsValidIPv6Address(string value) =>
        TryParseIPSloppy(value, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6 && !ip.IsIPv4MappedToIPv6
            ? [] : ["must be a valid IPv6 address"];

    /// <summary>Parses an IP the way Go's net.ParseIP (before 1.17's leading-zero rule) did.</summary>
    public static bool TryParseIPSloppy(string value, out IPAddress address)
    {
        address = IPAddress.None;
        if (value.Length == 0)
        {
            return false;
        }
        if (!value.Contains(':'))
        {
            return TryParseIPv4Sloppy(value, out address);
        }
        // IPv6: only hex digits, colons and an embedded dotted quad; .NET would also take zones and brackets.
        foreach (var c in value)
        {
            if (!(char.IsAsciiHexDigit(c) || c == ':' || c == '.'))
            {
                return false;
            }
        }
        var lastColon = value.LastIndexOf(':');
        var tail = value[(lastColon + 1)..];
        var text = value;
        if (tail.Contains('.'))
        {
            // Normalise an embedded IPv4 with leading zeros so .NET accepts it.
            if (!TryParseIPv4Sloppy(tail, out var v4))
            {
                return false;
            }
            text = value[..(lastColon + 1)] + v4;
        }
        if (!IPAddress.TryParse(text, out var parsed) || parsed.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }
        address = parsed;
        return true;
    }

    private static bool TryParseIPv4Sloppy(string value, out IPAddress address)
    {
        address = IPAddress.None;
        var parts = value.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }
        var bytes = new byte[4];
        for (var i = 0; i < 4; i++)
        {
            var p = parts[i];
            if (p.Length == 0 || !p.All(char.IsAsciiDigit))
            {
                return false;
            }
            var trimmed = p.TrimStart('0');
            if (trimmed.Length > 3 || (trimmed.Length > 0 && int.Parse(trimmed, System.Globalization.CultureInfo.InvariantCulture) > 255))
            {
                return false;
            }
            bytes[i] = trimmed.Length == 0 ? (byte)0 : byte.Parse(trimmed, System.Globalization.CultureInfo.InvariantCulture);
        }
        address = new IPAddress(bytes);
        return true;
    }

    /// <summary>Go measures strings in UTF-8 bytes.</summary>
    private static int ByteLength(string s) => System.Text.Encoding.UTF8.GetByteCount(s);

    public static string MaxLenError(int length) => $"must be no more than {length} characters";

    public static string EmptyError() => "must be non-empty";

    public static string InclusiveRangeError(long lo, long hi) => $"must be between {lo} and {hi}, inclusive";

    /// <summary>Upstream's "msg (e.g. 'a' or 'b', regex used for validation is 'fmt')".</summary>
    public static string RegexError(string msg, string fmt, params string[] examples)
    {
        if (examples.Length == 0)
        {
            return msg + " (regex used for validation is '" + fmt + "')";
        }
        return msg + " (e.g. " + string.Join(" or ", examples.Select(e => "'" + e + "', ")) + "regex used for validation is '" + fmt + "')";
    }

    private static IEnumerable<string> HasChDirPrefix(string value)
    {
        if (value == ".")
        {
            yield return "must not be '.'";
        }
        else if (value == "..")
        {
            yield return "must not be '..'";
        }
        else if (value.StartsWith("..", StringComparison.Ordinal))
        {
            yield return "must not start with '..'";
        }
    }
}
