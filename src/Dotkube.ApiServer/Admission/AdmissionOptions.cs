namespace Dotkube.ApiServer.Admission;

/// <summary>kube-apiserver's admission flags.</summary>
public sealed record AdmissionOptions
{
    /// <summary>--enable-admission-plugins: turned on in addition to the default set.</summary>
    public IReadOnlyList<string> Enable { get; init; } = [];

    /// <summary>--disable-admission-plugins: turned off although on by default.</summary>
    public IReadOnlyList<string> Disable { get; init; } = [];

    /// <summary>--default-not-ready-toleration-seconds (DefaultTolerationSeconds).</summary>
    public long DefaultNotReadyTolerationSeconds { get; init; } = 300;

    /// <summary>--default-unreachable-toleration-seconds (DefaultTolerationSeconds).</summary>
    public long DefaultUnreachableTolerationSeconds { get; init; } = 300;
}
