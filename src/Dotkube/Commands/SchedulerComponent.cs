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

    public static BackgroundComponent Start(ApiServerHost host, bool enabled, LeaderElectionSettings election, string identity, ILoggerFactory loggerFactory, CancellationToken ct)
    {
        var log = loggerFactory.CreateLogger("dotkube.scheduler");
        if (!enabled)
        {
            return BackgroundComponent.None(log);
        }
        var client = LoopbackClient.For(host, new UserInfo(User, ["system:authenticated"]), "kube-scheduler");

        // Each leadership term schedules with a fresh cache and queue.
        async Task Term(CancellationToken leading)
        {
            await using var scheduler = new SchedulerHost(client, loggerFactory);
            await scheduler.RunAsync(leading);
        }

        var run = LeaderElectedRun.Wrap("kube-scheduler", identity, client, election, Term, log);
        return new BackgroundComponent("scheduler", run, new OwnedClient(client), log, ct);
    }

    private sealed class OwnedClient(KubeApiClient client) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            client.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
