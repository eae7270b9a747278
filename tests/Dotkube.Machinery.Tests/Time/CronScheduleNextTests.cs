using Dotkube.Machinery.Time;

namespace Dotkube.Machinery.Tests.Time;

public class CronScheduleNextTests
{
    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("* * * * *", "2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z")]
    [InlineData("* * * * *", "2026-01-01T00:00:30Z", "2026-01-01T00:01:00Z")]
    [InlineData("*/5 * * * *", "2026-01-01T00:07:00Z", "2026-01-01T00:10:00Z")]
    [InlineData("0 9 * * *", "2026-01-01T09:00:00Z", "2026-01-02T09:00:00Z")]
    [InlineData("30 2 1 * *", "2026-01-15T00:00:00Z", "2026-02-01T02:30:00Z")]
    [InlineData("0 0 * * mon", "2026-01-01T00:00:00Z", "2026-01-05T00:00:00Z")] // 2026-01-01 is a Thursday
    [InlineData("0 0 13 * 5", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z")] // day of month OR day of week: Friday the 2nd
    [InlineData("0 0 13 * *", "2026-01-01T00:00:00Z", "2026-01-13T00:00:00Z")]
    [InlineData("0 0 29 2 *", "2026-01-01T00:00:00Z", "2028-02-29T00:00:00Z")] // the next leap day
    [InlineData("15-17/2 8 * jan-feb *", "2026-01-01T08:16:00Z", "2026-01-01T08:17:00Z")]
    [InlineData("@hourly", "2026-01-01T00:59:59Z", "2026-01-01T01:00:00Z")]
    [InlineData("@daily", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z")]
    [InlineData("@weekly", "2026-01-01T00:00:00Z", "2026-01-04T00:00:00Z")] // Sunday
    [InlineData("@monthly", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z")]
    [InlineData("@yearly", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("@every 90s", "2026-01-01T00:00:00.500Z", "2026-01-01T00:01:30Z")]
    [InlineData("TZ=America/New_York 0 9 * * *", "2026-01-01T00:00:00Z", "2026-01-01T14:00:00Z")]
    public void The_next_activation_follows_the_fields(string spec, string after, string expected)
    {
        Assert.Null(CronSchedule.Parse(spec, out var schedule));
        Assert.Equal(At(expected), schedule!.Next(At(after), TimeZoneInfo.Utc));
    }

    [Theory]
    [InlineData("0 9 * * *", "Europe/Berlin", "2026-07-01T00:00:00Z", "2026-07-01T07:00:00Z")] // summer time: UTC+2
    [InlineData("0 9 * * *", "Europe/Berlin", "2026-01-01T00:00:00Z", "2026-01-01T08:00:00Z")]
    [InlineData("30 2 * * *", "Europe/Berlin", "2026-03-29T00:00:00Z", "2026-03-30T00:30:00Z")] // 02:30 does not exist on the change day
    public void A_time_zone_shifts_the_activations(string spec, string zone, string after, string expected)
    {
        Assert.Null(CronSchedule.Parse(spec, out var schedule));
        Assert.Equal(At(expected), schedule!.Next(At(after), TimeZones.Find(zone)!));
    }

    [Fact]
    public void A_schedule_that_never_comes_has_no_next_time()
    {
        Assert.Null(CronSchedule.Parse("0 0 31 2 *", out var schedule));
        Assert.Null(schedule!.Next(At("2026-01-01T00:00:00Z"), TimeZoneInfo.Utc));
    }
}
