using System.Text;
using Dotkube.ApiServer.FieldValidation;
using Dotkube.ApiServer.Http;
using Dotkube.Machinery.Errors;

namespace Dotkube.ApiServer.Tests.FieldValidation;

/// <summary>YAML request bodies as upstream's YAML serializer checks them (its field validation integration test's cases).</summary>
public class YamlBodyValidationTests
{
    private const string InvalidDeployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels:
            app: nginx
        spec:
          unknown1: val1
          unknownDupe: valDupe
          unknownDupe: valDupe2
          paused: true
          paused: false
          selector:
            matchLabels:
              app: nginx
          template:
            metadata:
              labels:
                app: nginx
            spec:
              containers:
              - name: nginx
                image: nginx:latest
                unknownNested: val1
                imagePullPolicy: Always
                imagePullPolicy: Never
        """;

    private static List<string> Check(FieldValidationDirective directive, string yaml)
    {
        var warnings = new List<string>();
        var body = RequestBody.DecodeObject(Encoding.UTF8.GetBytes(yaml), "application/yaml", out var duplicates);
        new FieldValidator(directive, warnings.Add).CheckObject(body, duplicates, FieldValidatorTests.Builtin("apps", "deployments"), "v1");
        return warnings;
    }

    [Fact]
    public void Warn_gives_each_repeated_key_line_then_the_unknown_fields_in_sorted_key_order()
    {
        Assert.Equal(
            [
                "line 10: key \"unknownDupe\" already set in map",
                "line 12: key \"paused\" already set in map",
                "line 26: key \"imagePullPolicy\" already set in map",
                "unknown field \"spec.template.spec.containers[0].unknownNested\"",
                "unknown field \"spec.unknown1\"",
                "unknown field \"spec.unknownDupe\"",
            ],
            Check(FieldValidationDirective.Warn, InvalidDeployment));
    }

    [Fact]
    public void Strict_refuses_with_the_yaml_error_first_in_the_strict_decoding_error()
    {
        var e = Assert.Throws<StatusException>(() => Check(FieldValidationDirective.Strict, InvalidDeployment));
        Assert.Equal(400, e.Code);
        Assert.Equal(
            "Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: yaml: unmarshal errors:\n"
            + "  line 10: key \"unknownDupe\" already set in map\n  line 12: key \"paused\" already set in map\n"
            + "  line 26: key \"imagePullPolicy\" already set in map, unknown field \"spec.template.spec.containers[0].unknownNested\", "
            + "unknown field \"spec.unknown1\", unknown field \"spec.unknownDupe\"",
            e.Message);
    }

    [Fact]
    public void Ignore_accepts_and_the_last_value_wins()
    {
        var body = RequestBody.DecodeObject(Encoding.UTF8.GetBytes(InvalidDeployment), "application/yaml", out var duplicates);
        new FieldValidator(FieldValidationDirective.Ignore, _ => Assert.Fail("no warnings under Ignore"))
            .CheckObject(body, duplicates, FieldValidatorTests.Builtin("apps", "deployments"), "v1");
        Assert.False((bool)body["spec"]!["paused"]!);
        Assert.Equal("Never", (string?)body["spec"]!["template"]!["spec"]!["containers"]![0]!["imagePullPolicy"]);
    }

    [Theory]
    [InlineData(FieldValidationDirective.Warn, false, new[] { "line 2: key \"a\" already set in map", "line 3: key \"b\" already set in map" })]
    [InlineData(FieldValidationDirective.Ignore, false, new string[0])]
    [InlineData(FieldValidationDirective.Strict, true, new string[0])]
    public void An_applied_configurations_repeated_keys_follow_the_directive(FieldValidationDirective directive, bool refused, string[] warnings)
    {
        var got = new List<string>();
        var validator = new FieldValidator(directive, got.Add);
        string[] repeated = ["line 2: key \"a\" already set in map", "line 3: key \"b\" already set in map"];
        if (refused)
        {
            var e = Assert.Throws<StatusException>(() => validator.CheckApplyConfiguration(repeated));
            Assert.Equal(400, e.Code);
            Assert.Equal("error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:\n"
                + "  line 2: key \"a\" already set in map\n  line 3: key \"b\" already set in map", e.Message);
            return;
        }
        validator.CheckApplyConfiguration(repeated);
        Assert.Equal(warnings, got);
    }

    [Theory]
    [InlineData("2024-05-01T10:00:00.123456Z", false, "2024-05-01T10:00:00Z")]
    [InlineData("2024-05-01T10:00:00.9Z", false, "2024-05-01T10:00:00Z")]
    [InlineData("2024-05-01T12:00:00+02:00", false, "2024-05-01T10:00:00Z")]
    [InlineData("2024-05-01T00:30:00.5-01:00", false, "2024-05-01T01:30:00Z")]
    [InlineData("2024-05-01T10:00:00Z", false, "2024-05-01T10:00:00Z")]
    [InlineData("2024-05-01T10:00:00.123456Z", true, "2024-05-01T10:00:00.123456Z")]
    [InlineData("2024-05-01T12:00:00.123456+02:00", true, "2024-05-01T10:00:00.123456Z")]
    public void Times_are_stored_as_go_encodes_them(string sent, bool micro, string stored) =>
        Assert.Equal(stored, GoTime.Reencode(sent, micro));

    [Fact]
    public void A_metav1_time_with_fractional_seconds_is_stored_truncated_and_a_micro_time_keeps_its_microseconds()
    {
        var validator = new FieldValidator(FieldValidationDirective.Strict, _ => { });
        var pod = RequestBody.DecodeObject(Encoding.UTF8.GetBytes(
            """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","deletionTimestamp":"2024-05-01T10:00:00.75Z"},"spec":{"containers":[]},"status":{"startTime":"2024-05-01T12:00:01.5+02:00"}}"""),
            "application/json", out var none);
        validator.CheckObject(pod, none, FieldValidatorTests.Builtin("", "pods"), "v1");
        Assert.Equal("2024-05-01T10:00:00Z", (string?)pod["metadata"]!["deletionTimestamp"]);
        Assert.Equal("2024-05-01T10:00:01Z", (string?)pod["status"]!["startTime"]);

        var lease = RequestBody.DecodeObject(Encoding.UTF8.GetBytes(
            """{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"l"},"spec":{"renewTime":"2024-05-01T10:00:00.123456Z","acquireTime":"2024-05-01T11:00:00.654321+01:00"}}"""),
            "application/json", out var none2);
        validator.CheckObject(lease, none2, FieldValidatorTests.Builtin("coordination.k8s.io", "leases"), "v1");
        Assert.Equal("2024-05-01T10:00:00.123456Z", (string?)lease["spec"]!["renewTime"]);
        Assert.Equal("2024-05-01T10:00:00.654321Z", (string?)lease["spec"]!["acquireTime"]);
    }
}
