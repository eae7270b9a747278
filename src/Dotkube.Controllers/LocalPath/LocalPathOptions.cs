namespace Dotkube.Controllers.LocalPath;

/// <summary>How the built-in local-path provisioner is set up.</summary>
public sealed record LocalPathOptions
{
    public const string Provisioner = "dotkube.io/local-path";
    public const string ClassName = "local-path";
    public const string DefaultBaseDirectory = "/var/lib/dotkube/local-path";

    /// <summary>Where volumes' directories live on the nodes (one subdirectory per volume).</summary>
    public string BaseDirectory { get; init; } = DefaultBaseDirectory;

    /// <summary>Whether the installed local-path class is marked the cluster's default (off with --no-default-storage-class).</summary>
    public bool DefaultClass { get; init; } = true;
}
