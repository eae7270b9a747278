using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Hosting;
using Dotkube.Client;
using Dotkube.Scheduler.Hosting;
using Microsoft.Extensions.Logging;

namespace Dotkube.Commands;

/// <summary>The scheduler in the server's process, as system:kube-scheduler over the loopback transport.</summary>
public static class SchedulerComponent
{
    public const string User = "system:kube-scheduler";

    public static BackgroundComponent Start(ApiServerHost host, bool enabled, ILoggerFactory loggerFactory, CancellationToken ct)
    {
        var log = loggerFactory.CreateLogger("dotkube.scheduler");
        if (!enabled)
        {
            return BackgroundComponent.None(log);
        }
        var client = LoopbackClient.For(host, new UserInfo(User, ["system:authenticated"]), "kube-scheduler");
        var scheduler = new SchedulerHost(client, loggerFactory);
        return new BackgroundComponent("scheduler", scheduler.RunAsync, new Owned(scheduler, client), log, ct);
    }

    private sealed class Owned(SchedulerHost scheduler, KubeApiClient client) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await scheduler.DisposeAsync();
            client.Dispose();
        }
    }
}
