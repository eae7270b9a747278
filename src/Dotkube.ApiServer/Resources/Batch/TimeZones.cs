namespace Dotkube.ApiServer.Resources.Batch;

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
}
