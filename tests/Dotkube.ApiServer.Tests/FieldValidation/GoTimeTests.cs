using Dotkube.ApiServer.FieldValidation;

namespace Dotkube.ApiServer.Tests.FieldValidation;

public class GoTimeTests
{
    [Theory]
    [InlineData("2024-01-31T23:59:59Z")]
    [InlineData("2024-02-29T00:00:00+01:00")]
    [InlineData("2024-01-01T00:00:00.123456789Z")]
    [InlineData("2024-01-01T7:00:00Z")]
    [InlineData("0000-02-29T00:00:00Z")]
    public void AcceptsWhatGoParsesAsRfc3339(string value)
    {
        Assert.Null(GoTime.Check(value, micro: false));
    }

    [Theory]
    [InlineData("", "parsing time \"\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"2006\"")]
    [InlineData("yesterday", "parsing time \"yesterday\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"yesterday\" as \"2006\"")]
    [InlineData("2024-01-01", "parsing time \"2024-01-01\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"T\"")]
    [InlineData("2024-1-01T00:00:00Z", "parsing time \"2024-1-01T00:00:00Z\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"1-01T00:00:00Z\" as \"01\"")]
    [InlineData("2024-01-01 00:00:00Z", "parsing time \"2024-01-01 00:00:00Z\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \" 00:00:00Z\" as \"T\"")]
    [InlineData("2024-01-01T00:00:00", "parsing time \"2024-01-01T00:00:00\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"Z07:00\"")]
    [InlineData("2024-13-01T00:00:00Z", "parsing time \"2024-13-01T00:00:00Z\": month out of range")]
    [InlineData("2023-02-29T00:00:00Z", "parsing time \"2023-02-29T00:00:00Z\": day out of range")]
    [InlineData("2024-01-01T24:00:00Z", "parsing time \"2024-01-01T24:00:00Z\": hour out of range")]
    [InlineData("2024-01-01T00:00:00Zjunk", "parsing time \"2024-01-01T00:00:00Zjunk\": extra text: \"junk\"")]
    [InlineData("2024-01-01T00:00:00+25:00", "parsing time \"2024-01-01T00:00:00+25:00\": time zone offset hour out of range")]
    [InlineData("é", "parsing time \"\\xc3\\xa9\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\\xc3\\xa9\" as \"2006\"")]
    public void RefusesWithGosParseErrors(string value, string error)
    {
        Assert.Equal(error, GoTime.Check(value, micro: false));
    }

    [Theory]
    [InlineData("2024-01-01T00:00:00.123456Z", null)]
    [InlineData("2024-01-01T00:00:00Z", "parsing time \"2024-01-01T00:00:00Z\" as \"2006-01-02T15:04:05.000000Z07:00\": cannot parse \"Z\" as \".000000\"")]
    [InlineData("2024-01-01T00:00:00.1234567Z", "parsing time \"2024-01-01T00:00:00.1234567Z\" as \"2006-01-02T15:04:05.000000Z07:00\": cannot parse \"7Z\" as \"Z07:00\"")]
    public void MicroTimeWantsExactlySixFractionalDigits(string value, string? error)
    {
        Assert.Equal(error, GoTime.Check(value, micro: true));
    }
}
