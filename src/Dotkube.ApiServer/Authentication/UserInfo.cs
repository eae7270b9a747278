namespace Dotkube.ApiServer.Authentication;

/// <summary>Who made a request, as authentication (and impersonation) established it.</summary>
/// <param name="Extra">extra attributes (authentication.k8s.io/credential-id, scopes, …) keyed by name.</param>
public sealed record UserInfo(
    string Name,
    IReadOnlyList<string> Groups,
    string Uid = "",
    IReadOnlyDictionary<string, IReadOnlyList<string>>? Extra = null)
{
    /// <summary>The identity for work the API server does on its own behalf (boot state, namespace cleanup).</summary>
    public static UserInfo ApiServer { get; } = new("system:apiserver", ["system:masters", "system:authenticated"]);

    public static UserInfo Anonymous { get; } = new("system:anonymous", ["system:unauthenticated"]);
}
