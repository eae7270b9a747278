using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Batch;
using Dotkube.ApiServer.Resources.Common;
using static Dotkube.ApiServer.Tests.Resources.GroupCommon.Fixtures;

namespace Dotkube.ApiServer.Tests.Resources.Batch;

public class JobTests
{
    private static readonly JobStrategy Strategy = new();
    private const string Uid = "11111111-2222-3333-4444-555555555555";

    private static JsonObject Job(string spec) => Json($$"""{"metadata":{"name":"pi","namespace":"default"},"spec":{{spec}} }""");

    private static string NeverTemplate(string labels = "null") =>
        $$"""{"metadata":{"labels":{{labels}} },"spec":{"restartPolicy":"Never","containers":[{"name":"pi","image":"perl"}]} }""";

    [Fact]
    public void A_job_gets_defaults_and_a_generated_selector()
    {
        var (obj, errors) = Create(Strategy, Job($$"""{"template":{{NeverTemplate()}} }"""));

        Assert.Empty(errors);
        var spec = obj.Obj("spec")!;
        Assert.Equal(1, spec.Int("completions"));
        Assert.Equal(1, spec.Int("parallelism"));
        Assert.Equal(6, spec.Int("backoffLimit"));
        Assert.Equal("NonIndexed", spec.Str("completionMode"));
        Assert.False(spec.Bool("suspend"));
        Assert.False(spec.Bool("manualSelector"));
        Assert.Equal("TerminatingOrFailed", spec.Str("podReplacementPolicy"));
        Assert.Equal(Compact($$"""{"matchLabels":{"batch.kubernetes.io/controller-uid":"{{Uid}}"} }"""), spec["selector"]!.ToJsonString());
        var expectedLabels = Compact($$"""{"job-name":"pi","batch.kubernetes.io/job-name":"pi","controller-uid":"{{Uid}}","batch.kubernetes.io/controller-uid":"{{Uid}}"}""");
        Assert.Equal(expectedLabels, spec.Obj("template").Obj("metadata")!["labels"]!.ToJsonString());
        // With no labels of its own, the job takes its template's labels, generated ones included.
        Assert.Equal(expectedLabels, obj.Obj("metadata")!["labels"]!.ToJsonString());
    }

    [Fact]
    public void A_job_copies_only_the_users_template_labels()
    {
        var (obj, errors) = Create(Strategy, Job("{\"template\":" + NeverTemplate("{\"app\":\"pi\"}") + "}"));

        Assert.Empty(errors);
        Assert.Equal("""{"app":"pi"}""", obj.Obj("metadata")!["labels"]!.ToJsonString());
    }

    public static TheoryData<string, string, string> InvalidJobs => new()
    {
        {
            "no restart policy (the pod defaults make it Always)",
            """{"template":{"spec":{"containers":[{"name":"pi","image":"perl"}]}}}""",
            "spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\""
        },
        {
            "a negative backoff limit",
            $$"""{"backoffLimit":-1,"template":{{NeverTemplate()}} }""",
            "spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0"
        },
        {
            "an unknown completion mode",
            $$"""{"completionMode":"Sometimes","template":{{NeverTemplate()}} }""",
            "spec.completionMode: Unsupported value: \"Sometimes\": supported values: \"NonIndexed\", \"Indexed\""
        },
        {
            "a manual selector that does not match",
            "{\"manualSelector\":true,\"selector\":{\"matchLabels\":{\"app\":\"x\"}},\"template\":" + NeverTemplate("{\"app\":\"pi\"}") + "}",
            "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"pi\"}: `selector` does not match template `labels`"
        },
        {
            "a conflicting generated label",
            "{\"template\":" + NeverTemplate("{\"controller-uid\":\"other\"}") + "}",
            "spec.template.metadata.labels[controller-uid]: Invalid value: map[string]string{\"batch.kubernetes.io/controller-uid\":\"11111111-2222-3333-4444-555555555555\", \"batch.kubernetes.io/job-name\":\"pi\", \"controller-uid\":\"other\", \"job-name\":\"pi\"}: must be '11111111-2222-3333-4444-555555555555'"
        },
    };

    [Theory]
    [MemberData(nameof(InvalidJobs))]
    public void Invalid_jobs_are_rejected_with_upstream_wording(string because, string spec, string expected)
    {
        var (_, errors) = Create(Strategy, Job(spec));

        Assert.True(errors.Contains(expected), because + ": " + string.Join(" | ", errors));
    }

    [Fact]
    public void The_template_and_completions_of_a_started_job_are_fixed()
    {
        var (old, _) = Create(Strategy, Job($$"""{"template":{{NeverTemplate()}} }"""));
        var changed = (JsonObject)old.DeepClone();
        changed["spec"]!["completions"] = 3;
        changed["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "perl:2";

        var errors = Update(Strategy, changed, old);

        Assert.Contains("spec.completions: Invalid value: 3: field is immutable", errors);
        Assert.Contains("spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable", errors);
    }

    [Fact]
    public void A_suspended_job_that_never_ran_may_change_its_node_selector()
    {
        var (old, _) = Create(Strategy, Job($$"""{"suspend":true,"template":{{NeverTemplate()}} }"""));
        var changed = (JsonObject)old.DeepClone();
        changed["spec"]!["template"]!["spec"]!["nodeSelector"] = Json("""{"zone":"b"}""");

        Assert.Empty(Update(Strategy, changed, old));
    }

    [Theory]
    [InlineData("""{"conditions":[{"type":"Complete","status":"True"}],"succeeded":1,"startTime":"2024-05-01T11:00:00Z","completionTime":"2024-05-01T11:00:42Z"}""", "Complete", "1/1", "42s")]
    [InlineData("""{"conditions":[{"type":"Failed","status":"True"}],"startTime":"2024-05-01T11:58:00Z"}""", "Failed", "0/1", "2m")]
    [InlineData("""{"conditions":[{"type":"Suspended","status":"True"}]}""", "Suspended", "0/1", "")]
    [InlineData("""{"active":1,"startTime":"2024-05-01T11:59:50Z"}""", "Running", "0/1", "10s")]
    public void The_job_table_shows_status_completions_and_duration(string status, string expectedStatus, string completions, string duration)
    {
        var obj = Job("""{"completions":1,"parallelism":1,"template":{"spec":{"containers":[{"name":"pi","image":"perl"}]}}}""");
        obj["status"] = Json(status);

        Assert.Equal(["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"], Headers(Strategy));
        var row = Row(Strategy, obj);
        Assert.Equal((expectedStatus, completions, duration), (row[1], row[2], row[3]));
    }

    [Fact]
    public void Parallel_jobs_without_completions_show_the_parallelism()
    {
        var obj = Job("""{"parallelism":3}""");
        obj["status"] = Json("""{"succeeded":1}""");

        Assert.Equal("1/1 of 3", JobTable.Completions(obj));
        var attributes = new Dictionary<string, string>();
        Strategy.AddFieldSelectorAttributes(obj, attributes);
        Assert.Equal("1", attributes["status.successful"]);
    }
}
