using Dotkube.ApiServer.FieldValidation;
using Dotkube.Machinery.Errors;
using Microsoft.Extensions.Primitives;

namespace Dotkube.ApiServer.Tests.FieldValidation;

public class FieldValidationOptionTests
{
    [Theory]
    [InlineData(null, FieldValidationDirective.Warn)]
    [InlineData("", FieldValidationDirective.Warn)]
    [InlineData("Warn", FieldValidationDirective.Warn)]
    [InlineData("Ignore", FieldValidationDirective.Ignore)]
    [InlineData("Strict", FieldValidationDirective.Strict)]
    public void ParsesTheSupportedValuesAndDefaultsToWarn(string? value, FieldValidationDirective expected)
    {
        var values = value is null ? StringValues.Empty : new StringValues(value);
        Assert.Equal(expected, FieldValidationOption.Parse(values, "CreateOptions"));
    }

    [Fact]
    public void TheFirstOfSeveralValuesCounts()
    {
        Assert.Equal(FieldValidationDirective.Strict, FieldValidationOption.Parse(new StringValues(["Strict", "bogus"]), "PatchOptions"));
    }

    [Theory]
    [InlineData("strict", "CreateOptions")]
    [InlineData("bogus", "UpdateOptions")]
    [InlineData("All", "PatchOptions")]
    public void RefusesOtherValuesAsAnInvalidOptionsObject(string value, string kind)
    {
        var e = Assert.Throws<StatusException>(() => FieldValidationOption.Parse(new StringValues(value), kind));
        Assert.Equal(422, e.Code);
        Assert.Equal("Invalid", e.Reason);
        Assert.Equal($"{kind}.meta.k8s.io \"\" is invalid: fieldValidation: Unsupported value: \"{value}\": supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"", e.Message);
        var status = e.ToStatus();
        Assert.Equal("meta.k8s.io", (string?)status["details"]!["group"]);
        Assert.Equal(kind, (string?)status["details"]!["kind"]);
        Assert.Null(status["details"]!["name"]);
        Assert.Equal("FieldValueNotSupported", (string?)status["details"]!["causes"]![0]!["reason"]);
        Assert.Equal("fieldValidation", (string?)status["details"]!["causes"]![0]!["field"]);
    }
}
