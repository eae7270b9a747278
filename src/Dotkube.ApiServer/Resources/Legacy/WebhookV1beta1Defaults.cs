using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;

namespace Dotkube.ApiServer.Resources.Legacy;

/// <summary>
/// admissionregistration.k8s.io/v1beta1's defaults for webhooks, which v1 changed: failurePolicy
/// Ignore (v1: Fail), matchPolicy Exact (v1: Equivalent), sideEffects Unknown and
/// admissionReviewVersions [v1beta1] (v1 requires both), timeoutSeconds 30 (v1: 10).
/// </summary>
public static class WebhookV1beta1Defaults
{
    public static void Apply(JsonObject configuration, bool mutating)
    {
        foreach (var webhook in configuration.Arr("webhooks").Objects())
        {
            webhook.DefaultString("failurePolicy", "Ignore");
            webhook.DefaultString("matchPolicy", "Exact");
            webhook.DefaultString("sideEffects", "Unknown");
            webhook.Default("timeoutSeconds", 30);
            if (webhook.Arr("admissionReviewVersions") is not { Count: > 0 })
            {
                webhook["admissionReviewVersions"] = new JsonArray("v1beta1");
            }
            if (mutating)
            {
                webhook.DefaultString("reinvocationPolicy", "Never");
            }
        }
    }
}
