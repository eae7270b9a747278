namespace Dotkube.ApiServer.Admission.Webhooks;

/// <summary>
/// Calling a webhook failed (unreachable, timed out, bad answer): the failure policy decides
/// whether the request goes on. The message is what follows <c>failed calling webhook "X": </c>.
/// </summary>
public sealed class WebhookCallException(string message, Exception? inner = null) : Exception(message, inner);
