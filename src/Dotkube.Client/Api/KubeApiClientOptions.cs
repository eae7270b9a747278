namespace Dotkube.Client;

public sealed record KubeApiClientOptions
{
    /// <summary>Time limit of every call except watches (whose streams stay open).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public string UserAgent { get; init; } = "dotkube-client";
}
