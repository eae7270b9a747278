using Dotkube.Pki;

namespace Dotkube.Tests.Pki;

/// <summary>
/// One cluster PKI shared by the tests of a class that only read it: creating one costs an RSA
/// key, which is slow on a busy machine.
/// </summary>
public sealed class PkiFixture : IDisposable
{
    private readonly TempDirectory _dir = new();

    public PkiFixture()
    {
        Pki = ClusterPki.LoadOrCreate(_dir.Combine("pki"), Options);
    }

    public static PkiOptions Options { get; } = new()
    {
        BindAddress = "127.0.0.1",
        HostName = "dotkube-host",
        ExtraSans = ["api.example.test", "192.0.2.44"],
    };

    public ClusterPki Pki { get; }

    public string PkiDir => Pki.Directory;

    public string Combine(params string[] parts) => _dir.Combine(parts);

    public void Dispose()
    {
        Pki.Dispose();
        _dir.Dispose();
    }
}
