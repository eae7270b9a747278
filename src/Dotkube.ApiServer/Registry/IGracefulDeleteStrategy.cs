using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.Registry;

/// <summary>
/// Optional strategy part for resources deleted gracefully (pods): a delete first sets
/// deletionTimestamp = now + grace period and keeps the object, so that whoever runs it (the
/// kubelet) can stop it and then delete it for good with a grace period of 0. Upstream's
/// RESTGracefulDeleteStrategy.
/// </summary>
public interface IGracefulDeleteStrategy
{
    /// <summary>
    /// The grace period to apply when <paramref name="obj"/> is first deleted, given the one the
    /// client asked for (null = the object's default). 0 deletes at once.
    /// </summary>
    long GracePeriodSeconds(JsonObject obj, long? requested);
}
