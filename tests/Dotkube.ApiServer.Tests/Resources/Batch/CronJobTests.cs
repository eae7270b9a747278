using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Batch;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Time;
using static Dotkube.ApiServer.Tests.Resources.GroupCommon.Fixtures;

namespace Dotkube.ApiServer.Tests.Resources.Batch;

public class CronJobTests
{
    private static readonly CronJobStrategy Strategy = new();

    private static JsonObject CronJob(string schedule, string extra = "", string name = "backup") => Json($$"""
        {"metadata":{"name":"{{name}}","namespace":"default","creationTimestamp":"2024-05-01T10:00:00Z"},
         "spec":{"schedule":"{{schedule}}"{{extra}},"jobTemplate":{"spec":{"template":{"spec":{"restartPolicy":"OnFailure","containers":[{"name":"b","image":"busybox"}]} } } } } }
        """);

    [Fact]
    public void A_cronjob_gets_upstream_defaults()
    {
        var (obj, errors) = Create(Strategy, CronJob("*/5 * * * *"));

        Assert.Empty(errors);
        var spec = obj.Obj("spec")!;
        Assert.Equal(("Allow", false, 3L, 1L), (spec.Str("concurrencyPolicy"), spec.Bool("suspend"), spec.Int("successfulJobsHistoryLimit"), spec.Int("failedJobsHistoryLimit")));
    }

    [Theory]
    [InlineData("*/5 * * * *", null)]
    [InlineData("0 0 * * MON-fri", null)]
    [InlineData("15 2 1,15 jan,jul ?", null)]
    [InlineData("@hourly", null)]
    [InlineData("@every 1h30m", null)]
    [InlineData("* * * *", "expected exactly 5 fields, found 4: [* * * *]")]
    [InlineData("60 * * * *", "end of range (60) above maximum (59): 60")]
    [InlineData("* * 0 * *", "beginning of range (0) below minimum (1): 0")]
    [InlineData("5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1")]
    [InlineData("*/0 * * * *", "step of range should be a positive number: */0")]
    [InlineData("a * * * *", "failed to parse int from a: strconv.Atoi: parsing \"a\": invalid syntax")]
    [InlineData("1-2-3 * * * *", "too many hyphens: 1-2-3")]
    [InlineData("@fortnightly", "unrecognized descriptor: @fortnightly")]
    [InlineData("@every 5x", "failed to parse duration @every 5x: time: unknown unit \"x\" in duration \"5x\"")]
    public void Schedules_are_parsed_as_upstream_does(string schedule, string? error) =>
        Assert.Equal(error, CronSchedule.Check(schedule));

    [Theory]
    [InlineData("61 * * * *", "", "spec.schedule: Invalid value: \"61 * * * *\": end of range (61) above maximum (59): 61")]
    [InlineData("TZ=UTC 0 * * * *", "", "spec.schedule: Invalid value: \"TZ=UTC 0 * * * *\": cannot use TZ or CRON_TZ in schedule, use timeZone field instead")]
    [InlineData("0 * * * *", ",\"timeZone\":\"Mars/Olympus\"", "spec.timeZone: Invalid value: \"Mars/Olympus\": unknown time zone Mars/Olympus")]
    [InlineData("0 * * * *", ",\"timeZone\":\"Local\"", "spec.timeZone: Invalid value: \"Local\": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones")]
    [InlineData("0 * * * *", ",\"concurrencyPolicy\":\"Sometimes\"", "spec.concurrencyPolicy: Unsupported value: \"Sometimes\": supported values: \"Allow\", \"Forbid\", \"Replace\"")]
    public void Invalid_cronjobs_are_rejected_with_upstream_wording(string schedule, string extra, string expected)
    {
        var (_, errors) = Create(Strategy, CronJob(schedule, extra));

        Assert.Equal([expected], errors);
    }

    [Fact]
    public void A_known_time_zone_is_accepted() =>
        Assert.Empty(Create(Strategy, CronJob("0 * * * *", ",\"timeZone\":\"Europe/Berlin\"")).Errors);

    [Fact]
    public void Cronjob_names_leave_room_for_the_job_suffix()
    {
        var name = new string('a', 53);
        Assert.Equal([$"metadata.name: Invalid value: \"{name}\": must be no more than 52 characters"], Create(Strategy, CronJob("0 * * * *", name: name)).Errors);
    }

    [Fact]
    public void The_cronjob_table_matches_kubectl()
    {
        var obj = CronJob("*/5 * * * *", ",\"suspend\":false");
        obj["status"] = Json("""{"active":[{"name":"backup-1"}],"lastScheduleTime":"2024-05-01T11:58:00Z"}""");

        Assert.Equal(["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"], Headers(Strategy));
        Assert.Equal(["backup", "*/5 * * * *", "<none>", "False", "1", "2m", "120m", "b", "busybox", "<none>"], Row(Strategy, obj));
    }
}
