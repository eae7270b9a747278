namespace Dotkube.Client.Serialization;

/// <summary>
/// metav1.Time values: whole seconds in UTC, as Go's encoder writes them. <see cref="KubeJson"/>
/// writes a whole-second time in that form (and a finer one as MicroTime), so fields of that type
/// are set through here.
/// </summary>
public static class MetaTime
{
    public static DateTime From(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    /// <summary>The wire form: RFC 3339 in UTC, whole seconds.</summary>
    public static string Format(DateTimeOffset time) =>
        From(time).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
