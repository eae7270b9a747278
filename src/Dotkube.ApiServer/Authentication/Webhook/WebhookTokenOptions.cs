namespace Dotkube.ApiServer.Authentication.Webhook;

/// <summary>The --authentication-token-webhook-* settings.</summary>
public sealed record WebhookTokenOptions
{
    /// <summary>The remote service's URL: the kubeconfig's cluster server, posted to as it is.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>--authentication-token-webhook-version: the TokenReview version sent (v1 or v1beta1).</summary>
    public string Version { get; init; } = "v1";

    /// <summary>The API server's audiences: what a review answered without status.audiences is good for.</summary>
    public IReadOnlyList<string> ImplicitAudiences { get; init; } = [];

    /// <summary>Upstream's hard timeout on one review, retries included.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Upstream's DefaultRetryBackoff: 500ms, ×1.5 each time, 20 % jitter, five attempts in all.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    public int Attempts { get; init; } = 5;

    /// <summary>The versions upstream's flag accepts.</summary>
    public static readonly IReadOnlyList<string> Versions = ["v1", "v1beta1"];
}
