using System.Net;
using Dotkube.ApiServer.Admission;
using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Authentication.ServiceAccounts;
using Dotkube.ApiServer.Authorization;
using Dotkube.ApiServer.Authorization.Bootstrap;
using Dotkube.ApiServer.Authorization.Node;
using Dotkube.ApiServer.Authorization.Rbac;
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
    private Task? namespaceCacheTask;
    private readonly NamespaceCache namespaceCache;
    private readonly RbacCache rbacCache;
    private Task? rbacCacheTask;
    private readonly NodeGraph nodeGraph;
    private Task? nodeGraphTask;
    private Task? crdController;
    private Aggregation.AggregationLayer? aggregation;
    private IReadOnlyList<Task> aggregationTasks = [];
    private readonly LoopbackTokenAuthenticator loopbackTokens = new();
    private readonly Admission.Webhooks.DynamicAdmission dynamicAdmission;
    private Task? dynamicAdmissionTask;
    private LeaseEndpointReconciler? endpointReconciler;
    private Task? endpointReconcilerTask;
    private readonly Admission.Caching.CachedAdmissionObjects admissionObjects;
    private Task? admissionObjectsTask;

    public ApiServerHost(ApiServerOptions options, ILoggerFactory loggerFactory)
    {
        this.options = options;
        this.loggerFactory = loggerFactory;
        rbacCache = new RbacCache(def => Handler!.StoreFor(def), loggerFactory.CreateLogger("dotkube.rbac-cache"));
        nodeGraph = new NodeGraph(plural => Handler!.Registry.Find("", "v1", plural) is { } def ? Handler.StoreFor(def) : null, loggerFactory.CreateLogger("dotkube.node-graph"));
        // Upstream's chain: privileged groups (system:masters), Node, then RBAC.
        IReadOnlyList<IAuthorizer> authorizers = [new PrivilegedGroupAuthorizer(), new NodeAuthorizer(nodeGraph), new RbacAuthorizer(rbacCache)];
        Registry = new ResourceRegistry();
        Registry.RegisterAll(WithAccessReviews(options.Resources, authorizers));
        var nsLookup = new NamespaceLookup();
        namespaceCache = new NamespaceCache(nsLookup.Store, loggerFactory.CreateLogger("dotkube.namespace-cache"));
        dynamicAdmission = new Admission.Webhooks.DynamicAdmission(def => Handler!.StoreFor(def), () => Registry, nsLookup.Get, namespaceCache.GetAsync, loggerFactory, authorizers);
        var liveObjects = new RegistryAdmissionObjects(() => nsLookup.Handler);
        admissionObjects = new Admission.Caching.CachedAdmissionObjects(liveObjects, liveObjects.StoreFor, loggerFactory);
        // The plugins the flags select, in upstream's order (Admission/AdmissionPluginCatalog.cs).
        var admission = AdmissionPluginCatalog.Build(new AdmissionPluginContext
        {
            Objects = admissionObjects,
            GetNamespace = namespaceCache.GetAsync,
            ForgetNamespace = namespaceCache.Forget,
            Authorize = (attributes, ct) => Handler!.CheckAuthorizationAsync(attributes, ct),
            Rbac = rbacCache,
            Authorizers = authorizers,
            Options = options.Admission,
            Clock = options.Clock,
            Dynamic = dynamicAdmission,
            ResourceQuotas = () => nsLookup.CoreStore("resourcequotas"),
        });
        var advertise = options.AdvertiseAddress ?? AdvertiseAddress(options.BindAddress);
        var discovery = new DiscoveryDocuments(Registry, () => $"{FormatHost(advertise)}:{options.Port}");
        var (authenticators, settings) = BuildAuthentication(options.Security, nsLookup.Get);
        Handler = new ApiHandler(
            Registry,
            options.Store,
            authenticators,
            authorizers,
            admission,
            discovery,
            options.OpenApi?.Invoke(Registry),
            options.Clock,
            loggerFactory.CreateLogger("dotkube.apiserver"));
        nsLookup.Handler = Handler;
        Handler.ShuttingDown = stopping.Token;
        Handler.WatchCaches = options.WatchCache ? new WatchCache.WatchCaches(options.Store, loggerFactory, stopping.Token) : null;
        Handler.Authentication = settings;
    }

    /// <summary>
    /// The authenticator chain: the in-process components' loopback tokens, then upstream's order:
    /// authenticating proxy, client certificates, bearer tokens (token file, service accounts,
    /// bootstrap tokens, OIDC, the token webhook).
    /// </summary>
    private (List<IAuthenticator> Chain, AuthenticationSettings Settings) BuildAuthentication(SecurityOptions security, CoreObjectGetter get)
    {
        var chain = new List<IAuthenticator> { loopbackTokens };
        if (security.RequestHeader is { } proxy)
        {
            chain.Add(new RequestHeaderAuthenticator(proxy));
        }
        chain.Add(new ClientCertificateAuthenticator(options.VerifyClientCertificate));
        var tokens = new List<ITokenAuthenticator>();
        if (security.StaticTokens is { } file)
        {
            tokens.Add(file);
        }
        ServiceAccountTokenIssuer? issuer = null;
        if (security.ServiceAccounts is { } sa)
        {
            tokens.Add(new ServiceAccountTokenAuthenticator(sa, get, options.Clock));
            issuer = new ServiceAccountTokenIssuer(sa, options.Clock);
        }
        if (security.BootstrapTokens)
        {
            tokens.Add(new BootstrapTokenAuthenticator(get, options.Clock, security.ApiAudiences));
        }
        if (security.Oidc is { } oidc)
        {
            tokens.Add(oidc);
        }
        if (security.WebhookTokens is { } webhook)
        {
            tokens.Add(webhook);
        }
        var bearer = new BearerTokenAuthenticator(tokens, security.ApiAudiences);
        if (tokens.Count > 0)
        {
            chain.Add(bearer);
        }
        TokenIssuer = issuer;
        return (chain, new AuthenticationSettings
        {
            AnonymousAuth = security.AnonymousAuth,
            Tokens = bearer,
            TokenIssuer = issuer,
            ApiAudiences = security.ApiAudiences,
        });
    }

    /// <summary>Signs service account tokens; null when they are not configured.</summary>
    public ServiceAccountTokenIssuer? TokenIssuer { get; private set; }

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
        var advertise = options.AdvertiseAddress ?? AdvertiseAddress(options.BindAddress);
        await MarkAllocationsAsync(ct);
        await BootState.EnsureAsync(Handler, options.ServiceClusterIP, advertise.ToString(), options.Port, ct);
        await new PolicyReconciler(def => Handler.StoreFor(def), loggerFactory.CreateLogger("dotkube.rbac-bootstrap"))
            .ReconcileAsync(BootstrapPolicy.All, ct);
        rbacCacheTask = rbacCache.RunAsync(stopping.Token);
        nodeGraphTask = nodeGraph.RunAsync(stopping.Token);
        // Serve only once authorization knows the policy. admin/edit/view get their rules from the
        // controller manager's clusterrole-aggregation controller, as upstream.
        await rbacCache.Synced.WaitAsync(ct);
        namespaceCacheTask = namespaceCache.RunAsync(stopping.Token);
        admissionObjectsTask = admissionObjects.RunAsync(stopping.Token);
        dynamicAdmissionTask = dynamicAdmission.RunAsync(stopping.Token);
        await dynamicAdmission.Synced.WaitAsync(ct);
        // Custom resources of stored CRDs are served before the listener opens.
        crdController = await new CrdController(Handler, loggerFactory.CreateLogger("dotkube.crd-controller"), options.Clock)
            .StartAsync(stopping.Token);
        aggregation = new Aggregation.AggregationLayer(Handler, options.Aggregation, options.Clock, loggerFactory);
        aggregationTasks = aggregation.Start(stopping.Token);
        if (options.EndpointReconciler is { } reconcilerOptions)
        {
            endpointReconciler = new LeaseEndpointReconciler(Handler, reconcilerOptions, loggerFactory.CreateLogger("dotkube.endpoint-reconciler"));
            endpointReconcilerTask = endpointReconciler.RunAsync(stopping.Token);
        }

        var builder = WebApplication.CreateSlimBuilder(HostDefaults.Options());
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

    /// <summary>The access reviews join the built-ins where upstream's discovery lists authorization.k8s.io: before autoscaling.</summary>
    private static List<ResourceDefinition> WithAccessReviews(IEnumerable<ResourceDefinition> builtins, IReadOnlyList<IAuthorizer> authorizers)
    {
        var all = builtins.ToList();
        var at = all.FindIndex(d => d.Group == "autoscaling");
        all.InsertRange(at < 0 ? all.Count : at, Authorization.Reviews.AccessReviewResources.Create(authorizers));
        return all;
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
        await LeaveEndpointsAsync();
        if (app is not null)
        {
            await app.StopAsync();
        }
        if (loopback is not null)
        {
            await loopback.DisposeAsync();
            loopback = null;
        }
        foreach (var task in new[] { namespaceCacheTask, rbacCacheTask, nodeGraphTask, crdController, dynamicAdmissionTask, admissionObjectsTask }.Concat(aggregationTasks))
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

    /// <summary>
    /// On the way out, this server takes its address out of the kubernetes Service's endpoints, so clients stop
    /// picking it before its lease would lapse. Once: StopAsync runs again on dispose.
    /// </summary>
    private async Task LeaveEndpointsAsync()
    {
        if (Interlocked.Exchange(ref endpointReconciler, null) is not { } reconciler)
        {
            return;
        }
        try
        {
            await endpointReconcilerTask!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await reconciler.RemoveSelfAsync(timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or Machinery.Errors.StatusException or Storage.StorageException)
        {
            loggerFactory.CreateLogger("dotkube.endpoint-reconciler").LogWarning("could not remove this server from the kubernetes endpoints: {Error}", e.Message);
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
        aggregation?.Dispose();
    }

    /// <summary>The address clients reach this server at: loopback when bound to every interface.</summary>
    public static IPAddress AdvertiseAddress(IPAddress bind) =>
        bind.Equals(IPAddress.Any) || bind.Equals(IPAddress.IPv6Any) ? IPAddress.Loopback : bind;

    private static string FormatHost(IPAddress a) => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{a}]" : a.ToString();

    /// <summary>Breaks the cycle between admission (needs namespaces) and the handler (needs admission).</summary>
    private sealed class NamespaceLookup
    {
        public ApiHandler? Handler { get; set; }

        /// <summary>The store of a core/v1 resource, once the handler exists.</summary>
        public GenericStore? CoreStore(string plural) =>
            Handler?.Registry.Find("", "v1", plural) is { } def ? Handler.StoreFor(def) : null;

        public GenericStore? Store()
        {
            var def = Handler?.Registry.Find("", "v1", "namespaces");
            return def is null ? null : Handler!.StoreFor(def);
        }

        /// <summary>A core/v1 object by resource, namespace and name (service accounts, secrets, pods, nodes).</summary>
        public async Task<System.Text.Json.Nodes.JsonObject?> Get(string resource, string ns, string name, CancellationToken ct)
        {
            var def = Handler?.Registry.Find("", "v1", resource);
            return def is null ? null : await Handler!.StoreFor(def).TryGetAsync(ns, name, ct);
        }
    }
}
