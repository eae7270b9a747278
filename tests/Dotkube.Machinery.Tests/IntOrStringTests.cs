using System.Text.Json.Nodes;

namespace Dotkube.Machinery.Tests;

public class IntOrStringTests
{
    [Theory]
    [InlineData("5", true, 5, "")]
    [InlineData("-3", true, -3, "")]
    [InlineData("\"25%\"", false, 0, "25%")]
    [InlineData("\"http\"", false, 0, "http")]
    public void Json_numbers_and_strings_are_read(string json, bool isInt, int intValue, string stringValue)
    {
        Assert.True(IntOrString.TryRead(JsonNode.Parse(json), out var value));
        Assert.Equal(isInt, value.IsInt);
        Assert.Equal(intValue, value.IntValue);
        Assert.Equal(stringValue, value.StringValue);
        Assert.Equal(json, value.ToJson().ToJsonString());
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("4294967296")]
    public void Other_json_is_not_an_int_or_string(string json) => Assert.False(IntOrString.TryRead(JsonNode.Parse(json), out _));

    // Facts from upstream's intstr tests: ints pass through, percents scale and round.
    [Theory]
    [InlineData("5", 100, true, 5)]
    [InlineData("\"90%\"", 100, true, 90)]
    [InlineData("\"90%\"", 95, true, 86)]
    [InlineData("\"90%\"", 95, false, 85)]
    [InlineData("\"25%\"", 10, true, 3)]
    [InlineData("\"25%\"", 10, false, 2)]
    [InlineData("\"0%\"", 10, true, 0)]
    [InlineData("\"100%\"", 7, false, 7)]
    public void Scaled_values_round_percentages_of_the_total(string json, int total, bool roundUp, int expected) =>
        Assert.Equal(expected, IntOrString.GetScaledValueFromIntOrPercent(JsonNode.Parse(json), total, roundUp));

    [Theory]
    [InlineData("\"90\"", "invalid value for IntOrString: invalid type: string is not a percentage")]
    [InlineData("\"%\"", "invalid value for IntOrString: invalid value \"%\": strconv.Atoi: parsing \"\": invalid syntax")]
    [InlineData("\"fifty%\"", "invalid value for IntOrString: invalid value \"fifty%\": strconv.Atoi: parsing \"fifty\": invalid syntax")]
    [InlineData("true", "invalid value for IntOrString: invalid type: neither int nor percentage")]
    public void Bad_values_fail_with_upstreams_messages(string json, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => IntOrString.GetScaledValueFromIntOrPercent(JsonNode.Parse(json), 10, true)).Message);

    [Fact]
    public void A_missing_value_fails() =>
        Assert.Equal("nil value for IntOrString", Assert.Throws<FormatException>(() => IntOrString.GetScaledValueFromIntOrPercent((JsonNode?)null, 10, true)).Message);
}
