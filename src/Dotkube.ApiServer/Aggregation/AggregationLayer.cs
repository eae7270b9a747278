using Dotkube.ApiServer.Http;
using Microsoft.Extensions.Logging;

namespace Dotkube.ApiServer.Aggregation;

/// <summary>
/// kube-aggregator inside dotkube: the proxy for APIServices with a service (hooked into the
/// request pipeline after authentication and authorization), their discovery merged into /apis,
/// and the loops that keep APIServices registered, their availability current and the
/// extension-apiserver-authentication ConfigMap published.
/// </summary>
public sealed class AggregationLayer : IDisposable
{
    private readonly ApiHandler handler;
    private readonly AggregationOptions options;
    private readonly TimeProvider clock;
    private readonly ILoggerFactory loggers;
    private readonly BackendClients clients;

    public AggregationLayer(ApiHandler handler, AggregationOptions options, TimeProvider clock, ILoggerFactory loggers)
    {
        this.handler = handler;
        this.options = options;
        this.clock = clock;
        this.loggers = loggers;
        clients = new BackendClients(options.ProxyClientCertificate);
        Resolver = new ServiceResolver(async (resource, ns, name, ct) =>
            handler.Registry.Find("", "v1", resource) is { } def ? await handler.StoreFor(def).TryGetAsync(ns, name, ct) : null);
        Proxy = new AggregationProxy(Table, Resolver, clients, new UpgradeProxy(options.ProxyClientCertificate));
    }

    public ApiServiceTable Table { get; } = new();

    public ServiceResolver Resolver { get; }

    public AggregationProxy Proxy { get; }

    /// <summary>Hooks the proxy and discovery into the handler and starts the loops; the tasks end when <paramref name="ct"/> is cancelled.</summary>
    public IReadOnlyList<Task> Start(CancellationToken ct)
    {
        handler.Proxy = Proxy.TryProxyAsync;
        handler.Discovery.External = Table.Discovery;
        var apiServices = handler.StoreFor(handler.Registry.Find("apiregistration.k8s.io", "v1", "apiservices")
            ?? throw new InvalidOperationException("apiregistration.k8s.io/v1 apiservices is not registered"));
        var core = new[] { "services", "endpoints" }
            .Select(r => handler.Registry.Find("", "v1", r))
            .OfType<Registry.ResourceDefinition>()
            .Select(handler.StoreFor)
            .ToList();
        var crds = handler.Registry.Find("apiextensions.k8s.io", "v1", "customresourcedefinitions") is { } crd
            ? [handler.StoreFor(crd)]
            : new List<Registry.GenericStore>();
        var tasks = new List<Task>
        {
            new AutoRegistration(handler.Registry, apiServices, crds, loggers.CreateLogger("dotkube.autoregister")).RunAsync(ct),
            new AvailabilityController(apiServices, core, Table, new AvailabilityCheck(Resolver, clients, Table), clock,
                loggers.CreateLogger("dotkube.apiservice-availability")).RunAsync(ct),
            new OpenApiDownloader(Table, Resolver, clients, options.OpenApiSpecs, clock, loggers.CreateLogger("dotkube.aggregated-openapi")).RunAsync(ct),
        };
        if (handler.Registry.Find("", "v1", "configmaps") is { } configMaps)
        {
            tasks.Add(new AuthenticationConfigMap(handler.StoreFor(configMaps), options, loggers.CreateLogger("dotkube.extension-apiserver-authentication")).RunAsync(ct));
        }
        return tasks;
    }

    public void Dispose() => clients.Dispose();
}
