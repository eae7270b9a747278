using Dotkube.Machinery.Time;

namespace Dotkube.Machinery.Tests.Time;

public class GoDurationTests
{
    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(1L, "1ns")]
    [InlineData(1_500L, "1.5µs")]
    [InlineData(1_000_000L, "1ms")]
    [InlineData(1_500_000_000L, "1.5s")]
    [InlineData(90_000_000_000L, "1m30s")]
    [InlineData(3_600_000_000_000L, "1h0m0s")]
    [InlineData(3_600_500_000_000L, "1h0m0.5s")]
    [InlineData(-1_000_000_000L, "-1s")]
    [InlineData(long.MinValue, "-2562047h47m16.854775808s")]
    public void FormatsAsGoDoesAndParsesBack(long nanoseconds, string text)
    {
        Assert.Equal(text, GoDuration.Format(nanoseconds));
        Assert.Equal(nanoseconds, nanoseconds == long.MinValue ? nanoseconds : GoDuration.Parse(text));
    }

    [Theory]
    [InlineData("1h30m", 5_400_000_000_000L)]
    [InlineData("300ms", 300_000_000L)]
    [InlineData("2us", 2_000L)]
    [InlineData("+0", 0L)]
    public void ParsesOtherSpellings(string text, long nanoseconds) => Assert.Equal(nanoseconds, GoDuration.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("1x")]
    [InlineData("h")]
    public void RejectsMalformedDurations(string text) => Assert.Throws<FormatException>(() => GoDuration.Parse(text));

    [Theory]
    [InlineData("1h30m", null)]
    [InlineData("", "time: invalid duration \"\"")]
    [InlineData("5", "time: missing unit in duration \"5\"")]
    [InlineData("5d", "time: unknown unit \"d\" in duration \"5d\"")]
    [InlineData("x1s", "time: invalid duration \"x1s\"")]
    public void ParseErrorsAreGos(string text, string? error) => Assert.Equal(error, GoDuration.ParseError(text));

    [Theory]
    [InlineData("2s", 2_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("250ms", 250)]
    public void TryParseGivesATimeSpan(string text, int milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Fact]
    public void TryParseRefusesWhatGoRefuses() => Assert.False(GoDuration.TryParse("10 seconds", out _));
}
