namespace Dotkube.Machinery.Time;

/// <summary>IANA time zone lookups with Go's time.LoadLocation error wording.</summary>
public static class TimeZones
{
    /// <summary>Null when the zone exists ("UTC" and "" always do), else Go's error text.</summary>
    public static string? LoadError(string name)
    {
        if (name is "" or "UTC")
        {
            return null;
        }
        if (name == "Local")
        {
            return null;
        }
        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(name);
            return null;
        }
        catch (TimeZoneNotFoundException)
        {
            return "unknown time zone " + name;
        }
        catch (InvalidTimeZoneException)
        {
            return "unknown time zone " + name;
        }
    }

    /// <summary>The zone (as Go's time.LoadLocation: "" and "UTC" are UTC, "Local" the machine's); null when unknown.</summary>
    public static TimeZoneInfo? Find(string name)
    {
        if (name is "" or "UTC")
        {
            return TimeZoneInfo.Utc;
        }
        if (name == "Local")
        {
            return TimeZoneInfo.Local;
        }
        return TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone) ? zone : null;
    }
}
