using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authentication.ServiceAccounts;
using Dotkube.ApiServer.Registry;
using Microsoft.Extensions.Logging;

namespace Dotkube.ApiServer.Admission.Webhooks;

/// <summary>
/// Dynamic admission as the host wires it: the watch-fed configuration caches and the plugins
/// MutatingAdmissionWebhook, ValidatingAdmissionPolicy and ValidatingAdmissionWebhook (in
/// upstream's relative order, to go near the end of the chain).
/// </summary>
public sealed class DynamicAdmission
{
    private readonly WebhookConfigurationCache webhooks;
    private readonly Policies.PolicyCache policies;

    /// <param name="storeFor">the store of a resource (the caches list and watch through it).</param>
    /// <param name="registry">the served resources, for policies' paramKind.</param>
    /// <param name="getCore">core/v1 objects (services, endpoints) to reach webhooks behind a Service.</param>
    /// <param name="getNamespace">a namespace by name, for namespace selectors.</param>
    /// <param name="authorizers">the server's authorizer chain, for policies' <c>authorizer</c> variable.</param>
    public DynamicAdmission(
        Func<ResourceDefinition, GenericStore> storeFor,
        Func<ResourceRegistry> registry,
        CoreObjectGetter getCore,
        Func<string, CancellationToken, Task<JsonObject?>> getNamespace,
        ILoggerFactory loggerFactory,
        IReadOnlyList<Authorization.IAuthorizer>? authorizers = null)
    {
        var logger = loggerFactory.CreateLogger("dotkube.admission-webhooks");
        webhooks = new WebhookConfigurationCache(storeFor, logger);
        policies = new Policies.PolicyCache(storeFor, logger);
        var dispatcher = new WebhookDispatcher(new WebhookClient(getCore), getNamespace, logger, authorizers);
        Plugins =
        [
            new MutatingAdmissionWebhook(webhooks, dispatcher),
            new Policies.ValidatingAdmissionPolicyPlugin(policies, new Policies.ParamResolver(storeFor, registry), getNamespace,
                loggerFactory.CreateLogger("dotkube.validating-admission-policy"), authorizers),
            new ValidatingAdmissionWebhook(webhooks, dispatcher),
        ];
    }

    public IReadOnlyList<IAdmissionPlugin> Plugins { get; }

    /// <summary>Completes once every configuration resource has been listed.</summary>
    public Task Synced => Task.WhenAll(webhooks.Synced, policies.Synced);

    public Task RunAsync(CancellationToken ct) => Task.WhenAll(webhooks.RunAsync(ct), policies.RunAsync(ct));
}
