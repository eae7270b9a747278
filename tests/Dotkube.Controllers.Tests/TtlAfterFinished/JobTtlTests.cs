using Dotkube.Controllers.TtlAfterFinished;
using k8s.Models;

namespace Dotkube.Controllers.Tests.TtlAfterFinished;

public class JobTtlTests
{
    private static readonly DateTime Finished = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static V1Job Job(int? ttl, string? condition, string status = "True", bool deleting = false) => new()
    {
        Metadata = new V1ObjectMeta { Name = "pi", DeletionTimestamp = deleting ? Finished : null },
        Spec = new V1JobSpec { TtlSecondsAfterFinished = ttl },
        Status = new V1JobStatus
        {
            Conditions = condition is null ? null : [new V1JobCondition { Type = condition, Status = status, LastTransitionTime = Finished }],
        },
    };

    [Theory]
    [InlineData(30, "Complete", "True", false, 30)]
    [InlineData(0, "Failed", "True", false, 0)]
    [InlineData(null, "Complete", "True", false, null)] // no TTL: kept
    [InlineData(30, null, "True", false, null)] // still running
    [InlineData(30, "SuccessCriteriaMet", "True", false, null)] // not finished until Complete
    [InlineData(30, "Complete", "False", false, null)]
    [InlineData(30, "Complete", "True", true, null)] // already being deleted
    public void A_job_expires_its_TTL_after_its_finishing_condition(int? ttl, string? condition, string status, bool deleting, int? expiresAfter)
    {
        var expected = expiresAfter is { } s ? new DateTimeOffset(Finished).AddSeconds(s) : (DateTimeOffset?)null;
        Assert.Equal(expected, JobTtl.ExpiresAt(Job(ttl, condition, status, deleting)));
    }
}
