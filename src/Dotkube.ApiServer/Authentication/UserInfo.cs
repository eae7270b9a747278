namespace Dotkube.ApiServer.Authentication;

/// <summary>Who made a request, as authentication established it.</summary>
public sealed record UserInfo(string Name, IReadOnlyList<string> Groups, string Uid = "")
{
    /// <summary>The identity for work the API server does on its own behalf (boot state, namespace cleanup).</summary>
    public static UserInfo ApiServer { get; } = new("system:apiserver", ["system:masters", "system:authenticated"]);

    public static UserInfo Anonymous { get; } = new("system:anonymous", ["system:unauthenticated"]);
}
