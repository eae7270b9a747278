namespace Dotkube.Machinery.Time;

/// <summary>The parsed schedule and its activations (robfig/cron's SpecSchedule and ConstantDelaySchedule).</summary>
public sealed partial class CronSchedule
{
    private const ulong StarBit = 1UL << 63;

    private readonly ulong minute;
    private readonly ulong hour;
    private readonly ulong dayOfMonth;
    private readonly ulong month;
    private readonly ulong dayOfWeek;
    private readonly TimeSpan? every;

    private CronSchedule(ulong minute, ulong hour, ulong dayOfMonth, ulong month, ulong dayOfWeek, TimeSpan? every, TimeZoneInfo? zone)
    {
        this.minute = minute;
        this.hour = hour;
        this.dayOfMonth = dayOfMonth;
        this.month = month;
        this.dayOfWeek = dayOfWeek;
        this.every = every;
        Zone = zone;
    }

    /// <summary>The zone of a TZ= or CRON_TZ= prefix; null when the schedule names none.</summary>
    public TimeZoneInfo? Zone { get; }

    private static CronSchedule FromDescriptor(string spec, TimeZoneInfo? zone)
    {
        const ulong all = StarBit | ulong.MaxValue >> 1;
        return spec switch
        {
            "@yearly" or "@annually" => new CronSchedule(1, 1, 1 << 1, 1 << 1, all, null, zone),
            "@monthly" => new CronSchedule(1, 1, 1 << 1, all, all, null, zone),
            "@weekly" => new CronSchedule(1, 1, all, all, 1, null, zone),
            "@daily" or "@midnight" => new CronSchedule(1, 1, all, all, all, null, zone),
            "@hourly" => new CronSchedule(1, all, all, all, all, null, zone),
            // @every: at least a second, in whole seconds.
            _ => new CronSchedule(0, 0, 0, 0, 0, Every(spec), zone),
        };
    }

    private static TimeSpan Every(string spec)
    {
        GoDuration.TryParse(spec["@every ".Length..], out var delay);
        delay = TimeSpan.FromSeconds(Math.Floor(delay.TotalSeconds));
        return delay < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : delay;
    }

    /// <summary>
    /// The first activation strictly after <paramref name="after"/>, reading the fields in
    /// <paramref name="zone"/> (the schedule's own TZ= zone wins); null when none comes within five years.
    /// </summary>
    public DateTimeOffset? Next(DateTimeOffset after, TimeZoneInfo zone)
    {
        if (every is { } delay)
        {
            return new DateTimeOffset(after.UtcTicks - after.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero) + delay;
        }
        zone = Zone ?? zone;
        var local = TimeZoneInfo.ConvertTime(after, zone).DateTime;
        var t = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified).AddMinutes(1);
        var limit = t.AddYears(5);
        while (t < limit)
        {
            if (!Has(month, t.Month))
            {
                t = new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Unspecified).AddMonths(1);
                continue;
            }
            if (!DayMatches(t))
            {
                t = t.Date.AddDays(1);
                continue;
            }
            if (!Has(hour, t.Hour))
            {
                t = t.Date.AddHours(t.Hour + 1);
                continue;
            }
            if (!Has(minute, t.Minute))
            {
                t = t.AddMinutes(1);
                continue;
            }
            if (zone.IsInvalidTime(t))
            {
                // A wall time skipped by a daylight-saving change never comes.
                t = t.AddMinutes(1);
                continue;
            }
            var offset = zone.GetUtcOffset(t);
            var at = new DateTimeOffset(t, offset).ToUniversalTime();
            if (at > after)
            {
                return at;
            }
            t = t.AddMinutes(1);
        }
        return null;
    }

    private static bool Has(ulong bits, int value) => (bits & (1UL << value)) != 0;

    /// <summary>Day of month and day of week: both must match when either is *, else either may.</summary>
    private bool DayMatches(DateTime t)
    {
        var dom = Has(dayOfMonth, t.Day);
        var dow = Has(dayOfWeek, (int)t.DayOfWeek);
        return (dayOfMonth & StarBit) != 0 || (dayOfWeek & StarBit) != 0 ? dom && dow : dom || dow;
    }
}
