using System.Globalization;

namespace Dotkube.Client.Serialization;

/// <summary>metav1.MicroTime's wire form: RFC 3339 in UTC with exactly six fractional digits.</summary>
public static class MicroTime
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
