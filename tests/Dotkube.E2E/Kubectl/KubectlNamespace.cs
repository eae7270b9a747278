using Dotkube.E2E.Harness;

namespace Dotkube.E2E.KubectlCli;

/// <summary>
/// A namespace of one test's own on the shared server, and kubectl runs scoped to it
/// (<c>kubectl -n &lt;name&gt; …</c>), so tests never see each other's objects.
/// </summary>
public sealed class KubectlNamespace
{
    private KubectlNamespace(DotkubeServer server, string name)
    {
        Server = server;
        Name = name;
    }

    public DotkubeServer Server { get; }

    public string Name { get; }

    /// <summary>Creates a fresh namespace named after <paramref name="prefix"/> with a random suffix.</summary>
    public static async Task<KubectlNamespace> CreateAsync(SharedServerFixture fixture, string prefix)
    {
        var name = SharedServerFixture.UniqueNamespace(prefix);
        // apply, not `create namespace`: the generator's protobuf body is tested on its own in CreateTests.
        (await fixture.Server.Kubectl(["apply", "-f", "-"], $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {name}\n")).EnsureSuccess();
        return new KubectlNamespace(fixture.Server, name);
    }

    /// <summary>kubectl -n &lt;namespace&gt; <paramref name="args"/>.</summary>
    public Task<KubectlResult> Run(params string[] args) => Server.Kubectl(["-n", Name, .. args]);

    /// <summary>kubectl -n &lt;namespace&gt; <paramref name="args"/> with <paramref name="stdin"/> piped in.</summary>
    public Task<KubectlResult> RunWithInput(string stdin, params string[] args) =>
        Server.Kubectl(["-n", Name, .. args], stdin);

    /// <summary>kubectl -n &lt;namespace&gt; <paramref name="args"/> with extra environment variables.</summary>
    public Task<KubectlResult> RunWithEnvironment(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Server.Kubectl(["-n", Name, .. args], stdin: null, environment);

    /// <summary><c>kubectl apply -f -</c> of <paramref name="yaml"/>, which must succeed.</summary>
    public async Task<KubectlResult> ApplyAsync(string yaml) =>
        (await RunWithInput(yaml, "apply", "-f", "-")).EnsureSuccess();

    /// <summary><c>kubectl create -f -</c> of <paramref name="yaml"/>, which must succeed.</summary>
    public async Task<KubectlResult> CreateAsync(string yaml) =>
        (await RunWithInput(yaml, "create", "-f", "-")).EnsureSuccess();

    /// <summary>The output of <c>kubectl get &lt;target&gt; -o jsonpath=&lt;path&gt;</c>, which must succeed.</summary>
    public async Task<string> JsonPathAsync(string target, string path) =>
        (await Run("get", target, "-o", $"jsonpath={path}")).EnsureSuccess().Stdout;
}
