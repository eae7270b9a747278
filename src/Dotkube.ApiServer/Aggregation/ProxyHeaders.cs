using System.Text;
using Dotkube.ApiServer.Authentication;

namespace Dotkube.ApiServer.Aggregation;

/// <summary>
/// What the aggregator tells an extension API server about the caller: the authenticated user in
/// request headers (X-Remote-User, one X-Remote-Group per group, X-Remote-Extra-{key} per extra
/// value), trusted by the backend because the request arrives over the front-proxy client
/// certificate. The caller's own credentials and any identity headers it sent are never forwarded.
/// </summary>
public static class ProxyHeaders
{
    public const string User = "X-Remote-User";
    public const string Group = "X-Remote-Group";
    public const string ExtraPrefix = "X-Remote-Extra-";

    /// <summary>Request headers the proxy drops: credentials, impersonation, and identity headers a client could forge.</summary>
    public static bool IsStripped(string header) =>
        header.Equals("Authorization", StringComparison.OrdinalIgnoreCase)
        || header.StartsWith("Impersonate-", StringComparison.OrdinalIgnoreCase)
        || header.StartsWith("X-Remote-", StringComparison.OrdinalIgnoreCase)
        || IsHopByHop(header);

    /// <summary>Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection, not the forwarded request.</summary>
    public static bool IsHopByHop(string header) =>
        header.Equals("Connection", StringComparison.OrdinalIgnoreCase)
        || header.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase)
        || header.Equals("Proxy-Connection", StringComparison.OrdinalIgnoreCase)
        || header.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
        || header.Equals("Upgrade", StringComparison.OrdinalIgnoreCase)
        || header.Equals("TE", StringComparison.OrdinalIgnoreCase)
        || header.Equals("Trailer", StringComparison.OrdinalIgnoreCase)
        || header.Equals("Host", StringComparison.OrdinalIgnoreCase);

    /// <summary>The identity headers for <paramref name="user"/>, in the order they are sent.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> For(UserInfo user)
    {
        var headers = new List<KeyValuePair<string, string>> { new(User, user.Name) };
        foreach (var group in user.Groups)
        {
            headers.Add(new(Group, group));
        }
        if (user.Extra is { } extra)
        {
            foreach (var (key, values) in extra.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                var name = ExtraPrefix + EscapeKey(key);
                foreach (var value in values)
                {
                    headers.Add(new(name, value));
                }
            }
        }
        return headers;
    }

    /// <summary>
    /// An extra key as a header-name suffix: RFC 7230 token characters stay, everything else
    /// (and '%' itself) is percent-encoded byte by byte, so keys like "example.com/scopes" survive
    /// and the backend can unescape them (upstream's headerKeyEscape).
    /// </summary>
    public static string EscapeKey(string key)
    {
        var sb = new StringBuilder(key.Length);
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            if (b != '%' && IsTokenChar(b))
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return sb.ToString();
    }

    private static bool IsTokenChar(byte b) =>
        b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
        || "!#$%&'*+-.^_`|~"u8.Contains(b);
}
