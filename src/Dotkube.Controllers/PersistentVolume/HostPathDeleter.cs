using System.Text.RegularExpressions;
using Dotkube.Client;
using k8s.Models;

namespace Dotkube.Controllers.PersistentVolume;

/// <summary>
/// The hostPath volume plugin's deleter, as kube-controller-manager runs it for a static hostPath
/// volume with reclaim policy Delete: it removes the directory on the controller's own machine,
/// and only one matching <c>/tmp/.+</c> (anywhere in the path, as upstream's unanchored pattern);
/// anything else fails with upstream's message. Then the volume object is deleted.
/// </summary>
internal sealed partial class HostPathDeleter(KubeApiClient client, BindingWriter writer)
{
    [GeneratedRegex("/tmp/.+")]
    private static partial Regex Deletable();

    /// <summary>Null when the path may be deleted; else the error upstream reports.</summary>
    public static string? Refusal(string path) =>
        Deletable().IsMatch(path) ? null : $"host_path deleter only supports /tmp/.+ but received provided {path}";

    public async Task DeleteAsync(V1PersistentVolume volume, CancellationToken ct)
    {
        var path = volume.Spec.HostPath.Path;
        var error = Refusal(path);
        if (error is null)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }
                else if (File.Exists(path))
                {
                    File.Delete(path);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error = e.Message;
            }
        }

        if (error is not null)
        {
            writer.Events.Event(volume, "Warning", "VolumeFailedDelete", error, ResourceType.PersistentVolumes);
            await writer.SetVolumePhaseAsync(volume, "Failed", error, ct);
            return;
        }

        try
        {
            await client.Resource<V1PersistentVolume>(ResourceType.PersistentVolumes).DeleteAsync(null, volume.Metadata.Name, cancellationToken: ct);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            // Someone else deleted it.
        }
    }
}
