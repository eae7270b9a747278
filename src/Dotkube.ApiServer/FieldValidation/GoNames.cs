using System.Text.RegularExpressions;

namespace Dotkube.ApiServer.FieldValidation;

/// <summary>
/// Upstream's Go package and struct name for a KubernetesClient model class, as decode errors
/// print them: V1DeploymentSpec → (v1, DeploymentSpec); V1beta1FlowSchema → (v1beta1, FlowSchema);
/// Admissionregistrationv1ServiceReference → (v1, ServiceReference).
/// </summary>
internal static partial class GoNames
{
    public static (string Package, string Name) Of(Type modelType)
    {
        var m = VersionPrefix().Match(modelType.Name);
        if (!m.Success || m.Groups["name"].Length == 0)
        {
            return ("v1", modelType.Name);
        }
        return (m.Groups["version"].Value.ToLowerInvariant(), m.Groups["name"].Value);
    }

    // An optional group prefix (Admissionregistration, Storage...) then the version, then the struct name.
    [GeneratedRegex(@"^(?:[A-Z][a-z]+)?(?<version>[Vv][0-9]+(?:(?:alpha|beta)[0-9]+)?)(?<name>[A-Z].*)$")]
    private static partial Regex VersionPrefix();
}
