using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Dotkube.ApiServer.CustomResources;

/// <summary>
/// The string formats upstream validates in custom resources (its strfmt registry); any other
/// format name (int32, int64, double, …) is not a string check and passes.
/// </summary>
public static partial class StringFormats
{
    public static bool IsValid(string format, string s) => format switch
    {
        "date-time" or "datetime" => IsDateTime(s),
        "date" => DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "byte" => IsBase64(s),
        "uuid" => UuidRegex().IsMatch(s),
        "uuid3" => Uuid3Regex().IsMatch(s),
        "uuid4" => Uuid4Regex().IsMatch(s),
        "uuid5" => Uuid5Regex().IsMatch(s),
        "ipv4" => IPAddress.TryParse(s, out var a4) && a4.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && s.Count(c => c == '.') == 3,
        "ipv6" => IPAddress.TryParse(s, out var a6) && a6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6,
        "cidr" => IsCidr(s),
        "mac" => MacRegex().IsMatch(s),
        "hostname" => HostnameRegex().IsMatch(s) && s.Length <= 255,
        "email" => EmailRegex().IsMatch(s),
        "uri" => Uri.TryCreate(s, UriKind.Absolute, out _),
        "duration" => DurationRegex().IsMatch(s),
        "hexcolor" => HexColorRegex().IsMatch(s),
        "bsonobjectid" => BsonRegex().IsMatch(s),
        _ => true,
    };

    private static bool IsDateTime(string s) =>
        DateTimeRegex().IsMatch(s) && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static bool IsBase64(string s)
    {
        var buffer = new byte[s.Length];
        return Convert.TryFromBase64String(s, buffer, out _);
    }

    private static bool IsCidr(string s)
    {
        var slash = s.IndexOf('/');
        return slash > 0 && IPAddress.TryParse(s[..slash], out var a)
            && int.TryParse(s[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var bits)
            && bits <= (a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex DateTimeRegex();

    [GeneratedRegex("^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$")]
    private static partial Regex UuidRegex();

    [GeneratedRegex("^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?3[0-9a-fA-F]{3}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$")]
    private static partial Regex Uuid3Regex();

    [GeneratedRegex("^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?4[0-9a-fA-F]{3}-?[89abAB][0-9a-fA-F]{3}-?[0-9a-fA-F]{12}$")]
    private static partial Regex Uuid4Regex();

    [GeneratedRegex("^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?5[0-9a-fA-F]{3}-?[89abAB][0-9a-fA-F]{3}-?[0-9a-fA-F]{12}$")]
    private static partial Regex Uuid5Regex();

    [GeneratedRegex("^([0-9A-Fa-f]{2}[:-]){5}([0-9A-Fa-f]{2})$")]
    private static partial Regex MacRegex();

    [GeneratedRegex(@"^([a-zA-Z0-9]([a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])?)(\.([a-zA-Z0-9]([a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])?))*\.?$")]
    private static partial Regex HostnameRegex();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+$")]
    private static partial Regex EmailRegex();

    [GeneratedRegex(@"^(-?(\d+(\.\d+)?|\.\d+)\s*(ns|us|µs|ms|s|m|h|d|w)\s*)+$")]
    private static partial Regex DurationRegex();

    [GeneratedRegex("^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")]
    private static partial Regex HexColorRegex();

    [GeneratedRegex("^[0-9a-fA-F]{24}$")]
    private static partial Regex BsonRegex();
}
