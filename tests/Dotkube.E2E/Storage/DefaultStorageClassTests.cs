using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.Storage;

/// <summary>
/// Default classes on a server of its own started with --no-default-storage-class (the tests change
/// which class is the default, which would disturb tests on the shared server).
/// </summary>
public sealed class DefaultStorageClassTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(40);
    private DotkubeServer? server;

    private DotkubeServer Server => server ?? throw new InvalidOperationException("the server is not started");

    public async Task InitializeAsync() =>
        server = await DotkubeServer.StartAsync(new DotkubeServerOptions { ExtraArgs = ["--no-default-storage-class"] });

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Unbound_claims_get_the_default_class_later_and_a_new_default_does_not_touch_existing_claims()
    {
        var ns = "defaults";
        (await Server.Kubectl("create", "namespace", ns)).EnsureSuccess();
        var sc = KubectlTable.Parse((await Server.Kubectl("get", "storageclass")).EnsureSuccess().Stdout);
        Assert.Equal(["local-path"], sc.Column("NAME"));

        (await Server.Kubectl(["-n", ns, "apply", "-f", "-"], PersistentVolumeTests.Claim("first", null, "1Gi"))).EnsureSuccess();
        await Eventually.HoldsAsync(async () =>
        {
            var events = (await Server.Kubectl("-n", ns, "get", "events", "--field-selector", "reason=FailedBinding", "-o", "jsonpath={.items[*].message}")).EnsureSuccess().Stdout;
            return events == "no persistent volumes available for this claim and no storage class is set" ? null : $"events: '{events}'";
        }, Wait);
        Assert.Equal("Pending/", await JsonPath(ns, "pvc/first", "{.status.phase}/{.spec.storageClassName}"));

        // Marking a class default gives it to the claim that had none (retroactive assignment, GA in 1.28).
        (await Server.Kubectl("annotate", "storageclass", "local-path", "storageclass.kubernetes.io/is-default-class=true")).EnsureSuccess();
        await Eventually.HoldsAsync(async () =>
            await JsonPath(ns, "pvc/first", "{.spec.storageClassName}") == "local-path" ? null : "the claim has no class yet", Wait);

        // A newer default: claims made from now on get it; the existing claim keeps its class.
        (await Server.Kubectl(["apply", "-f", "-"], """
            apiVersion: storage.k8s.io/v1
            kind: StorageClass
            metadata:
              name: manual
              annotations: {storageclass.kubernetes.io/is-default-class: "true"}
            provisioner: kubernetes.io/no-provisioner
            volumeBindingMode: WaitForFirstConsumer
            """)).EnsureSuccess();
        (await Server.Kubectl("annotate", "storageclass", "local-path", "storageclass.kubernetes.io/is-default-class-")).EnsureSuccess();
        (await Server.Kubectl(["-n", ns, "apply", "-f", "-"], PersistentVolumeTests.Claim("second", null, "1Gi"))).EnsureSuccess();
        await Eventually.HoldsAsync(async () =>
            await JsonPath(ns, "pvc/second", "{.spec.storageClassName}") == "manual" ? null : "the new claim has not got the new default", Wait);
        Assert.Equal("local-path", await JsonPath(ns, "pvc/first", "{.spec.storageClassName}"));

        // A claim asking for no class ("") is never given one.
        (await Server.Kubectl(["-n", ns, "apply", "-f", "-"], PersistentVolumeTests.Claim("none", "", "1Gi"))).EnsureSuccess();
        await Eventually.HoldsAsync(async () => await JsonPath(ns, "pvc/none", "{.status.phase}") == "Pending" ? null : "no phase yet", Wait);
        Assert.Equal("", await JsonPath(ns, "pvc/none", "{.spec.storageClassName}"));
    }

    private async Task<string> JsonPath(string ns, string target, string path) =>
        (await Server.Kubectl("-n", ns, "get", target, "-o", $"jsonpath={path}")).EnsureSuccess().Stdout;
}
