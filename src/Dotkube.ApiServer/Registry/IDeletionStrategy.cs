using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.Registry;

/// <summary>
/// Optional strategy part for resources whose deletion waits on something other than
/// metadata.finalizers (namespaces wait for spec.finalizers).
/// </summary>
public interface IDeletionStrategy
{
    /// <summary>
    /// Called when the object is marked for deletion (and again on each later write while it is);
    /// returns true when it must be kept for now. May update the object (e.g. status.phase: Terminating).
    /// </summary>
    bool KeepOnDelete(JsonObject obj);
}
