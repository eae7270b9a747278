namespace Dotkube.ApiServer.Registry;

/// <summary>
/// The apiVersion the current request is served in ("admissionregistration.k8s.io/v1beta1"), for the
/// few validations upstream makes depend on it (a v1 request must give what v1beta1 defaulted).
/// Strategies see objects in the storage version only; this is how they learn the request's.
/// </summary>
public static class RequestVersion
{
    private static readonly AsyncLocal<string?> current = new();

    /// <summary>The request's full apiVersion, or null outside a request (boot state, controllers in process).</summary>
    public static string? Current
    {
        get => current.Value;
        set => current.Value = value;
    }
}
