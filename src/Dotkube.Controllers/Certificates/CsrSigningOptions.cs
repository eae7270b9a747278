namespace Dotkube.Controllers.Certificates;

/// <summary>The csrsigning controller's settings.</summary>
public sealed record CsrSigningOptions
{
    /// <summary>The CA every signer uses (the cluster CA, or --cluster-signing-cert-file/--cluster-signing-key-file).</summary>
    public SigningAuthority? Authority { get; init; }

    /// <summary>Per-signer CAs (--cluster-signing-kubelet-serving-cert-file etc.), by signer name; they replace <see cref="Authority"/> for that signer.</summary>
    public IReadOnlyDictionary<string, SigningAuthority> SignerAuthorities { get; init; } = new Dictionary<string, SigningAuthority>();

    /// <summary>--cluster-signing-duration: the longest certificate issued (upstream's default 8760h).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromHours(8760);

    /// <summary>The CA that signs for <paramref name="signerName"/>, if any.</summary>
    public SigningAuthority? For(string signerName) =>
        SignerAuthorities.TryGetValue(signerName, out var own) ? own : Authority;
}
