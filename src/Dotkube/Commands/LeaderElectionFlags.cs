using System.CommandLine;
using Dotkube.Machinery.Time;

namespace Dotkube.Commands;

/// <summary>
/// The leader election flags of <c>dotkube server</c>, named and defaulted as
/// kube-controller-manager's and kube-scheduler's: the controllers and the scheduler act only
/// while their server holds their Lease in kube-system, so several servers on one datastore run
/// one of each.
/// </summary>
public sealed class LeaderElectionFlags
{
    private readonly Option<bool> elect = new("--leader-elect") { Description = "Run the controllers and the scheduler only while this server holds their Lease", DefaultValueFactory = _ => true };
    private readonly Option<string> leaseDuration = new("--leader-elect-lease-duration") { Description = "How long others wait after the last renewal before taking a Lease over", DefaultValueFactory = _ => "15s" };
    private readonly Option<string> renewDeadline = new("--leader-elect-renew-deadline") { Description = "How long a leader keeps trying to renew before it stops acting", DefaultValueFactory = _ => "10s" };
    private readonly Option<string> retryPeriod = new("--leader-elect-retry-period") { Description = "Time between attempts to acquire or renew", DefaultValueFactory = _ => "2s" };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { elect, leaseDuration, renewDeadline, retryPeriod })
        {
            command.Options.Add(o);
        }
    }

    /// <summary>The settings, or an error naming the flag whose duration does not parse or whose values disagree.</summary>
    public (LeaderElectionSettings? Settings, string? Error) Read(ParseResult parse)
    {
        var durations = new List<TimeSpan>();
        foreach (var option in new[] { leaseDuration, renewDeadline, retryPeriod })
        {
            var text = parse.GetValue(option)!;
            if (!GoDuration.TryParse(text, out var value) || value <= TimeSpan.Zero)
            {
                return (null, $"{option.Name}: invalid duration \"{text}\"");
            }
            durations.Add(value);
        }
        // Upstream's own checks: the lease must outlast the renew deadline, which must outlast retries.
        if (durations[0] <= durations[1])
        {
            return (null, "--leader-elect-lease-duration must be greater than --leader-elect-renew-deadline");
        }
        if (durations[1] <= durations[2] * 1.2)
        {
            return (null, "--leader-elect-renew-deadline must be greater than --leader-elect-retry-period times 1.2");
        }
        return (new LeaderElectionSettings(parse.GetValue(elect), durations[0], durations[1], durations[2]), null);
    }
}

/// <summary>Leader election for the in-process controllers and scheduler.</summary>
public sealed record LeaderElectionSettings(bool Enabled, TimeSpan LeaseDuration, TimeSpan RenewDeadline, TimeSpan RetryPeriod)
{
    public static LeaderElectionSettings Default { get; } = new(true, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2));
}
