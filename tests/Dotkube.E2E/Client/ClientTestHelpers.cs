using System.Globalization;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Dotkube.E2E.Client;

/// <summary>Small things the client tests share: a namespace of their own, resourceVersions, API errors.</summary>
public static class ClientTestHelpers
{
    /// <summary>Creates a namespace no other test uses and returns its name.</summary>
    public static async Task<string> CreateNamespaceAsync(IKubernetes client, string prefix)
    {
        var name = Harness.SharedServerFixture.UniqueNamespace(prefix);
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    /// <summary>An object's resourceVersion as the number dotkube's store revision is.</summary>
    public static long Rv(IMetadata<V1ObjectMeta> obj) => Rv(obj.Metadata.ResourceVersion);

    public static long Rv(string resourceVersion) =>
        long.Parse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>
    /// Runs <paramref name="call"/>, expects it to fail with <paramref name="code"/>, and returns the
    /// Status the server sent, after checking it is a well-formed <c>kind: Status</c> with <paramref name="reason"/>.
    /// </summary>
    public static async Task<V1Status> ExpectStatusAsync(Func<Task> call, HttpStatusCode code, string reason)
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(call);
        Assert.True(code == error.Response.StatusCode, $"expected HTTP {(int)code}, got {(int)error.Response.StatusCode}: {error.Response.Content}");
        var status = KubernetesJson.Deserialize<V1Status>(error.Response.Content);
        Assert.Equal("Status", status.Kind);
        Assert.Equal("v1", status.ApiVersion);
        Assert.Equal("Failure", status.Status);
        Assert.Equal((int)code, status.Code);
        Assert.Equal(reason, status.Reason);
        return status;
    }

    public static V1ConfigMap ConfigMap(string name, IDictionary<string, string>? data = null, IDictionary<string, string>? labels = null) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Data = data ?? new Dictionary<string, string> { ["key"] = "value" },
    };

    public static V1Deployment Deployment(string name, int replicas = 3, string image = "nginx:1.27") => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = name } },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec
                {
                    Containers = [new V1Container { Name = "web", Image = image }],
                },
            },
        },
    };
}
