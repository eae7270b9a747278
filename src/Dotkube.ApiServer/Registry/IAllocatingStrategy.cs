using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.Registry;

/// <summary>
/// Optional strategy part for resources that take from a shared pool while being prepared
/// (Services: cluster IPs and node ports). The generic store returns what a failed or dry-run
/// create took, and what a deleted object held; the server re-marks what stored objects hold at
/// start-up.
/// </summary>
public interface IAllocatingStrategy
{
    void ReleaseAllocations(JsonObject obj);

    void MarkAllocations(JsonObject obj);
}
