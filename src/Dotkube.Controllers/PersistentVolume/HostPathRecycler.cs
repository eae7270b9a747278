using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Machinery.Quantities;
using k8s.Models;

namespace Dotkube.Controllers.PersistentVolume;

/// <summary>
/// The hostPath volume plugin's recycler (the only in-tree recycler dotkube has; upstream also
/// recycles NFS): a pod <c>default/recycler-for-VOLUME</c> mounts the directory at /scrub and
/// empties it; the controller waits for it, deletes it, and makes the volume Available
/// ("Volume recycled") or Failed ("Recycle failed: …"). Level-based: each step looks at the pod
/// the last one left, so a restart in the middle picks up where it was. The pod's events are copied
/// to the volume meanwhile (<see cref="RecyclerEventRelay"/>).
/// </summary>
internal sealed class HostPathRecycler(KubeApiClient client, IObjectCache<V1Pod> pods, BindingWriter writer, RecyclerEventRelay relay)
{
    public const string Namespace = "default";
    public const string NamePrefix = "recycler-for-";
    public const string ContainerName = "pv-recycler";
    public const string Image = "registry.k8s.io/build-image/debian-base:bookworm-v1.0.4";

    // kube-controller-manager's --pv-recycler-minimum-timeout-hostpath and
    // --pv-recycler-increment-timeout-hostpath (seconds; the increment is per Gi of capacity).
    public const int MinimumTimeoutSeconds = 60;
    public const int TimeoutIncrementSeconds = 30;

    private ResourceClient<V1Pod> Pods => client.Resource<V1Pod>(ResourceType.Pods);

    public static string PodName(string volume) => NamePrefix + volume;

    /// <summary>One step of recycling <paramref name="volume"/> (Released, policy Recycle, hostPath).</summary>
    public async Task StepAsync(V1PersistentVolume volume, CancellationToken ct)
    {
        var name = PodName(volume.Metadata.Name);
        var pod = pods.Get(Namespace, name) ?? await Pods.TryGetAsync(Namespace, name, ct);
        if (pod is null)
        {
            try
            {
                var created = await Pods.CreateAsync(RecyclerPod(volume), cancellationToken: ct);
                relay.Start(volume, created);
            }
            catch (KubeApiException e) when (e.IsAlreadyExists)
            {
                // Made a moment ago: the pod's news brings the volume back.
            }
            return;
        }

        switch (pod.Status?.Phase)
        {
            case "Succeeded":
                relay.Stop(volume.Metadata.Name);
                await DeletePodAsync(name, ct);
                writer.Events.Event(volume, "Normal", "VolumeRecycled", "Volume recycled", ResourceType.PersistentVolumes);
                await writer.UnbindVolumeAsync(volume, ct);
                break;
            case "Failed":
                relay.Stop(volume.Metadata.Name);
                await DeletePodAsync(name, ct);
                var message = "Recycle failed: " + (string.IsNullOrEmpty(pod.Status.Message) ? "pod failed, pod.Status.Message unknown" : pod.Status.Message);
                writer.Events.Event(volume, "Warning", "VolumeFailedRecycle", message, ResourceType.PersistentVolumes);
                await writer.SetVolumePhaseAsync(volume, "Failed", message, ct);
                break;
            default:
                // Running (perhaps since before a restart): its events go to the volume.
                relay.Start(volume, pod);
                break;
        }
    }

    private async Task DeletePodAsync(string name, CancellationToken ct)
    {
        try
        {
            await Pods.DeleteAsync(Namespace, name, cancellationToken: ct);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            // Already gone.
        }
    }

    /// <summary>Upstream's recycler pod template, with the volume's directory and timeout.</summary>
    public static V1Pod RecyclerPod(V1PersistentVolume volume) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = PodName(volume.Metadata.Name), NamespaceProperty = Namespace },
        Spec = new V1PodSpec
        {
            ActiveDeadlineSeconds = TimeoutSeconds(volume),
            RestartPolicy = "Never",
            Volumes = [new V1Volume { Name = "vol", HostPath = new V1HostPathVolumeSource { Path = volume.Spec.HostPath.Path } }],
            Containers =
            [
                new V1Container
                {
                    Name = ContainerName,
                    Image = Image,
                    Command = ["/bin/sh"],
                    Args = ["-c", "test -e /scrub && find /scrub -mindepth 1 -delete && test -z \"$(ls -A /scrub)\" || exit 1"],
                    VolumeMounts = [new V1VolumeMount { Name = "vol", MountPath = "/scrub" }],
                },
            ],
        },
    };

    /// <summary>
    /// Upstream's CalculateTimeoutForVolume: the increment per whole Gi of capacity, at least the
    /// minimum.
    /// </summary>
    public static long TimeoutSeconds(V1PersistentVolume volume)
    {
        var bytes = volume.Spec?.Capacity?.TryGetValue("storage", out var q) == true && Quantity.TryParse(q.ToString(), out var parsed)
            ? parsed.Value
            : 0;
        var timeout = bytes / (1024L * 1024 * 1024) * TimeoutIncrementSeconds;
        return Math.Max(timeout, MinimumTimeoutSeconds);
    }
}
