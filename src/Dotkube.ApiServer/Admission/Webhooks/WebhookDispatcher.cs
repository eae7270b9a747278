using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Errors;
using Dotkube.Machinery.Patching;
using Microsoft.Extensions.Logging;

namespace Dotkube.ApiServer.Admission.Webhooks;

/// <summary>
/// What both webhook plugins share: deciding whether a webhook is called for a request, calling
/// it, and turning its answer into upstream's outcomes — warnings and audit annotations recorded,
/// a denial as <c>admission webhook "X" denied the request: MSG</c>, a failed call as
/// <c>Internal error occurred: failed calling webhook "X": …</c> unless its failurePolicy is
/// Ignore, and (for mutating webhooks) the JSONPatch applied to the object.
/// </summary>
public sealed class WebhookDispatcher(
    WebhookClient client,
    Func<string, CancellationToken, Task<JsonObject?>> getNamespace,
    ILogger logger,
    IReadOnlyList<Authorization.IAuthorizer>? authorizers = null)
{
    /// <summary>Rules, namespace and object selectors, then match conditions (whose errors follow the failure policy).</summary>
    public async ValueTask<bool> ShouldCallAsync(Webhook hook, AdmissionAttributes a, CancellationToken ct)
    {
        var requestVersion = RequestVersion.Current;
        if (!WebhookMatcher.MatchesRules(hook.Rules, hook.MatchPolicy, a, requestVersion)
            || !await WebhookMatcher.MatchesNamespaceAsync(hook.NamespaceSelector, a, getNamespace, ct)
            || !WebhookMatcher.MatchesObject(hook.ObjectSelector, a))
        {
            return false;
        }
        var (matches, error) = WebhookMatcher.EvaluateConditions(hook.MatchConditions, () => AdmissionCel.Variables(a, requestVersion, authorizers));
        if (error is null)
        {
            return matches;
        }
        if (hook.IgnoresFailures)
        {
            logger.LogWarning("webhook {Webhook}: {Error}; skipped (failurePolicy Ignore)", hook.Name, error);
            return false;
        }
        throw Internal($"failed calling webhook \"{hook.Name}\": {error}");
    }

    /// <summary>
    /// Calls one matched webhook. Returns the patched object for a mutating webhook that sent a
    /// patch, else null. Throws the request's refusal.
    /// </summary>
    public async Task<JsonObject?> CallAsync(Webhook hook, AdmissionAttributes a, CancellationToken ct)
    {
        if (a.DryRun && hook.UnsafeOnDryRun)
        {
            throw StatusException.BadRequest($"admission webhook \"{hook.Name}\" does not support dry run");
        }
        var context = AdmissionRequestContext.Current;
        var uid = context?.Uid ?? Guid.NewGuid().ToString();
        AdmissionResponse response;
        try
        {
            var version = hook.ReviewVersion
                ?? throw new WebhookCallException($"webhook does not accept known AdmissionReview versions: [{string.Join(" ", hook.AdmissionReviewVersions)}]");
            var body = await client.PostAsync(hook, AdmissionReview.Request(version, uid, a, RequestVersion.Current), ct);
            response = AdmissionReview.ParseResponse(body, version, uid);
        }
        catch (WebhookCallException e)
        {
            if (hook.IgnoresFailures)
            {
                logger.LogWarning("failed calling webhook {Webhook}: {Error}; ignored (failurePolicy Ignore)", hook.Name, e.Message);
                return null;
            }
            var reason = e.Message.StartsWith("failed to call webhook", StringComparison.Ordinal) || e.Message.StartsWith("received invalid webhook response", StringComparison.Ordinal)
                ? e.Message
                : "received invalid webhook response: " + e.Message;
            throw Internal($"failed calling webhook \"{hook.Name}\": {reason}");
        }
        foreach (var warning in response.Warnings)
        {
            context?.AddWarning(warning);
        }
        foreach (var (key, value) in response.AuditAnnotations)
        {
            context?.AuditAnnotations[hook.Name + "/" + key] = value;
        }
        if (!response.Allowed)
        {
            throw Denied(hook.Name, response.Status);
        }
        if (!hook.Mutating || response.Patch is null || a.Object is null)
        {
            return null;
        }
        try
        {
            return JsonPatch.Apply(a.Object, response.Patch) as JsonObject
                ?? throw Internal($"admission webhook \"{hook.Name}\" patched the object into a non-object");
        }
        catch (StatusException e) when (e.InnerException is JsonPatchException inner)
        {
            throw Internal(inner.Message);
        }
    }

    /// <summary>upstream's ToStatusErr: the webhook's Status with the message prefixed, a code of at least 400.</summary>
    public static StatusException Denied(string webhook, JsonObject? status)
    {
        var deniedBy = $"admission webhook \"{webhook}\" denied the request";
        var message = status.StrOrEmpty("message");
        var reason = status.StrOrEmpty("reason");
        var text = message.Length > 0 ? $"{deniedBy}: {message}"
            : reason.Length > 0 ? $"{deniedBy}: {reason}"
            : $"{deniedBy} without explanation";
        var code = (int)(status.Int("code") ?? 0);
        return new StatusException(code < 400 ? 400 : code, reason, text);
    }

    /// <summary>upstream's NewInternalError.</summary>
    public static StatusException Internal(string message) => StatusException.Internal("Internal error occurred: " + message);
}
