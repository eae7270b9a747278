using System.Net;
using Dotkube.ApiServer.Admission;
using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.CustomResources;
using Dotkube.ApiServer.Discovery;
using Dotkube.ApiServer.Http;
using Dotkube.ApiServer.Lifecycle;
using Dotkube.ApiServer.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dotkube.ApiServer.Hosting;

/// <summary>
/// The API server as one runnable: Kestrel with TLS and client certificates in front of the
/// request pipeline, boot state, the namespace controller and the garbage collector.
/// </summary>
public sealed class ApiServerHost : IAsyncDisposable
{
    private readonly ApiServerOptions options;
    private readonly ILoggerFactory loggerFactory;
    private readonly CancellationTokenSource stopping = new();
    private WebApplication? app;
    private Task? namespaceController;
    private Task? namespaceCacheTask;
    private readonly NamespaceCache namespaceCache;
    private Task? garbageCollector;
    private Task? crdController;
    private readonly LoopbackTokenAuthenticator loopbackTokens = new();

    public ApiServerHost(ApiServerOptions options, ILoggerFactory loggerFactory)
    {
        this.options = options;
        this.loggerFactory = loggerFactory;
        Registry = new ResourceRegistry();
        Registry.RegisterAll(options.Resources);
        var nsLookup = new NamespaceLookup();
        namespaceCache = new NamespaceCache(nsLookup.Store, loggerFactory.CreateLogger("dotkube.namespace-cache"));
        var admission = new List<IAdmissionPlugin> { new NamespaceLifecycle(namespaceCache.GetAsync, namespaceCache.Forget) };
        var advertise = AdvertiseAddress(options.BindAddress);
        var discovery = new DiscoveryDocuments(Registry, () => $"{FormatHost(advertise)}:{options.Port}");
        Handler = new ApiHandler(
            Registry,
            options.Store,
            [loopbackTokens, new ClientCertificateAuthenticator(options.VerifyClientCertificate)],
            admission,
            discovery,
            options.OpenApi?.Invoke(Registry),
            options.Clock,
            loggerFactory.CreateLogger("dotkube.apiserver"));
        nsLookup.Handler = Handler;
        Handler.ShuttingDown = stopping.Token;
    }

    public ResourceRegistry Registry { get; }

    public ApiHandler Handler { get; }

    /// <summary>
    /// The in-process transport for built-in components (controllers, scheduler, simulated nodes);
    /// available once <see cref="StartAsync"/> has run.
    /// </summary>
    public LoopbackTransport Loopback =>
        loopback ?? throw new InvalidOperationException("the API server has not been started");

    private LoopbackTransport? loopback;

    /// <summary>Brings up boot state, the controllers that live in the API server, and the listener.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        var advertise = AdvertiseAddress(options.BindAddress);
        await MarkAllocationsAsync(ct);
        await BootState.EnsureAsync(Handler, options.ServiceClusterIP, advertise.ToString(), options.Port, ct);
        namespaceCacheTask = namespaceCache.RunAsync(stopping.Token);
        namespaceController = new NamespaceController(Handler, loggerFactory.CreateLogger("dotkube.namespace-controller"))
            .RunAsync(stopping.Token);
        // Custom resources of stored CRDs are served before the listener opens.
        crdController = await new CrdController(Handler, loggerFactory.CreateLogger("dotkube.crd-controller"), options.Clock)
            .StartAsync(stopping.Token);
        garbageCollector = new GarbageCollector(Handler, loggerFactory.CreateLogger("dotkube.garbage-collector")).RunAsync(stopping.Token);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = null; // the pipeline enforces upstream's 3 MiB with a Status
            k.Limits.Http2.MaxStreamsPerConnection = 1000;
            k.Listen(options.BindAddress, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = options.ServingCertificate,
                    ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                    // The chain is checked against the cluster CA by the authenticator, not the system store.
                    ClientCertificateValidation = (_, _, _) => true,
                    CheckCertificateRevocation = false,
                });
            });
        });
        app = builder.Build();
        app.Run(Handler.HandleAsync);
        loopback = await LoopbackTransport.StartAsync(Handler, loopbackTokens, loggerFactory, ct);
        await app.StartAsync(ct);
    }

    /// <summary>Shared pools (service IPs, node ports) learn what stored objects already hold.</summary>
    private async Task MarkAllocationsAsync(CancellationToken ct)
    {
        foreach (var def in Registry.All)
        {
            if (def.Strategy is IAllocatingStrategy pools)
            {
                var page = await Handler.StoreFor(def).ListAsync("", new ListQuery(), ct);
                foreach (var obj in page.Items)
                {
                    pools.MarkAllocations(obj);
                }
            }
        }
    }

    public async Task StopAsync()
    {
        await stopping.CancelAsync();
        if (app is not null)
        {
            await app.StopAsync();
        }
        if (loopback is not null)
        {
            await loopback.DisposeAsync();
            loopback = null;
        }
        foreach (var task in new[] { namespaceController, namespaceCacheTask, garbageCollector, crdController })
        {
            if (task is null)
            {
                continue;
            }
            try
            {
                await task;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (app is not null)
        {
            await app.DisposeAsync();
        }
        stopping.Dispose();
    }

    /// <summary>The address clients reach this server at: loopback when bound to every interface.</summary>
    public static IPAddress AdvertiseAddress(IPAddress bind) =>
        bind.Equals(IPAddress.Any) || bind.Equals(IPAddress.IPv6Any) ? IPAddress.Loopback : bind;

    private static string FormatHost(IPAddress a) => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{a}]" : a.ToString();

    /// <summary>Breaks the cycle between admission (needs namespaces) and the handler (needs admission).</summary>
    private sealed class NamespaceLookup
    {
        public ApiHandler? Handler { get; set; }

        public GenericStore? Store()
        {
            var def = Handler?.Registry.Find("", "v1", "namespaces");
            return def is null ? null : Handler!.StoreFor(def);
        }
    }
}
