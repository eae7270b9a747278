namespace Dotkube.ApiServer.Resources.Legacy;

/// <summary>
/// One legacy served version of a resource: its full apiVersion ("extensions/v1beta1"), the current
/// apiVersion it converts through ("apps/v1"), its lifecycle, its shape, and the KubernetesClient
/// model describing it when the current model fits its fields exactly (null when the shapes
/// differ: then there is no typed field validation and no strategic merge patch for it).
/// </summary>
public sealed record LegacyVersion(string ApiVersion, string CurrentApiVersion, ApiLifecycle Lifecycle, ILegacyShape Shape, Type? Model)
{
    public string Version => ApiVersion[(ApiVersion.IndexOf('/') + 1)..];
}
