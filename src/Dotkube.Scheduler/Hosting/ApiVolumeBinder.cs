using System.Text.Json;
using Dotkube.Client;
using Dotkube.Client.Serialization;
using Dotkube.Scheduler.Plugins.VolumeBinding;
using k8s.Models;

namespace Dotkube.Scheduler.Hosting;

/// <summary>
/// VolumeBinding's PreBind through the API, as kube-scheduler's volume binder does it: each chosen
/// static volume gets the claim in its claimRef (bound by controller), each claim to provision gets
/// the volume.kubernetes.io/selected-node annotation; then it waits until the PV controller (and the
/// provisioner) have bound every claim, failing early when a claim or volume went elsewhere.
/// </summary>
public sealed class ApiVolumeBinder(KubeApiClient client, TimeProvider? timeProvider = null) : IVolumeBinder
{
    private const string BindCompleted = "pv.kubernetes.io/bind-completed";
    private const string BoundByController = "pv.kubernetes.io/bound-by-controller";

    private readonly TimeProvider clock = timeProvider ?? TimeProvider.System;

    /// <summary>How long PreBind waits for the claims to be bound (upstream's bindTimeoutSeconds, 600).</summary>
    public TimeSpan BindTimeout { get; init; } = TimeSpan.FromSeconds(600);

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    private ResourceClient<V1PersistentVolume> Volumes => client.Resource<V1PersistentVolume>(ResourceType.PersistentVolumes);

    private ResourceClient<V1PersistentVolumeClaim> Claims => client.Resource<V1PersistentVolumeClaim>(ResourceType.PersistentVolumeClaims);

    public async Task BindVolumesAsync(
        V1Pod pod,
        string nodeName,
        IReadOnlyList<(V1PersistentVolumeClaim Claim, V1PersistentVolume Volume)> staticBindings,
        IReadOnlyList<V1PersistentVolumeClaim> claimsToProvision,
        CancellationToken cancellationToken)
    {
        foreach (var (claim, volume) in staticBindings)
        {
            await BindVolumeAsync(volume, claim, cancellationToken).ConfigureAwait(false);
        }

        foreach (var claim in claimsToProvision)
        {
            await SelectNodeAsync(claim, nodeName, cancellationToken).ConfigureAwait(false);
        }

        using var timeout = new CancellationTokenSource(BindTimeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            foreach (var (claim, _) in staticBindings)
            {
                await WaitUntilBoundAsync(claim, null, linked.Token).ConfigureAwait(false);
            }

            foreach (var claim in claimsToProvision)
            {
                await WaitUntilBoundAsync(claim, nodeName, linked.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException("binding volumes: context deadline exceeded");
        }
    }

    private async Task BindVolumeAsync(V1PersistentVolume volume, V1PersistentVolumeClaim claim, CancellationToken ct)
    {
        var copy = Clone(volume);
        var prebound = copy.Spec.ClaimRef is not null;
        copy.Spec.ClaimRef = new V1ObjectReference
        {
            Kind = "PersistentVolumeClaim",
            ApiVersion = "v1",
            NamespaceProperty = claim.Metadata.NamespaceProperty,
            Name = claim.Metadata.Name,
            Uid = claim.Metadata.Uid,
            ResourceVersion = claim.Metadata.ResourceVersion,
        };
        if (!prebound)
        {
            copy.Metadata.Annotations ??= new Dictionary<string, string>();
            copy.Metadata.Annotations[BoundByController] = "yes";
        }

        await Volumes.UpdateAsync(copy, cancellationToken: ct).ConfigureAwait(false);
    }

    private async Task SelectNodeAsync(V1PersistentVolumeClaim claim, string nodeName, CancellationToken ct)
    {
        if (claim.Metadata.Annotations?.TryGetValue(VolumeBindingPlugin.SelectedNodeAnnotation, out var selected) == true && selected == nodeName)
        {
            return;
        }

        var copy = Clone(claim);
        copy.Metadata.Annotations ??= new Dictionary<string, string>();
        copy.Metadata.Annotations[VolumeBindingPlugin.SelectedNodeAnnotation] = nodeName;
        await Claims.UpdateAsync(copy, cancellationToken: ct).ConfigureAwait(false);
    }

    private async Task WaitUntilBoundAsync(V1PersistentVolumeClaim assumed, string? provisionedOn, CancellationToken ct)
    {
        var ns = assumed.Metadata.NamespaceProperty;
        var name = assumed.Metadata.Name;
        while (true)
        {
            var claim = await Claims.TryGetAsync(ns, name, ct).ConfigureAwait(false);
            if (claim is null || claim.Metadata.Uid != assumed.Metadata.Uid)
            {
                throw new InvalidOperationException($"binding volumes: pvc {ns}/{name} was deleted");
            }

            var volumeName = claim.Spec?.VolumeName;
            if (!string.IsNullOrEmpty(volumeName))
            {
                if (claim.Metadata.Annotations?.ContainsKey(BindCompleted) == true)
                {
                    var volume = await Volumes.TryGetAsync(null, volumeName, ct).ConfigureAwait(false);
                    if (volume?.Spec?.ClaimRef?.Uid == claim.Metadata.Uid)
                    {
                        return;
                    }
                }
            }
            else if (provisionedOn is not null && !IsProvisioning(claim, provisionedOn))
            {
                // The provisioner gave up on the node (it removed the annotation): schedule again.
                throw new InvalidOperationException($"binding volumes: selectedNode annotation reset for PVC \"{name}\"");
            }

            await Task.Delay(PollInterval, clock, ct).ConfigureAwait(false);
        }
    }

    private static bool IsProvisioning(V1PersistentVolumeClaim claim, string nodeName) =>
        claim.Metadata.Annotations?.TryGetValue(VolumeBindingPlugin.SelectedNodeAnnotation, out var n) == true && n == nodeName;

    private static T Clone<T>(T value) =>
        JsonSerializer.Deserialize<T>(JsonSerializer.SerializeToUtf8Bytes(value, KubeJson.Options), KubeJson.Options)!;
}
