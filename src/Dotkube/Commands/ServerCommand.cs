using System.CommandLine;
using System.Net;
using Dotkube.Controllers.PodGc;
using Dotkube.Machinery.Time;
using Dotkube.Storage.Etcd;

namespace Dotkube.Commands;

/// <summary><c>dotkube server</c>: the control plane on one machine.</summary>
public static class ServerCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir")
        {
            Description = "Directory for the datastore, certificates and kubeconfig",
            DefaultValueFactory = _ => "./.dotkube",
        };
        var bind = new Option<string>("--bind-address")
        {
            Description = "Address to listen on",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var port = new Option<int>("--port")
        {
            Description = "HTTPS port of the API server",
            DefaultValueFactory = _ => 6443,
        };
        var advertise = new Option<string?>("--advertise-address")
        {
            Description = "The address other cluster members and the kubernetes Service's endpoints use to reach this server (default: --bind-address, or 127.0.0.1 when that is 0.0.0.0)",
        };
        var reconcilerType = new Option<string>("--endpoint-reconciler-type")
        {
            Description = "How the kubernetes Service's endpoints list the API servers: lease (every live server, by TTL keys under /registry/masterleases/) or none",
            DefaultValueFactory = _ => "lease",
        };
        reconcilerType.AcceptOnlyFromAmong("lease", "none");
        // A test hook: the master lease TTL (upstream's is fixed at 15 s); entries are renewed every two thirds of it.
        var reconcilerTtl = new Option<string?>("--endpoint-reconciler-ttl") { Hidden = true };
        reconcilerTtl.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } text && (!GoDuration.TryParse(text, out var ttl) || ttl < TimeSpan.FromSeconds(1)))
            {
                r.AddError("--endpoint-reconciler-ttl must be a duration of at least 1s");
            }
        });
        var pkiDir = new Option<string?>("--pki-dir")
        {
            Description = "Directory of the cluster CA, service-account key and client certificates, shared by every API server of a cluster (default: <data-dir>/pki); each server keeps its serving certificate in <data-dir>/pki",
        };
        var datastore = DatastoreOptions.Datastore("Where state lives: sqlite (default, in the data dir), sqlite://PATH, memory, or etcd://HOST:PORT[,HOST:PORT...]");
        datastore.DefaultValueFactory = _ => "sqlite";
        var etcd = new DatastoreOptions.EtcdFlags();
        var simulatedNodes = new Option<int>("--simulated-nodes")
        {
            Description = "How many simulated nodes (node1 … nodeN) run pods in this process; 0 for none",
            DefaultValueFactory = _ => 3,
        };
        simulatedNodes.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 10_000)
            {
                r.AddError("--simulated-nodes must be between 0 and 10000");
            }
        });
        var scheduler = new Option<bool>("--scheduler")
        {
            Description = "Run the scheduler in this process (--scheduler=false to leave pods for another)",
            DefaultValueFactory = _ => true,
        };
        var watchCache = new Option<bool>("--watch-cache")
        {
            Description = "Serve lists (and gets with a resourceVersion) from the API server's watch cache (--watch-cache=false reads storage every time)",
            DefaultValueFactory = _ => true,
        };
        var controllers = new Option<string[]>("--controllers")
        {
            Description = "Controllers to run: '*' for all on by default, 'foo' to turn one on, '-foo' to turn one off (comma-separated)",
            // Not given means "*"; `--controllers=` (an empty list) is allowed and runs none, as upstream.
            AllowMultipleArgumentsPerToken = false,
            Arity = ArgumentArity.ZeroOrMore,
        };
        controllers.Validators.Add(r =>
        {
            try
            {
                Dotkube.Controllers.ControllerSelection.Parse(r.GetValueOrDefault<string[]>() ?? ["*"], [.. ControllerComponent.All().Select(c => c.Name)]);
            }
            catch (ArgumentException e)
            {
                r.AddError("--controllers: " + e.Message);
            }
        });
        var terminatedPodGcThreshold = new Option<int>("--terminated-pod-gc-threshold")
        {
            Description = "Finished pods kept before the pod garbage collector deletes the oldest; 0 or less keeps them all",
            DefaultValueFactory = _ => 12500,
        };
        // A test hook: how often pod GC looks and how long a missing node is quarantined (20s and 40s upstream).
        var podGcPeriod = new Option<string?>("--pod-gc-period") { Hidden = true };
        podGcPeriod.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } text && (!GoDuration.TryParse(text, out var period) || period <= TimeSpan.Zero))
            {
                r.AddError("--pod-gc-period must be a positive duration");
            }
        });
        var nodeMonitorGracePeriod = new Option<string>("--node-monitor-grace-period")
        {
            Description = "How long a node may go without renewing its Lease or posting status before it is marked Unknown (a Go duration, e.g. 50s, 3s)",
            DefaultValueFactory = _ => "50s",
        };
        nodeMonitorGracePeriod.Validators.Add(r =>
        {
            if (!GoDuration.TryParse(r.GetValueOrDefault<string>() ?? "", out var d) || d <= TimeSpan.Zero)
            {
                r.AddError($"--node-monitor-grace-period: invalid duration \"{r.GetValueOrDefault<string>()}\" (want e.g. 50s, 500ms, 1m)");
            }
        });
        var clusterCidr = new Option<string>("--cluster-cidr")
        {
            Description = "CIDR range of pod IPs; node IPAM gives each node a /24 of it as its podCIDR",
            DefaultValueFactory = _ => Dotkube.Controllers.NodeIpam.NodeIpamController.DefaultClusterCidr,
        };
        clusterCidr.Validators.Add(r =>
        {
            try
            {
                _ = new Dotkube.Controllers.NodeIpam.CidrSet(r.GetValueOrDefault<string>() ?? "", 24);
            }
            catch (ArgumentException e)
            {
                r.AddError("--cluster-cidr: " + e.Message);
            }
        });
        var legacyApiVersions = new Option<bool>("--legacy-api-versions")
        {
            Description = "Also serve the API versions Kubernetes removed since 2020 (extensions/v1beta1, rbac v1beta1, ...), with deprecation warnings",
            DefaultValueFactory = _ => true,
        };
        var noDefaultStorageClass = new Option<bool>("--no-default-storage-class")
        {
            Description = "Install the local-path StorageClass without marking it the default class",
        };
        var localPathDir = new Option<string>("--local-path-dir")
        {
            Description = "The directory on each node under which the local-path provisioner puts its volumes",
            DefaultValueFactory = _ => Dotkube.Controllers.LocalPath.LocalPathOptions.DefaultBaseDirectory,
        };
        var command = new Command("server", "Run the API server (and, as they arrive, controllers, scheduler and nodes)")
        {
            dataDir, bind, port, datastore, simulatedNodes, scheduler, watchCache, legacyApiVersions, controllers, terminatedPodGcThreshold, podGcPeriod,
            noDefaultStorageClass, localPathDir, nodeMonitorGracePeriod, clusterCidr, etcd.CaFile, etcd.CertFile, etcd.KeyFile,
            advertise, reconcilerType, reconcilerTtl, pkiDir,
        };
        var security = new SecurityFlags();
        security.AddTo(command);
        var leaderElection = new LeaderElectionFlags();
        leaderElection.AddTo(command);
        var admission = new AdmissionFlags();
        admission.AddTo(command);
        var nodeLifecycle = new NodeLifecycleFlags();
        nodeLifecycle.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            if (!IPAddress.TryParse(parse.GetValue(bind), out var address))
            {
                await Console.Error.WriteLineAsync($"error: --bind-address must be an IP address, got \"{parse.GetValue(bind)}\"");
                return 2;
            }
            IPAddress? advertiseAddress = null;
            if (parse.GetValue(advertise) is { } advertiseText)
            {
                if (!IPAddress.TryParse(advertiseText, out advertiseAddress) || advertiseAddress.Equals(IPAddress.Any) || advertiseAddress.Equals(IPAddress.IPv6Any))
                {
                    await Console.Error.WriteLineAsync($"error: --advertise-address must be a specific IP address, got \"{advertiseText}\"");
                    return 2;
                }
            }
            var (securitySettings, error) = security.Read(parse);
            if (securitySettings is null)
            {
                await Console.Error.WriteLineAsync($"error: {error}");
                return 2;
            }
            var (election, electionError) = leaderElection.Read(parse);
            if (election is null)
            {
                await Console.Error.WriteLineAsync($"error: {electionError}");
                return 2;
            }
            var settings = new ServerSettings(
                Path.GetFullPath(parse.GetValue(dataDir)!),
                address,
                parse.GetValue(port),
                parse.GetValue(datastore)!,
                etcd.Read(parse))
            {
                SimulatedNodes = parse.GetValue(simulatedNodes),
                Scheduler = parse.GetValue(scheduler),
                WatchCache = parse.GetValue(watchCache),
                Controllers = parse.GetResult(controllers) is null ? ["*"] : parse.GetValue(controllers) ?? [],
                ClusterCidr = parse.GetValue(clusterCidr)!,
                Security = securitySettings,
                LegacyApiVersions = parse.GetValue(legacyApiVersions),
                LeaderElection = election,
                PodGc = PodGcSettings(parse.GetValue(terminatedPodGcThreshold), parse.GetValue(podGcPeriod)),
                LocalPath = new Dotkube.Controllers.LocalPath.LocalPathOptions
                {
                    DefaultClass = !parse.GetValue(noDefaultStorageClass),
                    BaseDirectory = parse.GetValue(localPathDir)!,
                },
                Admission = admission.Read(parse),
                AdvertiseAddress = advertiseAddress,
                EndpointReconciler = parse.GetValue(reconcilerType) == "lease",
                EndpointReconcilerTtl = parse.GetValue(reconcilerTtl) is { } ttlText && GoDuration.TryParse(ttlText, out var ttl) ? ttl : TimeSpan.FromSeconds(15),
                PkiDir = parse.GetValue(pkiDir) is { } shared ? Path.GetFullPath(shared) : null,
                NodeMonitorGracePeriod = GoDuration.TryParse(parse.GetValue(nodeMonitorGracePeriod) ?? "", out var grace) ? grace : TimeSpan.FromSeconds(50),
                NodeLifecycle = nodeLifecycle.Read(parse, GoDuration.TryParse(parse.GetValue(nodeMonitorGracePeriod) ?? "", out var g) ? g : TimeSpan.FromSeconds(50)),
            };
            return await ServerRunner.RunAsync(settings, ct);
        });
        return command;
    }

    private static PodGcOptions PodGcSettings(int threshold, string? period)
    {
        var options = new PodGcOptions { TerminatedPodGcThreshold = threshold };
        return period is not null && GoDuration.TryParse(period, out var every)
            ? options with { CheckPeriod = every, Quarantine = every }
            : options;
    }
}

/// <summary>The server's settings after parsing.</summary>
/// <param name="EtcdTls">client certificate files for an etcd datastore.</param>
public sealed record ServerSettings(string DataDir, IPAddress BindAddress, int Port, string Datastore, EtcdTls? EtcdTls = null)
{
    public int SimulatedNodes { get; init; } = 3;

    public bool Scheduler { get; init; } = true;

    /// <summary>--watch-cache: reads through the API server's watch cache.</summary>
    public bool WatchCache { get; init; } = true;

    /// <summary>The --controllers items (kube-controller-manager's syntax).</summary>
    public IReadOnlyList<string> Controllers { get; init; } = ["*"];

    public SecuritySettings Security { get; init; } = new();

    /// <summary>--cluster-cidr: the pod address range node IPAM cuts into node podCIDRs.</summary>
    public string ClusterCidr { get; init; } = Dotkube.Controllers.NodeIpam.NodeIpamController.DefaultClusterCidr;

    public LeaderElectionSettings LeaderElection { get; init; } = LeaderElectionSettings.Default;

    /// <summary>Serve the legacy API versions of 2020 too (extensions/v1beta1, rbac v1beta1, ...).</summary>
    public bool LegacyApiVersions { get; init; } = true;

    /// <summary>The pod garbage collector's --terminated-pod-gc-threshold (and test timings).</summary>
    public PodGcOptions PodGc { get; init; } = new();
    /// <summary>The built-in local-path provisioner's class and directory (--no-default-storage-class, --local-path-dir).</summary>
    public Dotkube.Controllers.LocalPath.LocalPathOptions LocalPath { get; init; } = new();
    /// <summary>--enable/--disable-admission-plugins and the admission plugins' own flags.</summary>
    public Dotkube.ApiServer.Admission.AdmissionOptions Admission { get; init; } = new();
    /// <summary>--advertise-address; null = the bind address (loopback when that is 0.0.0.0).</summary>
    public IPAddress? AdvertiseAddress { get; init; }
    /// <summary>--endpoint-reconciler-type=lease (true, the default) or none.</summary>
    public bool EndpointReconciler { get; init; } = true;
    /// <summary>The master lease TTL: upstream's 15 s (a hidden flag shortens it for tests).</summary>
    public TimeSpan EndpointReconcilerTtl { get; init; } = TimeSpan.FromSeconds(15);
    /// <summary>--pki-dir: the PKI shared by the cluster's servers; null = &lt;data-dir&gt;/pki.</summary>
    public string? PkiDir { get; init; }
    /// <summary>--node-monitor-grace-period (kube-controller-manager's; 50 s as 1.32).</summary>
    public TimeSpan NodeMonitorGracePeriod { get; init; } = TimeSpan.FromSeconds(50);
    /// <summary>The node lifecycle controller's flags (zone-aware eviction rates), grace period included.</summary>
    public Dotkube.Controllers.NodeLifecycle.NodeLifecycleOptions? NodeLifecycle { get; init; }
}
