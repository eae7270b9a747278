using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.OpenApi;

/// <summary>One aggregated APIService's OpenAPI, as last downloaded from its backend.</summary>
/// <param name="Name">the APIService's name (v1alpha1.wardle.example.com).</param>
/// <param name="V2">the backend's /openapi/v2 swagger document; null when it serves none.</param>
/// <param name="V3">the backend's /openapi/v3 index entries for the APIService's own group-version: path ("apis/G/V") → serverRelativeURL.</param>
public sealed record AggregatedSpec(string Name, JsonObject? V2, IReadOnlyDictionary<string, string> V3);

/// <summary>
/// The OpenAPI of the aggregated APIServices, set by the aggregation layer (which downloads it)
/// and read by the OpenAPI handler (which merges it into /openapi/v2 and lists it in
/// /openapi/v3). Replaced whole on every change; <see cref="Changed"/> fires after each.
/// </summary>
public sealed class AggregatedSpecs
{
    private volatile IReadOnlyList<AggregatedSpec> current = [];

    public IReadOnlyList<AggregatedSpec> Current => current;

    public event Action? Changed;

    public void Set(IReadOnlyList<AggregatedSpec> specs)
    {
        current = specs;
        Changed?.Invoke();
    }
}
