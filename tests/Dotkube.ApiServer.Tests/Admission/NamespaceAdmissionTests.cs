using System.Text.Json.Nodes;
using Dotkube.ApiServer.Admission;
using Dotkube.ApiServer.Lifecycle;
using static Dotkube.ApiServer.Tests.Admission.AdmissionFixtures;

namespace Dotkube.ApiServer.Tests.Admission;

/// <summary>NamespaceLifecycle, NamespaceExists and NamespaceAutoProvision.</summary>
public class NamespaceAdmissionTests
{
    private static readonly Dictionary<string, JsonObject> Namespaces = new()
    {
        ["demo"] = Json("""{"metadata":{"name":"demo"},"status":{"phase":"Active"}}"""),
        ["leaving"] = Json("""{"metadata":{"name":"leaving","deletionTimestamp":"2026-01-01T00:00:00Z"},"status":{"phase":"Terminating"}}"""),
    };

    private static Task<JsonObject?> Get(string name, CancellationToken _) => Task.FromResult(Namespaces.GetValueOrDefault(name));

    private static JsonObject ConfigMap => Json("""{"metadata":{"name":"cm"}}""");

    [Theory]
    [InlineData("deleting default", "DELETE", "default", "namespaces \"default\" is forbidden: this namespace may not be deleted")]
    [InlineData("deleting kube-system", "DELETE", "kube-system", "namespaces \"kube-system\" is forbidden: this namespace may not be deleted")]
    [InlineData("deleting kube-public", "DELETE", "kube-public", "namespaces \"kube-public\" is forbidden: this namespace may not be deleted")]
    [InlineData("deleting kube-node-lease (not immortal upstream)", "DELETE", "kube-node-lease", null)]
    [InlineData("deleting another namespace", "DELETE", "demo", null)]
    public async Task Immortal_namespaces_cannot_be_deleted(string because, string operation, string name, string? refusal)
    {
        var a = Request("", "namespaces", operation, null, Json("""{"metadata":{"name":"NAME"}}""".Replace("NAME", name))) with { Name = name };
        Assert.True(refusal == await AdmitAsync(new NamespaceLifecycle(Get), a), because);
    }

    [Theory]
    [InlineData("creating in an active namespace", "CREATE", "demo", null)]
    [InlineData("creating in a terminating namespace", "CREATE", "leaving", "configmaps \"cm\" is forbidden: unable to create new content in namespace leaving because it is being terminated")]
    [InlineData("updating in a terminating namespace", "UPDATE", "leaving", null)]
    [InlineData("creating in a missing namespace", "CREATE", "gone", "namespaces \"gone\" not found")]
    [InlineData("updating in a missing namespace", "UPDATE", "gone", "namespaces \"gone\" not found")]
    [InlineData("deleting in a missing namespace", "DELETE", "gone", null)]
    public async Task Content_follows_its_namespaces_lifecycle(string because, string operation, string ns, string? refusal)
    {
        var a = Request("", "configmaps", operation, operation == "DELETE" ? null : ConfigMap, operation == "CREATE" ? null : ConfigMap, ns) with { Name = "cm" };
        Assert.True(refusal == await AdmitAsync(new NamespaceLifecycle(Get), a), because);
    }

    [Theory]
    [InlineData("CREATE", "gone", "namespaces \"gone\" not found")]
    [InlineData("UPDATE", "gone", "namespaces \"gone\" not found")]
    [InlineData("DELETE", "gone", "namespaces \"gone\" not found")]
    [InlineData("CREATE", "demo", null)]
    public async Task Namespace_exists_refuses_every_write_in_a_missing_namespace(string operation, string ns, string? refusal)
    {
        var a = Request("", "configmaps", operation, ConfigMap, null, ns) with { Name = "cm" };
        Assert.Equal(refusal, await AdmitAsync(new NamespaceExists(Get), a));
    }

    [Fact]
    public async Task Auto_provision_creates_a_missing_namespace_but_not_on_dry_run()
    {
        var objects = new FakeAdmissionObjects();
        var plugin = new NamespaceAutoProvision(Get, objects);
        await AdmitAsync(plugin, Request("", "configmaps", "CREATE", ConfigMap, ns: "fresh", dryRun: true));
        Assert.Empty(objects.Created);
        await AdmitAsync(plugin, Request("", "configmaps", "CREATE", ConfigMap, ns: "demo"));
        Assert.Empty(objects.Created);
        await AdmitAsync(plugin, Request("", "configmaps", "CREATE", ConfigMap, ns: "fresh"));
        var created = Assert.Single(objects.Created);
        Assert.Equal(("", "namespaces", ""), (created.Group, created.Plural, created.Namespace));
        Assert.Equal("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"fresh"}}""", created.Object.ToJsonString());
    }
}
