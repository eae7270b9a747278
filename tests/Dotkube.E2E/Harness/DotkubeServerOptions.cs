namespace Dotkube.E2E.Harness;

/// <summary>How a <see cref="DotkubeServer"/> is started; every member has a sensible default.</summary>
public sealed record DotkubeServerOptions
{
    /// <summary>The line (a substring of one) the server prints once it serves requests.</summary>
    public const string DefaultReadyLine = "dotkube is ready";

    /// <summary>The dotkube binary (apphost, .dll or a stand-in script); null means <see cref="DotkubeBinary.Locate"/>.</summary>
    public string? BinaryPath { get; init; }

    /// <summary>Arguments after <c>server --data-dir … --port … --bind-address 127.0.0.1</c>.</summary>
    public IReadOnlyList<string> ExtraArgs { get; init; } = [];

    /// <summary>Environment variables for the server process.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The data directory; null means a fresh temporary one, deleted on dispose.</summary>
    public string? DataDir { get; init; }

    /// <summary>The port; null means a free one.</summary>
    public int? Port { get; init; }

    public string ReadyLine { get; init; } = DefaultReadyLine;

    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long <see cref="DotkubeServer.StopAsync"/> waits after SIGTERM before it kills.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
