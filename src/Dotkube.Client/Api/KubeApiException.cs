using k8s.Models;

namespace Dotkube.Client;

/// <summary>
/// A request the API server refused: carries its <c>kind: Status</c> (code, reason, message,
/// details). <see cref="IsNotFound"/>, <see cref="IsConflict"/>, <see cref="IsGone"/> and friends
/// tell the common cases apart the way client-go's apierrors helpers do.
/// </summary>
public sealed class KubeApiException : Exception
{
    public KubeApiException(V1Status status)
        : base(string.IsNullOrEmpty(status.Message) ? $"{status.Code} {status.Reason}" : status.Message)
    {
        Status = status;
    }

    public V1Status Status { get; }

    public int Code => Status.Code ?? 0;

    /// <summary>The machine-readable reason, e.g. NotFound, AlreadyExists, Conflict, Expired, Gone.</summary>
    public string Reason => Status.Reason ?? "";

    public bool IsNotFound => Code == 404;

    public bool IsAlreadyExists => Code == 409 && Reason == "AlreadyExists";

    /// <summary>A write lost a compare-and-swap on resourceVersion (or another 409 that is not AlreadyExists).</summary>
    public bool IsConflict => Code == 409 && Reason != "AlreadyExists";

    /// <summary>The requested resourceVersion is compacted: relist (410, Expired or Gone).</summary>
    public bool IsGone => Code == 410;

    public bool IsForbidden => Code == 403;

    public bool IsInvalid => Code == 422;

    public bool IsTooManyRequests => Code == 429;

    public static bool IsNotFoundError(Exception e) => e is KubeApiException { IsNotFound: true };

    public static bool IsConflictError(Exception e) => e is KubeApiException { IsConflict: true };

    public static bool IsAlreadyExistsError(Exception e) => e is KubeApiException { IsAlreadyExists: true };

    public static bool IsGoneError(Exception e) => e is KubeApiException { IsGone: true };
}
