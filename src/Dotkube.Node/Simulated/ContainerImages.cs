using System.Security.Cryptography;
using System.Text;

namespace Dotkube.Node.Simulated;

/// <summary>
/// Image names and IDs as containerd reports them: <c>nginx</c> is
/// <c>docker.io/library/nginx:latest</c>. Simulated nodes pull nothing, so digests and container
/// IDs are derived from names (stable, and shaped like the real ones so tools parse them).
/// </summary>
public static class ContainerImages
{
    /// <summary>The fully qualified reference: registry, repository, and tag (latest by default).</summary>
    public static string Normalize(string image)
    {
        var reference = image;
        var slash = reference.IndexOf('/');
        var first = slash < 0 ? "" : reference[..slash];
        var hasRegistry = slash >= 0 && (first.Contains('.') || first.Contains(':') || first == "localhost");
        if (!hasRegistry)
        {
            reference = "docker.io/" + (slash < 0 ? "library/" : "") + reference;
        }
        var lastSlash = reference.LastIndexOf('/');
        var name = reference[(lastSlash + 1)..];
        if (!name.Contains(':') && !name.Contains('@'))
        {
            reference += ":latest";
        }
        return reference;
    }

    /// <summary>The image ID (repository@sha256:digest) reported once the image is "pulled".</summary>
    public static string ImageId(string image)
    {
        var normalized = Normalize(image);
        var at = normalized.IndexOf('@');
        if (at >= 0)
        {
            return normalized;
        }
        var colon = normalized.LastIndexOf(':');
        var repository = colon > normalized.LastIndexOf('/') ? normalized[..colon] : normalized;
        return repository + "@sha256:" + Digest(normalized);
    }

    /// <summary>A containerd container ID, stable for one pod, container and restart.</summary>
    public static string ContainerId(string podUid, string container, int restart) =>
        "containerd://" + Digest($"{podUid}/{container}/{restart}");

    private static string Digest(string text) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
}
