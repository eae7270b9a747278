namespace Dotkube.E2E.Harness;

/// <summary>What one kubectl run printed and how it ended.</summary>
public sealed record KubectlResult(IReadOnlyList<string> Args, int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>This result, or an exception naming the command and its stderr when it failed.</summary>
    public KubectlResult EnsureSuccess() =>
        Succeeded ? this : throw new KubectlFailedException(this);

    public override string ToString() =>
        $"kubectl {string.Join(' ', Args)} exited {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

public sealed class KubectlFailedException(KubectlResult result) : Exception(result.ToString())
{
    public KubectlResult Result { get; } = result;
}
