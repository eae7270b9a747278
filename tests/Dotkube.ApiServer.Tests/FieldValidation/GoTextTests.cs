using System.Text.Json.Nodes;
using Dotkube.ApiServer.FieldValidation;

namespace Dotkube.ApiServer.Tests.FieldValidation;

public class GoTextTests
{
    [Theory]
    [InlineData("spec.foo", "\"spec.foo\"")]
    [InlineData("a\"b", "\"a\\\"b\"")]
    [InlineData("a\\b", "\"a\\\\b\"")]
    [InlineData("tab\there\nnl", "\"tab\\there\\nnl\"")]
    [InlineData("bell\u0007del\u007f", "\"bell\\adel\\x7f\"")]
    [InlineData("föö", "\"föö\"")]
    [InlineData("zero\u200bwidth", "\"zero\\u200bwidth\"")]
    public void QuotesAsStrconvQuoteDoes(string input, string expected)
    {
        Assert.Equal(expected, GoText.Quote(input));
    }

    [Theory]
    [InlineData("""{"spec":{"replicas":3,"foo":"bar"},"apiVersion":"apps/v1"}""", "map[apiVersion:apps/v1 spec:map[foo:bar replicas:3]]")]
    [InlineData("""{"a":[1,"x",true,null,{"b":false}]}""", "map[a:[1 x true <nil> map[b:false]]]")]
    [InlineData("""{"f":1.5,"g":2.0,"h":1e3,"i":1000000.0,"j":0.00001}""", "map[f:1.5 g:2 h:1000 i:1e+06 j:1e-05]")]
    [InlineData("""{}""", "map[]")]
    public void FormatsDecodedJsonAsGoPrintsAMap(string json, string expected)
    {
        Assert.Equal(expected, GoText.Format(JsonNode.Parse(json)));
    }

    [Theory]
    [InlineData(1.5, "1.5")]
    [InlineData(100000.0, "100000")]
    [InlineData(123456789.0, "1.23456789e+08")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00012, "0.00012")]
    [InlineData(-2.5e-7, "-2.5e-07")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e100, "1e+100")]
    public void FormatsFloatsAsGosPercentV(double value, string expected)
    {
        Assert.Equal(expected, GoText.FormatFloat(value));
    }
}
