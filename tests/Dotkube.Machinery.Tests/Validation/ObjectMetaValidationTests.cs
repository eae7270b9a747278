using System.Text.Json.Nodes;
using Dotkube.Machinery.Validation;

namespace Dotkube.Machinery.Tests.Validation;

public class ObjectMetaValidationTests
{
    [Fact]
    public void Good_labels_produce_no_errors()
    {
        var errors = new List<FieldError>();
        ObjectMetaValidation.ValidateLabels(
            new JsonObject { ["app"] = "web", ["example.com/tier"] = "", ["k8s.io/Name_1"] = "v1.2" },
            "metadata.labels", errors);
        Assert.Empty(errors);
    }

    [Fact]
    public void A_bad_label_key_and_value_are_each_reported_at_the_labels_path()
    {
        var errors = new List<FieldError>();
        ObjectMetaValidation.ValidateLabels(new JsonObject { ["bad key"] = "-bad" }, "metadata.labels", errors);
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal("metadata.labels", e.Field));
        Assert.Equal(
            "metadata.labels: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            errors[0].ToString());
        Assert.StartsWith("metadata.labels: Invalid value: \"-bad\": a valid label must be an empty string", errors[1].ToString());
    }

    [Fact]
    public void Null_labels_and_annotations_are_fine()
    {
        var errors = new List<FieldError>();
        ObjectMetaValidation.ValidateLabels(null, "metadata.labels", errors);
        ObjectMetaValidation.ValidateAnnotations(null, "metadata.annotations", errors);
        Assert.Empty(errors);
    }

    [Fact]
    public void Annotation_keys_are_checked_case_insensitively()
    {
        var errors = new List<FieldError>();
        ObjectMetaValidation.ValidateAnnotations(
            new JsonObject { ["Example.COM/Some-Key"] = "any value at all: {\"json\": true}" }, "metadata.annotations", errors);
        Assert.Empty(errors);

        ObjectMetaValidation.ValidateAnnotations(new JsonObject { ["a/b/c"] = "x" }, "metadata.annotations", errors);
        var error = Assert.Single(errors);
        Assert.Equal("a/b/c", error.BadValue);
    }

    [Fact]
    public void Annotations_may_total_256_KiB_but_not_a_byte_more()
    {
        var errors = new List<FieldError>();
        ObjectMetaValidation.ValidateAnnotations(
            new JsonObject { ["k"] = new string('x', 262144 - 1) }, "metadata.annotations", errors);
        Assert.Empty(errors);

        ObjectMetaValidation.ValidateAnnotations(
            new JsonObject { ["k"] = new string('x', 262144 - 1), ["l"] = "y" }, "metadata.annotations", errors);
        var error = Assert.Single(errors);
        Assert.Equal("metadata.annotations: Too long: may not be more than 262144 bytes", error.ToString());
        Assert.Equal("FieldValueTooLong", error.Reason);
    }
}
