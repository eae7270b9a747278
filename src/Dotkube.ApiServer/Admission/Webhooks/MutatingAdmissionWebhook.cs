using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;

namespace Dotkube.ApiServer.Admission.Webhooks;

/// <summary>
/// Upstream's MutatingAdmissionWebhook plugin: the mutating webhooks of every
/// MutatingWebhookConfiguration, called one after another in order, each seeing the previous
/// ones' patches. A webhook with reinvocationPolicy IfNeeded is called once more when a webhook
/// after it changed the object (upstream also reinvokes after later built-in plugins' changes;
/// this plugin runs last among mutating ones, so only webhooks can follow).
/// </summary>
public sealed class MutatingAdmissionWebhook(WebhookConfigurationCache cache, WebhookDispatcher dispatcher) : IMutatingAdmissionPlugin
{
    public const string PluginName = "MutatingAdmissionWebhook";

    public string Name => PluginName;

    public async ValueTask AdmitAsync(AdmissionAttributes a, CancellationToken cancellationToken)
    {
        var hooks = cache.Mutating;
        if (hooks.Count == 0 || WebhookMatcher.IsExempt(a))
        {
            return;
        }
        var called = new List<Webhook>();
        var reinvoke = new List<Webhook>();
        foreach (var hook in hooks)
        {
            if (!await dispatcher.ShouldCallAsync(hook, a, cancellationToken))
            {
                continue;
            }
            if (await CallAndApplyAsync(hook, a, cancellationToken))
            {
                reinvoke.AddRange(called.Where(h => h.ReinvocationPolicy == "IfNeeded" && !reinvoke.Contains(h)));
            }
            called.Add(hook);
        }
        foreach (var hook in reinvoke)
        {
            if (await dispatcher.ShouldCallAsync(hook, a, cancellationToken))
            {
                await CallAndApplyAsync(hook, a, cancellationToken);
            }
        }
    }

    /// <summary>Calls the webhook and puts its patched object in place of the request's; true when it changed.</summary>
    private async Task<bool> CallAndApplyAsync(Webhook hook, AdmissionAttributes a, CancellationToken ct)
    {
        if (await dispatcher.CallAsync(hook, a, ct) is not { } patched || a.Object is not { } target || ObjectJson.DeepEquals(patched, target))
        {
            return false;
        }
        // The store holds this very JsonObject: replace its content in place.
        target.Clear();
        foreach (var (key, value) in patched.ToList())
        {
            patched.Remove(key);
            target[key] = value;
        }
        return true;
    }
}
