using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.AdmissionRegistration;
using Microsoft.Extensions.Logging;

namespace Dotkube.ApiServer.Admission.Webhooks;

/// <summary>
/// Validating and mutating webhooks of the stored configurations, fed by watches, in upstream's
/// calling order: configurations sorted by name, webhooks in their order within each.
/// </summary>
public sealed class WebhookConfigurationCache
{
    private readonly WatchedObjects validating;
    private readonly WatchedObjects mutating;
    private Snapshot validatingHooks = new(-1, []);
    private Snapshot mutatingHooks = new(-1, []);

    public WebhookConfigurationCache(Func<ResourceDefinition, GenericStore> storeFor, ILogger logger)
    {
        validating = new WatchedObjects(WebhookConfigurationResources.Validating, storeFor, logger);
        mutating = new WatchedObjects(WebhookConfigurationResources.Mutating, storeFor, logger);
    }

    /// <summary>For tests: the watched objects the cache reads.</summary>
    internal WatchedObjects ValidatingConfigurations => validating;

    internal WatchedObjects MutatingConfigurations => mutating;

    public Task Synced => Task.WhenAll(validating.Synced, mutating.Synced);

    public IReadOnlyList<Webhook> Validating => Current(validating, ref validatingHooks, mutatingKind: false);

    public IReadOnlyList<Webhook> Mutating => Current(mutating, ref mutatingHooks, mutatingKind: true);

    public Task RunAsync(CancellationToken ct) => Task.WhenAll(validating.RunAsync(ct), mutating.RunAsync(ct));

    private static IReadOnlyList<Webhook> Current(WatchedObjects source, ref Snapshot snapshot, bool mutatingKind)
    {
        var generation = source.Generation;
        var current = Volatile.Read(ref snapshot);
        if (current.Generation == generation)
        {
            return current.Hooks;
        }
        IReadOnlyList<Webhook> hooks = [.. source.Items
            .OrderBy(ObjectJson.Name, StringComparer.Ordinal)
            .SelectMany(c => Webhook.FromConfiguration(c, mutatingKind))];
        Volatile.Write(ref snapshot, new Snapshot(generation, hooks));
        return hooks;
    }

    private sealed record Snapshot(long Generation, IReadOnlyList<Webhook> Hooks);
}
