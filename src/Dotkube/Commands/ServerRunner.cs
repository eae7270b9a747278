using System.Diagnostics;
using System.Runtime.InteropServices;
using Dotkube.ApiServer.Hosting;
using Dotkube.ApiServer.OpenApi;
using Dotkube.ApiServer.Resources;
using Dotkube.Kubeconfig;
using Dotkube.Pki;
using Dotkube.Storage;
using Dotkube.Storage.Compaction;
using Dotkube.Storage.MasterLeases;
using Microsoft.Extensions.Logging;

namespace Dotkube.Commands;

/// <summary>Composes and runs the server until SIGINT/SIGTERM.</summary>
public static class ServerRunner
{
    public static async Task<int> RunAsync(ServerSettings s, CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        using var loggerFactory = LoggerFactory.Create(b => b
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            })
            .SetMinimumLevel(LogLevel.Information)
            .AddFilter("Microsoft", LogLevel.Warning));
        var log = loggerFactory.CreateLogger("dotkube");

        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            shutdown.Cancel();
        });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c =>
        {
            c.Cancel = true;
            shutdown.Cancel();
        });

        Directory.CreateDirectory(s.DataDir);
        const string serviceClusterIP = "10.96.0.1";
        var advertise = s.AdvertiseAddress ?? ApiServerHost.AdvertiseAddress(s.BindAddress);
        var ownPki = Path.Combine(s.DataDir, "pki");
        using var pki = ClusterPki.LoadOrCreate(s.PkiDir ?? ownPki, new PkiOptions
        {
            BindAddress = s.BindAddress.ToString(),
            KubernetesServiceIP = System.Net.IPAddress.Parse(serviceClusterIP),
            ExtraSans = advertise.Equals(s.BindAddress) ? [] : [advertise.ToString()],
            ServingDirectory = ownPki,
        });

        foreach (var change in pki.Changes)
        {
            log.LogInformation("pki: {Change}", change);
        }

        await using var store = await StoreFactory.OpenAsync(s.Datastore, s.DataDir, tls: s.EtcdTls, cancellationToken: shutdown.Token);
        var compactor = new StoreCompactor(store, CompactorOptions.Default, TimeProvider.System,
            e => log.LogWarning(e, "compaction failed; retrying on the next round"));
        var compaction = compactor.RunAsync(shutdown.Token);

        SecurityOptions security;
        Dotkube.Controllers.Certificates.CsrSigningOptions csrSigning;
        ApiServer.Aggregation.AggregationOptions aggregation;
        ApiServer.Authentication.ClientCertificateAuthenticator.Verifier verifyClientCertificate;
        try
        {
            security = SecuritySetup.Build(s.Security, pki, log);
            verifyClientCertificate = SecuritySetup.ClientCertificateVerifier(pki, s.Security.ClientCaFile);
            aggregation = AggregationSetup.Build(s.Security, pki);
            csrSigning = s.Security.ClusterSigningFiles.Build(pki, s.Security.ClusterSigningDuration);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            log.LogError("{Error}", e.Message);
            return 1;
        }

        var resources = s.LegacyApiVersions ? BuiltinResources.WithLegacyVersions : BuiltinResources.All;
        await using var host = new ApiServerHost(new ApiServerOptions
        {
            BindAddress = s.BindAddress,
            Port = s.Port,
            Store = store,
            ServingCertificate = pki.ServingCertificate,
            VerifyClientCertificate = verifyClientCertificate,
            Security = security,
            Aggregation = aggregation,
            Resources = resources,
            OpenApi = registry => ServeOpenApi(registry, aggregation.OpenApiSpecs),
            ServiceClusterIP = serviceClusterIP,
            Admission = s.Admission,
            WatchCache = s.WatchCache,
            AdvertiseAddress = advertise,
            EndpointReconciler = s.EndpointReconciler
                ? new EndpointReconcilerOptions
                {
                    Self = new MasterEndpoint(advertise, s.Port),
                    Leases = MasterLeasesFactory.For(store),
                    Ttl = s.EndpointReconcilerTtl,
                    Interval = s.EndpointReconcilerTtl * 2 / 3,
                }
                : null,
        }, loggerFactory);
        await host.StartAsync(shutdown.Token);

        await using var simulatedNodes = await SimulatedNodes.StartAsync(host, s.SimulatedNodes, s.NodeMonitorGracePeriod, loggerFactory, shutdown.Token);
        var identity = LeaderElectedRun.Identity(s.DataDir);
        await using var scheduler = SchedulerComponent.Start(host, s.Scheduler, s.LeaderElection, identity, loggerFactory, shutdown.Token);
        var caBundlePem = pki.CaCertificate.ExportCertificatePem() + "\n";
        var controllerOptions = new ControllerOptions
        {
            PodGc = s.PodGc,
            LocalPath = s.LocalPath,
            NodeLifecycle = (s.NodeLifecycle ?? new Dotkube.Controllers.NodeLifecycle.NodeLifecycleOptions()) with { GracePeriod = s.NodeMonitorGracePeriod },
            ClusterCidr = s.ClusterCidr,
            RootCaPem = caBundlePem,
            ServiceAccountTokens = new Dotkube.Controllers.ServiceAccount.ServiceAccountTokenOptions
            {
                Generate = host.TokenIssuer is { } issuer ? issuer.IssueLegacy : null,
                RootCaPem = caBundlePem,
                CreateSecretPerServiceAccount = s.Security.LegacyServiceAccountTokenSecrets,
            },
            CsrSigning = csrSigning,
        };
        await using var controllers = ControllerComponent.Start(host, s.Controllers, controllerOptions, s.LeaderElection, identity, loggerFactory, shutdown.Token);

        var kubeconfig = KubeconfigWriter.Write(s.DataDir, pki, s.BindAddress.ToString(), s.Port);
        log.LogInformation("dotkube is ready in {Elapsed} ms: https://{Address}:{Port} ({Datastore}); export KUBECONFIG={Kubeconfig}",
            started.ElapsedMilliseconds, advertise, s.Port, StoreFactory.Parse(s.Datastore, s.DataDir).Kind, kubeconfig);

        try
        {
            await Task.Delay(Timeout.Infinite, shutdown.Token);
        }
        catch (OperationCanceledException)
        {
        }
        log.LogInformation("dotkube is shutting down");
        await controllers.StopAsync();
        await scheduler.StopAsync();
        await simulatedNodes.StopAsync();
        await host.StopAsync();
        try
        {
            await compaction;
        }
        catch (OperationCanceledException)
        {
        }
        log.LogInformation("dotkube stopped");
        return 0;
    }

    /// <summary>OpenAPI documents built from the registry, rebuilt whenever the served set changes.</summary>
    private static Func<Microsoft.AspNetCore.Http.HttpContext, Task<bool>> ServeOpenApi(ApiServer.Registry.ResourceRegistry registry, AggregatedSpecs aggregated)
    {
        // Custom resources publish their CRD version's openAPIV3Schema.
        var options = new OpenApiOptions
        {
            CustomResourceSchema = (resource, version) =>
                (resource.Strategy as ApiServer.CustomResources.ICustomResourceSchemas)?.OpenApiV3Schema(version),
        };
        var handler = new OpenApiHandler(new OpenApiDocuments(registry.All, options, aggregated.Current));
        // Aggregated APIServices' OpenAPI is merged in as the aggregation layer downloads it.
        void Rebuild() => handler.Documents = new OpenApiDocuments(registry.All, options, aggregated.Current);
        registry.Changed += Rebuild;
        aggregated.Changed += Rebuild;
        return handler.TryServeAsync;
    }
}
