using System.Collections.Concurrent;

namespace Dotkube.ApiServer.Admission;

/// <summary>
/// Per-request state admission plugins share with the HTTP edge: warnings for the response's
/// <c>Warning: 299</c> headers, audit annotations, and the request's admission UID (one per
/// request, the same in every AdmissionReview it causes). The API handler sets it for each
/// resource request; outside a request (the server's own writes) it is null and plugins drop
/// warnings.
/// </summary>
public sealed class AdmissionRequestContext(Action<string> addWarning)
{
    private static readonly AsyncLocal<AdmissionRequestContext?> current = new();

    public static AdmissionRequestContext? Current
    {
        get => current.Value;
        set => current.Value = value;
    }

    public string Uid { get; } = Guid.NewGuid().ToString();

    /// <summary>Audit annotations keyed as upstream records them (<c>webhook-name/key</c>); no audit log consumes them yet.</summary>
    public ConcurrentDictionary<string, string> AuditAnnotations { get; } = new(StringComparer.Ordinal);

    public void AddWarning(string text) => addWarning(text);

    /// <summary>Adds a warning to the current request, if there is one.</summary>
    public static void Warn(string text) => Current?.AddWarning(text);
}
