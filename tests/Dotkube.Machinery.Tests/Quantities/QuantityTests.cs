using System.Text.Json.Nodes;
using Dotkube.Machinery.Quantities;

namespace Dotkube.Machinery.Tests.Quantities;

public class QuantityTests
{
    // Input, the value it must equal (as a plain decimal number), the format it keeps.
    public static TheoryData<string, string, QuantityFormat> ParseCases => new()
    {
        { "0", "0", QuantityFormat.DecimalSI },
        { "0n", "0", QuantityFormat.DecimalSI },
        { "0Ki", "0", QuantityFormat.BinarySI },
        { "0Ti", "0", QuantityFormat.BinarySI },
        { "1", "1", QuantityFormat.DecimalSI },
        { "1Ki", "1024", QuantityFormat.BinarySI },
        { "7Mi", "7340032", QuantityFormat.BinarySI },
        { "6Gi", "6442450944", QuantityFormat.BinarySI },
        { "3Ei", "3458764513820540928", QuantityFormat.BinarySI },
        { "5n", "0.000000005", QuantityFormat.DecimalSI },
        { "4u", "0.000004", QuantityFormat.DecimalSI },
        { "3m", "0.003", QuantityFormat.DecimalSI },
        { "50k", "50000", QuantityFormat.DecimalSI },
        { "300T", "300000000000000", QuantityFormat.DecimalSI },
        { "1E", "1000000000000000000", QuantityFormat.DecimalSI },
        { "1E-3", "0.001", QuantityFormat.DecimalExponent },
        { "1e3", "1000", QuantityFormat.DecimalExponent },
        { "1e14", "100000000000000", QuantityFormat.DecimalExponent },
        { "100.035k", "100035", QuantityFormat.DecimalSI },
        { "0.0005k", "0.5", QuantityFormat.DecimalSI },
        { "0.00500", "0.005", QuantityFormat.DecimalSI },
        { "0.5e-2", "0.005", QuantityFormat.DecimalExponent },
        { "10.035M", "10035000", QuantityFormat.DecimalSI },
        { "1.3E+6", "1300000", QuantityFormat.DecimalExponent },
        { "1.53E12", "1530000000000", QuantityFormat.DecimalExponent },
        { "6.987654321G", "6987654321", QuantityFormat.DecimalSI },
        { "1.01E", "1010000000000000000", QuantityFormat.DecimalSI },
        { "3.001n", "0.000000004", QuantityFormat.DecimalSI },
        { "1.1E-9", "0.000000002", QuantityFormat.DecimalExponent },
        { "0.0000000001", "0.000000001", QuantityFormat.DecimalSI },
        { "0.9n", "0.000000001", QuantityFormat.DecimalSI },
        { "0.00000012345", "0.000000124", QuantityFormat.DecimalSI },
        { "9Ei", "9223372036854775807", QuantityFormat.BinarySI },
        { "9223372036854775807Ki", "9223372036854775807", QuantityFormat.BinarySI },
        { "12E", "12000000000000000000", QuantityFormat.DecimalSI },
        { "100.035Ki", "102435.84", QuantityFormat.BinarySI },
        { "0.5Mi", "524288", QuantityFormat.BinarySI },
        { "0.025Ti", "27487790694.4", QuantityFormat.BinarySI },
        { "0.000000000001Ki", "0.000000002", QuantityFormat.DecimalSI },
        { ".001", "0.001", QuantityFormat.DecimalSI },
        { ".0001k", "0.1", QuantityFormat.DecimalSI },
        { "1.", "1", QuantityFormat.DecimalSI },
        { "1.G", "1000000000", QuantityFormat.DecimalSI },
    };

    [Theory]
    [MemberData(nameof(ParseCases))]
    public void Parsing_gives_upstreams_value_and_format(string input, string value, QuantityFormat format)
    {
        // Plain decimals with at most nine fraction digits parse exactly, so they can stand for the value.
        var q = Quantity.Parse(input);
        Assert.Equal(0, q.CompareTo(Quantity.Parse(value)));
        Assert.Equal(format, q.Format);

        var negative = Quantity.Parse("-" + input);
        Assert.Equal(0, negative.CompareTo(Quantity.Parse("-" + value)));
        Assert.Equal(format, negative.Format);
        Assert.Equal(0, Quantity.Parse("+" + input).CompareTo(q));
    }

    [Theory]
    [InlineData("1.1.M")]
    [InlineData("1+1.0M")]
    [InlineData("0.1mi")]
    [InlineData("0.1am")]
    [InlineData("aoeu")]
    [InlineData(".5i")]
    [InlineData("1i")]
    [InlineData("-3.01i")]
    [InlineData("-3.01e-")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("")]
    public void Malformed_quantities_are_rejected(string input)
    {
        Assert.False(Quantity.TryParse(input, out _));
        Assert.Throws<FormatException>(() => Quantity.Parse(input));
    }

    [Theory]
    [InlineData("aoeu", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")]
    [InlineData("1 ", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")]
    [InlineData("1i", "unable to parse quantity's suffix")]
    [InlineData("0.1mi", "unable to parse quantity's suffix")]
    public void Parse_errors_carry_upstreams_messages(string input, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => Quantity.Parse(input)).Message);

    [Theory]
    [InlineData("1Gi", "1Gi")]
    [InlineData("1024Mi", "1Gi")]
    [InlineData("300Mi", "300Mi")]
    [InlineData("307200Ki", "300Mi")]
    [InlineData("6Ki", "6Ki")]
    [InlineData("1025024Mi", "1001Gi")]
    [InlineData("1024Gi", "1Ti")]
    [InlineData("5", "5")]
    [InlineData("5000m", "5")]
    [InlineData("500m", "500m")]
    [InlineData("0.5", "500m")]
    [InlineData("1000M", "1G")]
    [InlineData("0.001T", "1G")]
    [InlineData("1000m", "1")]
    [InlineData("1000u", "1m")]
    [InlineData("1.08", "1080m")]
    [InlineData("1080000000n", "1080m")]
    [InlineData("1234567M", "1234567M")]
    [InlineData("3k", "3k")]
    [InlineData("1025", "1025")]
    [InlineData("0", "0")]
    [InlineData("00", "0")]
    [InlineData("1e9", "1e9")]
    [InlineData(".001e12", "1e9")]
    [InlineData("0.001e0", "1e-3")]
    [InlineData("1000e-12", "1e-9")]
    [InlineData("80e-3", "80e-3")]
    [InlineData("300e6", "300e6")]
    [InlineData("1e3", "1e3")]
    [InlineData("129e6", "129e6")]
    [InlineData("1080n", "1080n")]
    [InlineData("1Ki", "1Ki")]
    [InlineData(".001Ki", "1024m")]
    [InlineData(".000001Ki", "1024u")]
    [InlineData(".000000001Ki", "1024n")]
    [InlineData(".000000000001Ki", "2n")]
    [InlineData("100.035Ki", "102435840m")]
    [InlineData("0.5Mi", "512Ki")]
    [InlineData("1.5Gi", "1536Mi")]
    [InlineData("1536", "1536")]
    [InlineData("128974848", "128974848")]
    [InlineData("129M", "129M")]
    [InlineData("123Mi", "123Mi")]
    [InlineData("0.1", "100m")]
    [InlineData("250m", "250m")]
    [InlineData("2000m", "2")]
    [InlineData("1500m", "1500m")]
    public void Quantities_print_in_upstreams_canonical_form(string input, string canonical)
    {
        Assert.Equal(canonical, Quantity.Parse(input).ToString());
        if (input != "0" && input != "00")
        {
            Assert.Equal("-" + canonical, Quantity.Parse("-" + input).ToString());
        }
    }

    [Theory]
    [InlineData("+1k", "+1k")]
    [InlineData("050k", "050k")]
    [InlineData("+1000m", "1")]
    [InlineData("-0", "0")]
    public void Text_that_upstream_keeps_verbatim_is_printed_back_verbatim(string input, string printed) =>
        Assert.Equal(printed, Quantity.Parse(input).ToString());

    [Theory]
    [InlineData("1", 1L, 1000L)]
    [InlineData("1500m", 2L, 1500L)]
    [InlineData("100m", 1L, 100L)]
    [InlineData("1n", 1L, 1L)]
    [InlineData("1Ki", 1024L, 1024000L)]
    [InlineData("-1500m", -2L, -1500L)]
    [InlineData("0", 0L, 0L)]
    [InlineData("1.5Gi", 1610612736L, 1610612736000L)]
    public void Value_and_MilliValue_round_up_away_from_zero(string input, long value, long milli)
    {
        var q = Quantity.Parse(input);
        Assert.Equal(value, q.Value);
        Assert.Equal(milli, q.MilliValue);
    }

    [Fact]
    public void AsDouble_gives_the_nearest_double()
    {
        Assert.Equal(0.5, Quantity.Parse("500m").AsDouble);
        Assert.Equal(1073741824d, Quantity.Parse("1Gi").AsDouble);
        Assert.Equal(1e-9, Quantity.Parse("1n").AsDouble);
    }

    [Theory]
    [InlineData("1", "2", -1)]
    [InlineData("1Ki", "1024", 0)]
    [InlineData("1000m", "1", 0)]
    [InlineData("1.5", "1499m", 1)]
    [InlineData("-1", "0", -1)]
    [InlineData("1E", "1Ei", -1)]
    public void Quantities_compare_by_value(string a, string b, int expected)
    {
        Assert.Equal(expected, Math.Sign(Quantity.Parse(a).CompareTo(Quantity.Parse(b))));
        Assert.Equal(-expected, Math.Sign(Quantity.Parse(b).CompareTo(Quantity.Parse(a))));
        Assert.Equal(expected == 0, Quantity.Parse(a) == Quantity.Parse(b));
    }

    [Theory]
    [InlineData("10", "10", "20")]
    [InlineData("10", "-10", "0")]
    [InlineData("100m", "900m", "1")]
    [InlineData("1Gi", "1Gi", "2Gi")]
    [InlineData("1Gi", "1", "1073741825")]
    [InlineData("0", "1Mi", "1Mi")]
    [InlineData("1k", "1Ki", "2024")]
    public void Adding_keeps_the_left_format_unless_the_left_is_zero(string a, string b, string sum) =>
        Assert.Equal(sum, (Quantity.Parse(a) + Quantity.Parse(b)).ToString());

    [Theory]
    [InlineData("10", "1", "9")]
    [InlineData("1", "1500m", "-500m")]
    [InlineData("0", "1Ki", "-1Ki")]
    [InlineData("2Gi", "1Gi", "1Gi")]
    public void Subtracting_keeps_the_left_format_unless_the_left_is_zero(string a, string b, string difference) =>
        Assert.Equal(difference, Quantity.Parse(a).Subtract(Quantity.Parse(b)).ToString());

    [Fact]
    public void Negating_prints_with_a_minus()
    {
        Assert.Equal("-9010m", Quantity.Parse("9.01").Negate().ToString());
        Assert.Equal("0", Quantity.Zero.Negate().ToString());
    }

    [Fact]
    public void Quantities_are_built_from_integers()
    {
        Assert.Equal("500m", Quantity.FromMilli(500).ToString());
        Assert.Equal("2Ki", Quantity.FromValue(2048, QuantityFormat.BinarySI).ToString());
        Assert.Equal("3k", Quantity.FromScaled(3, 3).ToString());
        Assert.Equal("0", default(Quantity).ToString());
    }

    [Theory]
    [InlineData("\"100m\"", "100m")]
    [InlineData("\" 1Gi \"", "1Gi")]
    [InlineData("0.5", "500m")]
    [InlineData("2", "2")]
    public void Quantities_are_read_from_json_strings_and_numbers(string json, string canonical)
    {
        Assert.True(Quantity.TryParse(JsonNode.Parse(json), out var q));
        Assert.Equal(canonical, q.ToString());
    }

    [Fact]
    public void Json_that_is_not_a_string_or_number_is_not_a_quantity()
    {
        Assert.False(Quantity.TryParse(JsonNode.Parse("true"), out _));
        Assert.False(Quantity.TryParse((JsonNode?)null, out _));
        Assert.False(Quantity.TryParse(JsonNode.Parse("{}"), out _));
    }
}
