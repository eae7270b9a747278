using Dotkube.E2E.Harness;

namespace Dotkube.E2E.KubectlCli;

/// <summary><c>kubectl scale</c>, which goes through each workload's <c>/scale</c> subresource.</summary>
[Collection(SharedServerCollection.Name)]
public class ScaleTests(SharedServerFixture fixture)
{
    private static string Workload(string kind, string name) => $"""
        apiVersion: apps/v1
        kind: {kind}
        metadata:
          name: {name}
        spec:
          replicas: 1
        {(kind == "StatefulSet" ? $"  serviceName: {name}\n" : "")}  selector:
            matchLabels:
              app: {name}
          template:
            metadata:
              labels:
                app: {name}
            spec:
              nodeSelector:
                e2e.dotkube.io/never: "true"
              containers:
              - name: main
                image: busybox:1.36
        """;

    [Theory]
    [InlineData("Deployment", "deployment", "deployment.apps")]
    [InlineData("ReplicaSet", "replicaset", "replicaset.apps")]
    [InlineData("StatefulSet", "statefulset", "statefulset.apps")]
    public async Task Scale_sets_spec_replicas_and_says_scaled(string kind, string resource, string printed)
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "scale");
        await ns.ApplyAsync(Workload(kind, "w"));

        var result = (await ns.Run("scale", resource, "w", "--replicas=3")).EnsureSuccess();

        Assert.Equal($"{printed}/w scaled\n", result.Stdout);
        Assert.Equal("3", await ns.JsonPathAsync($"{resource}/w", "{.spec.replicas}"));
    }

    [Fact]
    public async Task Scale_to_zero_is_allowed()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "scale-zero");
        await ns.ApplyAsync(Workload("Deployment", "w"));

        (await ns.Run("scale", "deployment/w", "--replicas=0")).EnsureSuccess();

        Assert.Equal("0", await ns.JsonPathAsync("deployment/w", "{.spec.replicas}"));
    }

    [Fact]
    public async Task Scale_with_a_wrong_current_replicas_precondition_fails_and_changes_nothing()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "scale-precond");
        await ns.ApplyAsync(Workload("Deployment", "w"));

        var result = await ns.Run("scale", "deployment/w", "--current-replicas=2", "--replicas=3");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: Expected replicas to be 2, was 1\n", result.Stderr);
        Assert.Equal("1", await ns.JsonPathAsync("deployment/w", "{.spec.replicas}"));
    }

    [Fact]
    public async Task Scale_of_a_resource_without_a_scale_subresource_is_refused()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "scale-nosub");
        await ns.ApplyAsync(Manifests.ConfigMap("x", ["k=v"]));

        var result = await ns.Run("scale", "configmap/x", "--replicas=3");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Error from server (NotFound): the server could not find the requested resource\n", result.Stderr);
    }

    [Fact]
    public async Task Scale_of_several_deployments_by_label_scales_each()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "scale-many");
        await ns.ApplyAsync(Workload("Deployment", "a") + "\n---\n" + Workload("Deployment", "b"));

        var result = (await ns.Run("scale", "deployments", "--all", "--replicas=2")).EnsureSuccess();

        Assert.Equal("deployment.apps/a scaled\ndeployment.apps/b scaled\n", result.Stdout);
        Assert.Equal("2 2", await ns.JsonPathAsync("deployments", "{.items[*].spec.replicas}"));
    }

    [Fact]
    public async Task Get_of_the_scale_subresource_shows_replicas_and_selector()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "scale-get");
        await ns.ApplyAsync(Workload("Deployment", "w"));

        var kind = await ns.JsonPathAsync("deployment/w", "{.kind}");
        var scale = (await ns.Run("get", "deployment", "w", "--subresource=scale", "-o", "jsonpath={.kind} {.apiVersion} {.spec.replicas} {.status.selector}")).EnsureSuccess().Stdout;

        Assert.Equal("Deployment", kind);
        Assert.Equal("Scale autoscaling/v1 1 app=w", scale);
    }
}
