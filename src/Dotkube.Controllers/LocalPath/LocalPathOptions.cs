namespace Dotkube.Controllers.LocalPath;

/// <summary>How the built-in local-path provisioner is set up.</summary>
public sealed record LocalPathOptions
{
    /// <summary>
    /// Rancher's provisioner name, as k3s uses for its built-in local storage: the course's (and many
    /// charts') local-path-storage.yaml then applies over the built-in class instead of failing on
    /// the immutable provisioner field, and its claims are served by this controller.
    /// </summary>
    public const string Provisioner = "rancher.io/local-path";
    /// <summary>The name the issue first gave this provisioner; classes naming it are served too.</summary>
    public const string DotkubeProvisioner = "dotkube.io/local-path";

    public const string ClassName = "local-path";

    /// <summary>Whether claims of a class with this provisioner are this controller's to provision.</summary>
    public static bool Serves(string? provisioner) => provisioner is Provisioner or DotkubeProvisioner;
    public const string DefaultBaseDirectory = "/var/lib/dotkube/local-path";

    /// <summary>Where volumes' directories live on the nodes (one subdirectory per volume).</summary>
    public string BaseDirectory { get; init; } = DefaultBaseDirectory;

    /// <summary>Whether the installed local-path class is marked the cluster's default (off with --no-default-storage-class).</summary>
    public bool DefaultClass { get; init; } = true;
}
