using Dotkube.Client;
using Dotkube.Client.LeaderElection;
using Microsoft.Extensions.Logging;

namespace Dotkube.Commands;

/// <summary>
/// Runs a component only while this server holds its Lease (kube-system/<c>lockName</c>), as
/// kube-controller-manager and kube-scheduler do. Upstream exits the process when leadership is
/// lost; in one process with the API server dotkube stops the component instead, builds a fresh
/// one and campaigns again.
/// </summary>
public static class LeaderElectedRun
{
    /// <param name="term">builds and runs one leadership term's component until its token is cancelled.</param>
    public static Func<CancellationToken, Task> Wrap(
        string lockName, string identity, KubeApiClient client, LeaderElectionSettings settings,
        Func<CancellationToken, Task> term, ILogger log)
    {
        if (!settings.Enabled)
        {
            return term;
        }
        return async ct =>
        {
            while (!ct.IsCancellationRequested)
            {
                var elector = new LeaderElector(client, new LeaderElectionConfig
                {
                    LockNamespace = "kube-system",
                    LockName = lockName,
                    Identity = identity,
                    LeaseDuration = settings.LeaseDuration,
                    RenewDeadline = settings.RenewDeadline,
                    RetryPeriod = settings.RetryPeriod,
                    ReleaseOnCancel = true,
                    // The elector logs campaigns, acquisitions, losses and new leaders itself.
                    OnStartedLeading = term,
                }, logger: log);
                await elector.RunAsync(ct);
            }
        };
    }

    /// <summary>
    /// This server's candidate identity: the host name and an id kept in the data directory, so a
    /// restarted server takes its own Lease back at once instead of waiting for it to expire
    /// (upstream's identities are per process; its restarts wait out the lease).
    /// </summary>
    public static string Identity(string dataDir)
    {
        var file = Path.Combine(dataDir, "server-id");
        if (!File.Exists(file))
        {
            File.WriteAllText(file, Guid.NewGuid().ToString());
        }
        return $"{Environment.MachineName}_{File.ReadAllText(file).Trim()}";
    }
}
