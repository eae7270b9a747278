namespace Dotkube.ApiServer.Admission.Webhooks;

/// <summary>
/// Upstream's ValidatingAdmissionWebhook plugin: every matching validating webhook is called at
/// once on the final object; the first refusal (in configuration order) refuses the request.
/// </summary>
public sealed class ValidatingAdmissionWebhook(WebhookConfigurationCache cache, WebhookDispatcher dispatcher) : IValidatingAdmissionPlugin
{
    public const string PluginName = "ValidatingAdmissionWebhook";

    public string Name => PluginName;

    public async ValueTask ValidateAsync(AdmissionAttributes a, CancellationToken cancellationToken)
    {
        var hooks = cache.Validating;
        if (hooks.Count == 0 || WebhookMatcher.IsExempt(a))
        {
            return;
        }
        var matched = new List<Webhook>();
        foreach (var hook in hooks)
        {
            if (await dispatcher.ShouldCallAsync(hook, a, cancellationToken))
            {
                matched.Add(hook);
            }
        }
        var calls = matched.Select(h => Outcome(dispatcher.CallAsync(h, a, cancellationToken))).ToList();
        var outcomes = await Task.WhenAll(calls);
        if (outcomes.FirstOrDefault(e => e is not null) is { } refusal)
        {
            throw refusal;
        }
    }

    private static async Task<Exception?> Outcome(Task call)
    {
        try
        {
            await call;
            return null;
        }
        catch (Machinery.Errors.StatusException e)
        {
            return e;
        }
    }
}
