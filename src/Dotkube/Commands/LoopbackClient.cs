using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Hosting;
using Dotkube.Client;

namespace Dotkube.Commands;

/// <summary>
/// A KubeApiClient for an in-process component over the loopback transport. The user agent
/// starts with the upstream component's name (kube-controller-manager, kube-scheduler, kubelet)
/// because the server derives the default field manager from it, so managedFields read as on
/// Kubernetes.
/// </summary>
public static class LoopbackClient
{
    public static KubeApiClient For(ApiServerHost host, UserInfo user, string component) =>
        new(host.Loopback.CreateHandler(user), LoopbackTransport.BaseAddress,
            new KubeApiClientOptions { UserAgent = $"{component}/v1.32.0 (linux/amd64) dotkube" });
}
