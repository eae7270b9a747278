using System.Text;
using Cel;

namespace Dotkube.ApiServer.CustomResources.CelLibrary;

/// <summary>
/// k8s.io/apiserver's URL library: url(string) (accepted as Go's url.ParseRequestURI accepts:
/// an absolute URL or an absolute path), isURL(string), and on a URL getScheme, getHost,
/// getHostname, getPort, getEscapedPath, getQuery. Errors read as upstream's:
/// <c>URL parse error during conversion from string: parse "x": invalid URI for request</c>.
/// </summary>
internal static class UrlLibrary
{
    public static void Register(CelEnvironment env)
    {
        env.RegisterFunction("url", [typeof(string)], a => Parse((string)a[0]!, out var error) ?? throw CelValues.Error($"URL parse error during conversion from string: {error}"));
        env.RegisterFunction("isURL", [typeof(string)], a => Parse((string)a[0]!, out _) is not null);
        env.RegisterFunction("getScheme", [typeof(CelUrl)], a => U(a[0]).Scheme);
        env.RegisterFunction("getHost", [typeof(CelUrl)], a => U(a[0]).Host);
        env.RegisterFunction("getHostname", [typeof(CelUrl)], a => SplitHostPort(U(a[0]).Host).Host);
        env.RegisterFunction("getPort", [typeof(CelUrl)], a => SplitHostPort(U(a[0]).Host).Port);
        env.RegisterFunction("getEscapedPath", [typeof(CelUrl)], a => U(a[0]).EscapedPath);
        env.RegisterFunction("getQuery", [typeof(CelUrl)], a => Query(U(a[0]).RawQuery));
        env.RegisterFunction("string", [typeof(CelUrl)], a => U(a[0]).Raw);
    }

    private static CelUrl U(object? value) => (CelUrl)value!;

    /// <summary>Go's ParseRequestURI check, then Parse's split (fragment dropped); null with Go's error text when refused.</summary>
    public static CelUrl? Parse(string raw, out string error)
    {
        error = "";
        string Fail(string why) => $"parse {GoQuote(raw)}: {why}";
        if (raw.Length == 0)
        {
            error = Fail("empty url");
            return null;
        }
        if (raw.Any(c => c < 0x20 || c == 0x7f))
        {
            error = Fail("net/url: invalid control character in URL");
            return null;
        }
        var rest = raw;
        var scheme = "";
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (char.IsAsciiLetter(c))
            {
                continue;
            }
            if (char.IsAsciiDigit(c) || c is '+' or '-' or '.')
            {
                if (i == 0)
                {
                    break;
                }
                continue;
            }
            if (c == ':')
            {
                if (i == 0)
                {
                    error = Fail("missing protocol scheme");
                    return null;
                }
                scheme = raw[..i].ToLowerInvariant();
                rest = raw[(i + 1)..];
            }
            break;
        }
        // ParseRequestURI keeps '#' in the path; Parse (run after it upstream) drops the fragment.
        var hash = rest.IndexOf('#');
        var forRequest = rest;
        if (hash >= 0)
        {
            rest = rest[..hash];
        }
        if (!forRequest.StartsWith('/'))
        {
            if (scheme.Length > 0)
            {
                return new CelUrl(raw, scheme, "", "", null);
            }
            error = Fail("invalid URI for request");
            return null;
        }
        string? query = null;
        var q = rest.IndexOf('?');
        if (q >= 0)
        {
            query = rest[(q + 1)..];
            rest = rest[..q];
        }
        var host = "";
        if (scheme.Length > 0 && rest.StartsWith("//", StringComparison.Ordinal))
        {
            var authority = rest[2..];
            var slash = authority.IndexOf('/');
            if (slash >= 0)
            {
                rest = authority[slash..];
                authority = authority[..slash];
            }
            else
            {
                rest = "";
            }
            host = authority[(authority.LastIndexOf('@') + 1)..];
            if (HostError(host) is { } why)
            {
                error = Fail(why);
                return null;
            }
        }
        if (EscapeError(rest) is { } escape)
        {
            error = Fail(escape);
            return null;
        }
        return new CelUrl(raw, scheme, host, EscapePath(rest), query);
    }

    private static string? HostError(string host)
    {
        var port = host;
        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']');
            if (close < 0)
            {
                return "missing ']' in host";
            }
            port = host[(close + 1)..];
            if (port.Length > 0 && !port.StartsWith(':'))
            {
                return $"invalid port {GoQuote(port)} after host";
            }
        }
        else
        {
            var colon = host.LastIndexOf(':');
            port = colon >= 0 ? host[colon..] : "";
            var name = colon >= 0 ? host[..colon] : host;
            if (name.FirstOrDefault(c => c is ' ' or '<' or '>' or '"' or '{' or '}' or '|' or '\\' or '^' or '`') is var bad and not '\0')
            {
                return $"invalid character {GoQuote(bad.ToString())} in host name";
            }
        }
        if (port.Length > 0 && !port[1..].All(char.IsAsciiDigit))
        {
            return $"invalid port {GoQuote(port)} after host";
        }
        return null;
    }

    private static string? EscapeError(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '%' && (i + 2 >= s.Length || !char.IsAsciiHexDigit(s[i + 1]) || !char.IsAsciiHexDigit(s[i + 2])))
            {
                var bad = s[i..Math.Min(s.Length, i + 3)];
                return $"invalid URL escape {GoQuote(bad)}";
            }
        }
        return null;
    }

    /// <summary>Go's EscapedPath: the path as written when that is a valid encoding, characters a path may not hold escaped.</summary>
    private static string EscapePath(string path)
    {
        var sb = new StringBuilder(path.Length);
        foreach (var b in Encoding.UTF8.GetBytes(path))
        {
            var c = (char)b;
            if (b < 0x80 && (char.IsAsciiLetterOrDigit(c) || "-._~/!$&'()*+,;=:@%".Contains(c)))
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return sb.ToString();
    }

    /// <summary>url.Values of the query: each key's values in order, '+' and %XX decoded; malformed pairs skipped as Go skips them.</summary>
    private static Dictionary<string, object?> Query(string? raw)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var pair in (raw ?? "").Split('&'))
        {
            if (pair.Length == 0 || pair.Contains(';'))
            {
                continue;
            }
            var eq = pair.IndexOf('=');
            var key = eq >= 0 ? pair[..eq] : pair;
            var value = eq >= 0 ? pair[(eq + 1)..] : "";
            if (EscapeError(key) is not null || EscapeError(value) is not null)
            {
                continue;
            }
            key = Uri.UnescapeDataString(key.Replace('+', ' '));
            value = Uri.UnescapeDataString(value.Replace('+', ' '));
            var list = result.TryGetValue(key, out var existing) ? (object?[])existing! : [];
            result[key] = list.Append(value).ToArray();
        }
        return result;
    }

    /// <summary>net.SplitHostPort as URL.Hostname/Port apply it: a trailing numeric :port, [brackets] removed.</summary>
    private static (string Host, string Port) SplitHostPort(string hostPort)
    {
        var host = hostPort;
        var port = "";
        var colon = host.LastIndexOf(':');
        if (colon >= 0 && host[(colon + 1)..].All(char.IsAsciiDigit) && (!host.StartsWith('[') || host.IndexOf(']') < colon))
        {
            port = host[(colon + 1)..];
            host = host[..colon];
        }
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        return (host, port);
    }

    /// <summary>strconv.Quote for the ASCII text these errors carry.</summary>
    internal static string GoQuote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
