using Dotkube.Controllers.Certificates;

namespace Dotkube.Controllers.Tests.Certificates;

public class SigningPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("no request: the signer's duration", null, 8760 * 3600)]
    [InlineData("a request within the duration is honoured", 3600, 3600)]
    [InlineData("a request over the duration is capped", 10 * 8760 * 3600, 8760 * 3600)]
    [InlineData("a request under ten minutes is raised to ten", 300, 600)]
    public void The_ttl_is_the_requested_duration_within_bounds(string what, int? expirationSeconds, int expectedSeconds) =>
        Assert.True(TimeSpan.FromSeconds(expectedSeconds) == SigningPolicy.Duration(expirationSeconds, TimeSpan.FromHours(8760)), what);

    [Theory]
    [InlineData("a ten-minute certificate ends a full ttl from now", 600, 600)]
    [InlineData("a seven-hour certificate ends a full ttl from now", 7 * 3600, 7 * 3600)]
    [InlineData("an eight-hour certificate ends five minutes early", 8 * 3600, 8 * 3600 - 300)]
    [InlineData("a year-long certificate ends five minutes early", 8760 * 3600, 8760 * 3600 - 300)]
    public void Every_certificate_starts_five_minutes_back_and_only_long_ones_end_early(string what, int ttlSeconds, int endsAfterSeconds)
    {
        var (notBefore, notAfter, error) = SigningPolicy.Window(Now, TimeSpan.FromSeconds(ttlSeconds), DateTimeOffset.MaxValue);
        Assert.Null(error);
        Assert.Equal(Now.AddMinutes(-5), notBefore);
        Assert.True(Now.AddSeconds(endsAfterSeconds) == notAfter, what);
    }

    [Fact]
    public void No_certificate_outlives_its_ca()
    {
        var caNotAfter = Now.AddHours(1);
        var (_, notAfter, error) = SigningPolicy.Window(Now, TimeSpan.FromDays(30), caNotAfter);
        Assert.Null(error);
        Assert.Equal(caNotAfter, notAfter);
    }

    [Theory]
    [InlineData("a CA that expired before the backdated start", -600, "the signer has expired: NotAfter=2026-03-01 11:50:00 +0000 UTC")]
    [InlineData("a CA that expired two minutes ago", -120, "refusing to sign a certificate that expired in the past: NotAfter=2026-03-01 11:58:00 +0000 UTC")]
    public void An_expired_ca_signs_nothing(string what, int caExpiresInSeconds, string expected)
    {
        var (_, _, error) = SigningPolicy.Window(Now, TimeSpan.FromHours(1), Now.AddSeconds(caExpiresInSeconds));
        Assert.True(expected == error, $"{what}: {error}");
    }
}
