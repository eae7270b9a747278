using k8s.Models;

namespace Dotkube.Controllers.EndpointSlice;

/// <summary>The writes that bring a Service's EndpointSlices to the desired endpoints.</summary>
public sealed record SlicePlan(List<V1EndpointSlice> ToCreate, List<V1EndpointSlice> ToUpdate, List<V1EndpointSlice> ToDelete)
{
    public bool IsEmpty => ToCreate.Count == 0 && ToUpdate.Count == 0 && ToDelete.Count == 0;
}
