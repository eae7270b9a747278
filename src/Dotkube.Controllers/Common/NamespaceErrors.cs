using Dotkube.Client;

namespace Dotkube.Controllers.Common;

/// <summary>Recognises the API's refusal to create objects in a terminating namespace.</summary>
public static class NamespaceErrors
{
    /// <summary>A 403 carrying the NamespaceTerminating cause (upstream's HasStatusCause(err, NamespaceTerminatingCause)).</summary>
    public static bool IsTerminating(KubeApiException e) =>
        e.IsForbidden && (e.Status.Details?.Causes?.Any(c => c.Reason == "NamespaceTerminating") ?? false);
}
