using Dotkube.E2E.Harness;

namespace Dotkube.E2E.KubectlCli;

/// <summary><c>kubectl explain</c>, which kubectl 1.32 renders from the server's OpenAPI v3 documents.</summary>
[Collection(SharedServerCollection.Name)]
public class ExplainTests(SharedServerFixture fixture)
{
    [Fact]
    public async Task Explain_of_a_nested_field_prints_kind_version_field_description_and_fields()
    {
        var result = (await fixture.Server.Kubectl("explain", "pod.spec.containers.resources")).EnsureSuccess();

        var lines = result.Stdout.Split('\n');
        Assert.Equal("KIND:       Pod", lines[0]);
        Assert.Equal("VERSION:    v1", lines[1]);
        Assert.Equal("", lines[2]);
        Assert.Equal("FIELD: resources <ResourceRequirements>", lines[3]);
        Assert.Contains("DESCRIPTION:", lines);
        Assert.Contains(lines, l => l.StartsWith("    Compute Resources required by this container. Cannot be updated.", StringComparison.Ordinal));
        Assert.Contains("FIELDS:", lines);
        Assert.Contains("  limits\t<map[string]Quantity>", lines);
        Assert.Contains("  requests\t<map[string]Quantity>", lines);
        Assert.Contains("  claims\t<[]ResourceClaim>", lines);
    }

    [Fact]
    public async Task Explain_of_a_resource_in_a_group_prints_the_group()
    {
        var result = (await fixture.Server.Kubectl("explain", "deployments")).EnsureSuccess();

        var lines = result.Stdout.Split('\n');
        Assert.Equal("GROUP:      apps", lines[0]);
        Assert.Equal("KIND:       Deployment", lines[1]);
        Assert.Equal("VERSION:    v1", lines[2]);
        Assert.Contains("FIELDS:", lines);
        Assert.Contains("  apiVersion\t<string>", lines);
        Assert.Contains("  metadata\t<ObjectMeta>", lines);
        Assert.Contains("  spec\t<DeploymentSpec>", lines);
        Assert.Contains("  status\t<DeploymentStatus>", lines);
    }

    [Fact(Skip = "Not yet: the OpenAPI documents do not yet carry required lists for strings, objects and lists: the KubernetesClient models hold no such metadata (see docs/STATUS.md)")]
    public async Task Explain_marks_required_fields()
    {
        var result = (await fixture.Server.Kubectl("explain", "deployment.spec")).EnsureSuccess();

        var lines = result.Stdout.Split('\n');
        Assert.Contains("FIELD: spec <DeploymentSpec>", lines);
        Assert.Contains("  selector\t<LabelSelector> -required-", lines);
        Assert.Contains("  template\t<PodTemplateSpec> -required-", lines);
        Assert.Contains("  replicas\t<integer>", lines);
    }

    [Fact]
    public async Task Explain_recursive_prints_the_field_tree()
    {
        var result = (await fixture.Server.Kubectl("explain", "configmap", "--recursive")).EnsureSuccess();

        var lines = result.Stdout.Split('\n');
        Assert.Contains("  data\t<map[string]string>", lines);
        Assert.Contains("  metadata\t<ObjectMeta>", lines);
        Assert.Contains("    name\t<string>", lines);
        Assert.Contains("    labels\t<map[string]string>", lines);
    }

    [Fact]
    public async Task Explain_of_a_missing_field_says_it_does_not_exist()
    {
        var result = await fixture.Server.Kubectl("explain", "pod.spec.nope");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: field \"nope\" does not exist\n", result.Stderr);
    }
}
