using System.Text.Json;
using k8s;

namespace Dotkube.Client.Serialization;

/// <summary>
/// The System.Text.Json options KubernetesClient uses for its models (its converters for
/// quantities, int-or-string, RFC 3339 times), shared so typed objects round-trip as that library
/// writes them.
/// </summary>
public static class KubeJson
{
    public static JsonSerializerOptions Options { get; } = Capture();

    private static JsonSerializerOptions Capture()
    {
        JsonSerializerOptions? captured = null;
        // The callback is handed the library's own options instance; it is only read here.
        KubernetesJson.AddJsonOptions(o => captured = o);
        return captured ?? throw new InvalidOperationException("KubernetesClient did not expose its JSON options.");
    }
}
